using System.Globalization;
using Microsoft.Data.Sqlite;
using Platter.Core;

namespace Platter.Storage;

/// <summary>One imported file, as recorded in <c>import_run</c>.</summary>
/// <param name="Id">Run id.</param>
/// <param name="Path">The file imported.</param>
/// <param name="Entity">The entity it held.</param>
/// <param name="DumpDate">The dump date from its name, when it had one.</param>
/// <param name="Records">Records stored.</param>
/// <param name="Rows">Rows stored across the entity's tables.</param>
/// <param name="Warnings">Warnings raised.</param>
/// <param name="StartedAt">When the import started (UTC).</param>
/// <param name="FinishedAt">When the new data became visible (UTC).</param>
public sealed record ImportRun(long Id, string Path, EntityKind Entity, DateOnly? DumpDate, long Records, long Rows, long Warnings, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);

/// <summary>Where an import left off, so an interrupted one resumes.</summary>
/// <param name="Path">The file.</param>
/// <param name="Size">Its size when the import started.</param>
/// <param name="ModifiedUtc">Its modification time (ticks) when the import started.</param>
/// <param name="LastId">The last record id committed.</param>
/// <param name="Records">Records committed.</param>
/// <param name="Warnings">Warnings raised so far.</param>
/// <param name="StartedAt">When the import first started.</param>
public sealed record ImportProgress(string Path, long Size, long ModifiedUtc, long LastId, long Records, long Warnings, DateTimeOffset StartedAt);

/// <summary>
/// The catalog in an SQLite file. Imports load into staging tables and swap them in with one
/// transaction, so a reader sees the old data or the new, never a mix, and a failed import
/// leaves the database as it was.
/// </summary>
public sealed class SqliteCatalog : ICatalogStore
{
    internal const string StagingSuffix = "__new";

    // Negative: KiB, as PRAGMA cache_size takes it.
    internal const int CacheSize = -32 * 1024;
    internal const int IndexBuildCacheSize = -8 * 1024;

    // Pages of a new database. With SQLite's default of 4 KB, a 200,000-release import took 10.8 s
    // (median of eight interleaved runs) against 9.3 s with 16 KB pages and 9.0 s with 8 KB: fewer
    // pages to split, fewer log frames to write and copy back. 64 KB pages were no faster than
    // 16 KB and raised the import's peak memory by 15 MB. A database keeps the page size it was
    // created with; this one applies only when the file is new.
    internal const int PageSize = 16 * 1024;

    private readonly SqliteConnection _connection;

    static SqliteCatalog()
    {
        // The bulk load makes ~400 SQLite calls per release from one thread. In SQLite's default
        // "serialized" mode every call takes the connection's mutex and the allocator's
        // statistics mutex; a connection here is only ever used by one thread at a time, so
        // "multi-thread" mode is safe and made imports 10-15% faster. sqlite3_config only
        // works before SQLite initialises; if another part of the process already opened a
        // database, it returns SQLITE_MISUSE and the defaults stay, which is correct, just slower.
        SQLitePCL.Batteries_V2.Init();
        _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
        _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }

    private SqliteCatalog(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public string Display => Path;

    internal SqliteConnection Connection => _connection;

    /// <summary>Opens (creating if needed) the catalog database at <paramref name="path"/>.</summary>
    public static SqliteCatalog Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new StorageException($"The folder of the database {full} does not exist; create it or choose another --db.");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        try
        {
            connection.Open();
            var catalog = new SqliteCatalog(full, connection);

            // First: switching to WAL writes a new file's header, which fixes its page size.
            catalog.Execute($"PRAGMA page_size={PageSize};");

            // A 32 MB page cache for the load (the index builds use less, see EntityLoader.Prepare).
            // The index sorter stays on one thread: with helper threads (PRAGMA threads) peak memory
            // grew with the input (191, 235, 302 MB for 50k, 200k, 400k releases) and the import was
            // no faster.
            // WAL, so that readers never wait for a writer, an import included.
            catalog.Execute($"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA cache_size={CacheSize};");
            catalog.EnsureMetaTables();
            return catalog;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StorageException($"Cannot open the database {full}: {e.Message}. Is it an SQLite file? Choose another --db or move it away.", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Every import recorded, oldest first.</summary>
    public IReadOnlyList<ImportRun> ImportRuns()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT id, path, entity, dump_date, records, rows, warnings, started_at, finished_at FROM import_run ORDER BY id";
        using var r = cmd.ExecuteReader();
        var list = new List<ImportRun>();
        while (r.Read())
        {
            list.Add(new ImportRun(
                r.GetInt64(0),
                r.GetString(1),
                EntityKinds.Parse(r.GetString(2)) ?? throw new StorageException($"import_run {r.GetInt64(0)} names an unknown entity '{r.GetString(2)}'"),
                r.IsDBNull(3) ? null : DateOnly.ParseExact(r.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.GetInt64(4),
                r.GetInt64(5),
                r.GetInt64(6),
                DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(r.GetString(8), CultureInfo.InvariantCulture)));
        }

        return list;
    }

    /// <summary>Rows in a catalog table (0 when the table does not exist yet).</summary>
    public long CountRows(string table)
    {
        if (!CatalogSchema.Tables.Any(t => t.Name == table) && table is not ("import_run" or "import_warning"))
        {
            throw new ArgumentException($"{table} is not a catalog table", nameof(table));
        }

        if (!TableExists(table))
        {
            return 0;
        }

        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <inheritdoc/>
    public bool HasTable(string table) => TableExists(table);

    /// <summary>Starts loading one entity into staging tables; resumes an interrupted load of the same file.</summary>
    public EntityLoader BeginLoad(EntityKind entity, FileInfo file) => new(this, entity, file);

    /// <inheritdoc/>
    ICatalogLoad ICatalogStore.BeginLoad(EntityKind entity, FileInfo file) => BeginLoad(entity, file);

    /// <inheritdoc/>
    public ICatalogReader OpenReader() => new SqliteReader(Path);

    /// <summary>Opens a read-only view of the catalog file at <paramref name="path"/> without opening it for writing.</summary>
    public static ICatalogReader Read(string path) => new SqliteReader(path);

    /// <summary>Reads the catalog tables through <paramref name="connection"/>, which stays open and is the caller's (its transaction, if any, is the snapshot).</summary>
    public static ICatalogReader Over(SqliteConnection connection) => new SqliteReader(connection);

    /// <summary>
    /// Makes the prepared loads visible, all in one transaction: a reader sees the old catalog or
    /// the new one, never a mix, and a failure before the commit leaves the old one in place.
    /// </summary>
    public IReadOnlyList<ImportRun> SwapIn(IReadOnlyList<(ICatalogLoad Loader, string Path, DateOnly? DumpDate)> loads)
    {
        ArgumentNullException.ThrowIfNull(loads);
        var finishedAt = DateTimeOffset.UtcNow;
        Execute("BEGIN IMMEDIATE");
        try
        {
            var runs = loads.Select(l => ((EntityLoader)l.Loader).SwapInside(l.Path, l.DumpDate, finishedAt)).ToList();
            Execute("COMMIT");
            return runs;
        }
        catch
        {
            Execute("ROLLBACK");
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    internal long LastInsertRowId()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT last_insert_rowid()";
        return (long)cmd.ExecuteScalar()!;
    }

    internal IReadOnlyList<string> IndexesOn(string table)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = $t AND sql IS NOT NULL";
        cmd.Parameters.AddWithValue("$t", table);
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read())
        {
            names.Add(r.GetString(0));
        }

        return names;
    }

    internal string Scalar(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }

    internal void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        cmd.ExecuteNonQuery();
    }

    internal bool TableExists(string name) => TableExists(_connection, name);

    private static bool TableExists(SqliteConnection connection, string name)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name";
        cmd.Parameters.AddWithValue("$name", name);
        return cmd.ExecuteScalar() is not null;
    }

    internal ImportProgress? ReadProgress(EntityKind entity)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT path, file_size, file_mtime, last_id, records, warnings, started_at FROM import_progress WHERE entity = $e";
        cmd.Parameters.AddWithValue("$e", entity.Name());
        using var r = cmd.ExecuteReader();
        return r.Read()
            ? new ImportProgress(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture))
            : null;
    }

    private void EnsureMetaTables() => Execute("""
        CREATE TABLE IF NOT EXISTS import_run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL,
            entity TEXT NOT NULL,
            dump_date TEXT,
            records INTEGER NOT NULL,
            rows INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS import_warning (
            run_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            line INTEGER,
            byte_offset INTEGER,
            record TEXT,
            message TEXT NOT NULL,
            PRIMARY KEY (run_id, position)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS import_progress (
            entity TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            file_size INTEGER NOT NULL,
            file_mtime INTEGER NOT NULL,
            last_id INTEGER NOT NULL,
            records INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            rows TEXT NOT NULL,
            started_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS import_progress_warning (
            entity TEXT NOT NULL,
            position INTEGER NOT NULL,
            line INTEGER,
            byte_offset INTEGER,
            record TEXT,
            message TEXT NOT NULL,
            PRIMARY KEY (entity, position)) WITHOUT ROWID;
        """);

    /// <summary>A read-only connection inside one read transaction: every query sees the same snapshot of the file.</summary>
    private sealed class SqliteReader : ICatalogReader
    {
        private readonly SqliteConnection _connection;
        private readonly bool _owns = true;

        public SqliteReader(string path)
        {
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            _connection.Open();
            using var begin = _connection.CreateCommand();
            begin.CommandText = "BEGIN";
            begin.ExecuteNonQuery();
        }

        /// <summary>Over a connection someone else opened and keeps: no transaction of its own, not closed here.</summary>
        public SqliteReader(SqliteConnection connection)
        {
            _connection = connection;
            _owns = false;
        }

        public bool HasTable(string table) => TableExists(_connection, table);

        public long CountRows(string table)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"SELECT count(*) FROM \"{table}\"";
            return (long)cmd.ExecuteScalar()!;
        }

        public System.Data.Common.DbDataReader Query(string sql)
        {
            var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            return CommandReader.Run(cmd);
        }

        public System.Data.Common.DbDataReader Query(string sql, IReadOnlyList<long> ids)
        {
            var cmd = _connection.CreateCommand();
            cmd.CommandText = sql.Replace("{ids}", "(SELECT value FROM json_each($ids))", StringComparison.Ordinal);
            cmd.Parameters.AddWithValue("$ids", "[" + string.Join(",", ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]");
            return CommandReader.Run(cmd);
        }

        public void Dispose()
        {
            if (_owns)
            {
                _connection.Dispose();
            }
        }
    }
}
