using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SQLitePCL;

namespace Platter.Storage;

/// <summary>
/// A prepared statement driven through SQLite's C API directly. The bulk load binds about forty
/// values per release, so the bind path is kept lean: calls go straight to the native library on
/// the raw statement pointer (<see cref="SqliteNative"/>), and the
/// load's texts arrive as UTF-8 that SQLite reads where it lies (<see cref="BindInPlace"/>).
/// </summary>
internal sealed unsafe class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly IntPtr _handle;
    private readonly string _sql;
    private bool _disposed;

    public RawStatement(sqlite3 db, string sql)
    {
        _db = db;
        _sql = sql;
        var rc = raw.sqlite3_prepare_v2(db, sql, out _stmt);
        Check(rc);
        _handle = _stmt.DangerousGetHandle();
    }

    public sqlite3 Db => _db;

    public void Bind(int index, long? value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rc = value is { } v ? SqliteNative.BindInt64(_handle, index, v) : SqliteNative.BindNull(_handle, index);
        Check(rc);
    }

    /// <summary>Binds a text; SQLite takes its own copy (the load's warnings: rare, off the hot path).</summary>
    public void Bind(int index, string? value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (value is null)
        {
            Check(SqliteNative.BindNull(_handle, index));
            return;
        }

        var utf8 = Encoding.UTF8.GetBytes(value);
        fixed (byte* p = utf8)
        {
            // A non-null pointer even for an empty text: SQLite binds a null pointer as NULL.
            byte empty = 0;
            Check(SqliteNative.BindText(_handle, index, utf8.Length == 0 ? &empty : p, utf8.Length, SqliteNative.Transient));
        }
    }

    /// <summary>
    /// Binds UTF-8 text where it lies, without a copy (<c>SQLITE_STATIC</c>): the caller keeps
    /// the bytes unchanged and in place until the statement has been stepped.
    /// </summary>
    public void BindInPlace(int index, byte* text, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Check(SqliteNative.BindText(_handle, index, text, length, IntPtr.Zero));
    }

    /// <summary>Runs the statement once; returns SQLite's result code (DONE, ROW or CONSTRAINT), throws on others.</summary>
    public int Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rc = SqliteNative.Step(_handle);
        _ = SqliteNative.Reset(_handle); // repeats step's result
        if (rc is raw.SQLITE_DONE or raw.SQLITE_ROW)
        {
            return rc;
        }

        if ((rc & 0xFF) == raw.SQLITE_CONSTRAINT)
        {
            return raw.SQLITE_CONSTRAINT;
        }

        throw StorageException.Failed(rc, raw.sqlite3_errmsg(_db).utf8_to_string(), "running: " + _sql);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stmt.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            Fail(rc);
        }
    }

    private void Fail(int rc) =>
        throw StorageException.Failed(rc, raw.sqlite3_errmsg(_db).utf8_to_string(), "binding or preparing: " + _sql);
}

/// <summary>The database could not be read or written (disk full, locked, damaged).</summary>
public sealed class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public StorageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public StorageException()
    {
    }

    /// <summary>An SQLite error code turned into a message that says what to do about a full disk.</summary>
    internal static StorageException Failed(int rc, string? message, string doing)
    {
        var full = (rc & 0xFF) == raw.SQLITE_FULL ? " The disk is full: free some space and run the import again; it resumes." : "";
        return new StorageException($"SQLite failed ({rc}: {message}) {doing}.{full}");
    }
}
