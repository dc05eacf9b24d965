using System.Text;
using SQLitePCL;

namespace Platter.Storage;

/// <summary>
/// A prepared statement driven through SQLite's C API directly. The bulk load binds about forty
/// values per release; going through ADO.NET parameters would cost more than SQLite itself.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly string _sql;
    private byte[] _utf8 = new byte[1024];

    public RawStatement(sqlite3 db, string sql)
    {
        _db = db;
        _sql = sql;
        var rc = raw.sqlite3_prepare_v2(db, sql, out _stmt);
        Check(rc);
    }

    public sqlite3 Db => _db;

    public void Bind(int index, long? value)
    {
        var rc = value is { } v ? raw.sqlite3_bind_int64(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index);
        Check(rc);
    }

    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_stmt, index));
            return;
        }

        // Three bytes per UTF-16 unit is UTF-8's worst case (surrogate pairs take four for two).
        if (value.Length * 3 > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(value.Length * 3, _utf8.Length * 2)];
        }

        var n = Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(_stmt, index, _utf8.AsSpan(0, n)));
    }

    /// <summary>Runs the statement once; returns SQLite's result code (DONE, ROW or CONSTRAINT), throws on others.</summary>
    public int Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc is raw.SQLITE_DONE or raw.SQLITE_ROW)
        {
            return rc;
        }

        if ((rc & 0xFF) == raw.SQLITE_CONSTRAINT)
        {
            return raw.SQLITE_CONSTRAINT;
        }

        throw new StorageException($"SQLite failed ({rc}: {raw.sqlite3_errmsg(_db).utf8_to_string()}) running: {_sql}");
    }

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new StorageException($"SQLite failed ({rc}: {raw.sqlite3_errmsg(_db).utf8_to_string()}) preparing: {_sql}");
        }
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
}
