using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Platter.Storage;
using SQLitePCL;

namespace Platter.Index;

/// <summary>The rows of one catalog query, read forward once, as the index build reads them.</summary>
internal abstract class CatalogRows : IDisposable
{
    /// <summary>Moves to the next row; false after the last.</summary>
    public abstract bool Read();

    public abstract bool IsNull(int column);

    public abstract long Int64(int column);

    public abstract int Int32(int column);

    /// <summary>The column's text as UTF-8; valid until the next <see cref="Read"/>.</summary>
    public abstract ReadOnlySpan<byte> Utf8(int column);

    /// <summary>The column's text as a new string, or null.</summary>
    public abstract string? Text(int column);

    public abstract void Dispose();
}

/// <summary>Where the index build reads the catalog: an SQLite file, or any store through <see cref="ICatalogReader"/>.</summary>
internal abstract class CatalogSource : IDisposable
{
    public abstract bool HasTable(string table);

    public abstract CatalogRows Query(string sql);

    /// <summary>A source a second thread reads from at the same time (and disposes).</summary>
    public abstract CatalogSource ForAnotherThread();

    /// <summary>The state of the catalog's masters and releases: the last import that changed them ("0" for none).</summary>
    public string State()
    {
        if (!HasTable("import_run"))
        {
            return "0";
        }

        using var r = Query("SELECT coalesce(max(id), 0) FROM import_run WHERE entity IN ('masters', 'releases')");
        return r.Read() ? r.Int64(0).ToString(CultureInfo.InvariantCulture) : "0";
    }

    public abstract void Dispose();
}

/// <summary>An SQLite catalog read with SQLite's own calls (<see cref="RawQuery"/>).</summary>
internal sealed class SqliteSource : CatalogSource
{
    private readonly string _path;
    private readonly sqlite3 _db;
    private readonly sqlite3? _owned;

    /// <summary>Reads through <paramref name="connection"/>, which the caller keeps and disposes.</summary>
    public SqliteSource(SqliteConnection connection)
    {
        _path = connection.DataSource;
        _db = connection.Handle!;
    }

    private SqliteSource(string path, sqlite3 db)
    {
        _path = path;
        _db = db;
        _owned = db;
    }

    /// <summary>
    /// Opens the file for reading on one thread only (<c>SQLITE_OPEN_NOMUTEX</c>): SQLite then takes
    /// no lock per call, which was 13% of the index build's time with the connection's own mutex.
    /// </summary>
    public static SqliteSource OpenForOneThread(string path)
    {
        SQLitePCL.Batteries_V2.Init(); // when no SqliteConnection has been made yet
        var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        if (rc != raw.SQLITE_OK)
        {
            var message = db is null ? raw.sqlite3_errstr(rc).utf8_to_string() : raw.sqlite3_errmsg(db).utf8_to_string();
            db?.Dispose();
            throw new SqliteException($"opening {path} to read the catalog: {message}", rc);
        }

        _ = raw.sqlite3_busy_timeout(db, 10_000);
        return new SqliteSource(path, db);
    }

    public override bool HasTable(string table)
    {
        using var r = new RawQuery(_db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", table);
        return r.Read();
    }

    public override CatalogRows Query(string sql) => new RawQuery(_db, sql);

    // SQLite reads scale across connections: each thread has its own.
    public override CatalogSource ForAnotherThread() => OpenForOneThread(_path);

    public override void Dispose() => _owned?.Dispose();
}

/// <summary>
/// Any store through its reader (PostgreSQL): every query has its own connection on the reader's
/// snapshot, so two threads share one reader.
/// </summary>
internal sealed class StoreSource(ICatalogReader reader) : CatalogSource
{
    private readonly Lock _lock = new();

    public override bool HasTable(string table)
    {
        lock (_lock)
        {
            return reader.HasTable(table);
        }
    }

    public override CatalogRows Query(string sql)
    {
        DbDataReader r;
        lock (_lock)
        {
            r = reader.Query(sql);
        }

        return new ReaderRows(r);
    }

    public override CatalogSource ForAnotherThread() => new Borrowed(this);

    public override void Dispose() => reader.Dispose();

    private sealed class Borrowed(StoreSource owner) : CatalogSource
    {
        public override bool HasTable(string table) => owner.HasTable(table);

        public override CatalogRows Query(string sql) => owner.Query(sql);

        public override CatalogSource ForAnotherThread() => this;

        public override void Dispose()
        {
        }
    }
}

/// <summary>Rows of a <see cref="DbDataReader"/>; text is encoded to UTF-8 into a buffer per column.</summary>
internal sealed class ReaderRows(DbDataReader reader) : CatalogRows
{
    private readonly byte[][] _buffers = Enumerable.Range(0, reader.FieldCount).Select(_ => new byte[256]).ToArray();

    public override bool Read() => reader.Read();

    public override bool IsNull(int column) => reader.IsDBNull(column);

    // PostgreSQL's smallint and integer columns come as short and int: read each with its own
    // call, not GetValue, which boxes every value of the whole catalog.
    private readonly TypeCode[] _types = Enumerable.Range(0, reader.FieldCount).Select(i => Type.GetTypeCode(reader.GetFieldType(i))).ToArray();

    public override long Int64(int column) => _types[column] switch
    {
        TypeCode.Int16 => reader.GetInt16(column),
        TypeCode.Int32 => reader.GetInt32(column),
        TypeCode.Int64 => reader.GetInt64(column),
        _ => Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture),
    };

    public override int Int32(int column) => checked((int)Int64(column));

    public override ReadOnlySpan<byte> Utf8(int column)
    {
        var text = reader.GetString(column);
        ref var buffer = ref _buffers[column];
        var need = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (buffer.Length < need)
        {
            buffer = new byte[Math.Max(need, buffer.Length * 2)];
        }

        return buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, buffer));
    }

    public override string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public override void Dispose() => reader.Dispose();
}

/// <summary>
/// A query read row by row with SQLite's own calls: text comes as the UTF-8 bytes SQLite holds,
/// so a reader that only looks a value up (a genre it has seen, a video it already has) makes no
/// string. Through <see cref="SqliteDataReader"/> every text was a new string, and the index
/// build spent most of its reading time on them.
/// </summary>
internal sealed class RawQuery : CatalogRows
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly IntPtr _handle;
    private readonly string _sql;

    /// <summary>Prepares <paramref name="sql"/>, with <paramref name="texts"/> bound to its parameters ?1, ?2 …</summary>
    public RawQuery(sqlite3 db, string sql, params string[] texts)
    {
        _db = db;
        _sql = sql;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
        for (var i = 0; i < texts.Length; i++)
        {
            Check(raw.sqlite3_bind_text(_stmt, i + 1, texts[i]));
        }

        // Column calls go to the native library on the raw pointer (see SqliteNative); the handle stays held here.
        _handle = _stmt.DangerousGetHandle();
    }

    /// <summary>Moves to the next row; false after the last.</summary>
    public override bool Read()
    {
        var rc = SqliteNative.Step(_handle);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }

        return false;
    }

    public override bool IsNull(int column) => SqliteNative.ColumnType(_handle, column) == raw.SQLITE_NULL;

    public override long Int64(int column) => SqliteNative.ColumnInt64(_handle, column);

    public override int Int32(int column) => SqliteNative.ColumnInt(_handle, column);

    /// <summary>The column's text as SQLite holds it; valid until the next <see cref="Read"/>.</summary>
    public override ReadOnlySpan<byte> Utf8(int column) => SqliteNative.Column(_handle, column);

    /// <summary>The column's text as a new string, or null.</summary>
    public override string? Text(int column) => IsNull(column) ? null : Encoding.UTF8.GetString(Utf8(column));

    public override void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException($"reading the catalog ({_sql}): {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }
}
