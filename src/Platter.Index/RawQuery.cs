using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Platter.Index;

/// <summary>
/// A query read row by row with SQLite's own calls: text comes as the UTF-8 bytes SQLite holds,
/// so a reader that only looks a value up (a genre it has seen, a video it already has) makes no
/// string. Through <see cref="SqliteDataReader"/> every text was a new string, and the index
/// build spent most of its reading time on them.
/// </summary>
internal sealed class RawQuery : IDisposable
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
    public bool Read()
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

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public int Int32(int column) => raw.sqlite3_column_int(_stmt, column);

    /// <summary>The column's text as SQLite holds it; valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_stmt, column);

    /// <summary>The column's text as a new string, or null.</summary>
    public string? Text(int column) => IsNull(column) ? null : Encoding.UTF8.GetString(Utf8(column));

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException($"reading the catalog ({_sql}): {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }
}
