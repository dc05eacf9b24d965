using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SQLitePCL;

namespace Platter.Storage;

/// <summary>
/// A prepared statement driven through SQLite's C API directly. The bulk load binds about forty
/// values per release, so the bind path is kept lean: calls go straight to the native library on
/// the raw statement pointer (no provider interface, no handle reference counting), and text is
/// written as UTF-8 into a native buffer that SQLite reads in place (<c>SQLITE_STATIC</c>) instead
/// of copying it. The buffer is reused after every <see cref="Step"/>.
/// </summary>
internal sealed unsafe partial class RawStatement : IDisposable
{
    private const int ArenaSize = 64 * 1024;

    // SQLITE_TRANSIENT: SQLite copies the text before the bind call returns.
    private static readonly IntPtr _transient = new(-1);

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly IntPtr _handle;
    private readonly string _sql;
    private byte* _arena;
    private int _arenaUsed;
    private byte[] _overflow = new byte[1024];
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
        var rc = value is { } v ? Native.BindInt64(_handle, index, v) : Native.BindNull(_handle, index);
        Check(rc);
    }

    public void Bind(int index, string? value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (value is null)
        {
            Check(Native.BindNull(_handle, index));
            return;
        }

        // Three bytes per UTF-16 unit is UTF-8's worst case (surrogate pairs take four for two).
        var worst = (long)value.Length * 3;
        if (worst <= ArenaSize - _arenaUsed)
        {
            // Allocated on the first text: many statements (deletes, unused inserts) bind none.
            if (_arena is null)
            {
                _arena = (byte*)NativeMemory.Alloc(ArenaSize);
            }

            var n = Encoding.UTF8.GetBytes(value, new Span<byte>(_arena + _arenaUsed, (int)worst));
            Check(Native.BindText(_handle, index, _arena + _arenaUsed, n, IntPtr.Zero));
            _arenaUsed += n;
            return;
        }

        // Rare (long notes): SQLite takes its own copy.
        if (worst > _overflow.Length)
        {
            _overflow = new byte[Math.Max(checked((int)worst), _overflow.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, _overflow);
        fixed (byte* p = _overflow)
        {
            Check(Native.BindText(_handle, index, p, length, _transient));
        }
    }

    /// <summary>
    /// Binds UTF-8 text where it lies, without a copy (<c>SQLITE_STATIC</c>): the caller keeps
    /// the bytes unchanged and in place until the statement has been stepped.
    /// </summary>
    public void BindInPlace(int index, byte* text, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Check(Native.BindText(_handle, index, text, length, IntPtr.Zero));
    }

    /// <summary>Runs the statement once; returns SQLite's result code (DONE, ROW or CONSTRAINT), throws on others.</summary>
    public int Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rc = Native.Step(_handle);
        _ = Native.Reset(_handle); // repeats step's result

        // The texts bound in place stay bound after a reset, pointing into the buffer. Binding
        // starts writing it from the start again, so a caller binds every text parameter before
        // the next step, or none (the duplicate-id retry steps again with the same values).
        _arenaUsed = 0;
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

        // Finalize first: the statement may still point into the buffer.
        _stmt.Dispose();
        NativeMemory.Free(_arena);
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

    /// <summary>
    /// The few entry points of the bundled SQLite library the load calls per value. The bind calls
    /// are short, never block and never call back, so they skip the GC transition.
    /// </summary>
    private static partial class Native
    {
        private const string Library = "e_sqlite3";

        [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
        [SuppressGCTransition]
        public static partial int BindInt64(IntPtr stmt, int index, long value);

        [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
        [SuppressGCTransition]
        public static partial int BindNull(IntPtr stmt, int index);

        [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
        [SuppressGCTransition]
        public static partial int BindText(IntPtr stmt, int index, byte* text, int length, IntPtr destructor);

        [LibraryImport(Library, EntryPoint = "sqlite3_step")]
        public static partial int Step(IntPtr stmt);

        [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
        public static partial int Reset(IntPtr stmt);
    }
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
