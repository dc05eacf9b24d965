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
internal sealed class SqliteSource(string path, SqliteConnection connection, bool owns) : CatalogSource
{
    public SqliteConnection Connection => connection;

    public override bool HasTable(string table) => IndexStore.TableExists(connection, table);

    public override CatalogRows Query(string sql) => new RawQuery(connection, sql);

    // SQLite reads scale across connections: each thread has its own.
    public override CatalogSource ForAnotherThread() => new SqliteSource(path, IndexStore.OpenRead(path), owns: true);

    public override void Dispose()
    {
        if (owns)
        {
            connection.Dispose();
        }
    }
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
    private readonly string _sql;

    public RawQuery(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        _sql = sql;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
    }

    /// <summary>Moves to the next row; false after the last.</summary>
    public override bool Read()
    {
        var rc = raw.sqlite3_step(_stmt);
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

    public override bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public override long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public override int Int32(int column) => raw.sqlite3_column_int(_stmt, column);

    /// <summary>The column's text as SQLite holds it; valid until the next <see cref="Read"/>.</summary>
    public override ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_stmt, column);

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
