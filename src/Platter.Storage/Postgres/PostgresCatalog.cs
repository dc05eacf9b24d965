using System.Data;
using System.Data.Common;
using Npgsql;
using Platter.Core;

namespace Platter.Storage.Postgres;

/// <summary>
/// The catalog in a PostgreSQL database: the same tables as <see cref="SqliteCatalog"/>, loaded
/// with binary COPY into staging tables and swapped in with one transaction, so a reader sees the
/// old data or the new, never a mix, and a failed import leaves the database as it was.
/// </summary>
public sealed class PostgresCatalog : ICatalogStore
{
    // Any fixed number: the advisory lock that keeps two imports out of one database at once.
    private const long ImportLock = 0x706c6174746572; // "platter"

    private readonly NpgsqlConnection _connection;
    private bool _locked;

    private PostgresCatalog(PostgresAddress address, NpgsqlConnection connection)
    {
        Address = address;
        _connection = connection;
    }

    /// <summary>The database.</summary>
    public PostgresAddress Address { get; }

    /// <inheritdoc/>
    public string Display => Address.Display;

    internal NpgsqlConnection Connection => _connection;

    /// <summary>Connects to the database <paramref name="db"/> names (a URL or connection string) and creates the import tables if needed.</summary>
    public static PostgresCatalog Open(string db)
    {
        var address = PostgresAddress.Parse(db);
        var connection = address.Connect();
        var catalog = new PostgresCatalog(address, connection);
        try
        {
            catalog.Guard(() => catalog.Execute(PostgresSchema.MetaTables));
            return catalog;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<ImportRun> ImportRuns() => Guard(() =>
    {
        using var cmd = Command("SELECT id, path, entity, dump_date, records, rows, warnings, started_at, finished_at FROM import_run ORDER BY id");
        using var r = cmd.ExecuteReader();
        var list = new List<ImportRun>();
        while (r.Read())
        {
            list.Add(new ImportRun(
                r.GetInt64(0),
                r.GetString(1),
                EntityKinds.Parse(r.GetString(2)) ?? throw new StorageException($"import_run {r.GetInt64(0)} names an unknown entity '{r.GetString(2)}'"),
                r.IsDBNull(3) ? null : r.GetFieldValue<DateOnly>(3),
                r.GetInt64(4),
                r.GetInt64(5),
                r.GetInt64(6),
                new DateTimeOffset(r.GetDateTime(7), TimeSpan.Zero),
                new DateTimeOffset(r.GetDateTime(8), TimeSpan.Zero)));
        }

        return (IReadOnlyList<ImportRun>)list;
    });

    /// <inheritdoc/>
    public long CountRows(string table)
    {
        if (!CatalogSchema.Tables.Any(t => t.Name == table) && table is not ("import_run" or "import_warning"))
        {
            throw new ArgumentException($"{table} is not a catalog table", nameof(table));
        }

        return HasTable(table) ? Guard(() => Convert.ToInt64(Scalar($"SELECT count(*) FROM \"{table}\""), System.Globalization.CultureInfo.InvariantCulture)) : 0;
    }

    /// <inheritdoc/>
    public bool HasTable(string table) => Guard(() => TableExists(table));

    /// <inheritdoc/>
    public ICatalogLoad BeginLoad(EntityKind entity, FileInfo file)
    {
        LockForImport();
        return Guard(() => new PostgresLoader(this, entity, file));
    }

    /// <inheritdoc/>
    public IReadOnlyList<ImportRun> SwapIn(IReadOnlyList<(ICatalogLoad Loader, string Path, DateOnly? DumpDate)> loads)
    {
        ArgumentNullException.ThrowIfNull(loads);
        var finishedAt = DateTimeOffset.UtcNow;
        return Guard(() =>
        {
            using var tx = _connection.BeginTransaction();

            // Dropping a live table waits for the readers of the old one to finish. A reader never
            // waits long for the swap (it takes a few milliseconds), but the swap gives long reads
            // a minute before it fails, rather than blocking every new reader behind it forever.
            Execute("SET LOCAL lock_timeout = '60s'");
            var runs = loads.Select(l => ((PostgresLoader)l.Loader).SwapInside(l.Path, l.DumpDate, finishedAt)).ToList();
            tx.Commit();
            return (IReadOnlyList<ImportRun>)runs;
        });
    }

    /// <inheritdoc/>
    public ICatalogReader OpenReader() => Guard(() => new PostgresReader(Address));

    /// <summary>Opens a read-only view of the catalog in the database <paramref name="db"/> names.</summary>
    public static ICatalogReader Read(string db)
    {
        var address = PostgresAddress.Parse(db);
        try
        {
            return new PostgresReader(address);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw address.Explain(e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    internal T Guard<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw Address.Explain(e);
        }
    }

    internal void Guard(Action work) => Guard(() =>
    {
        work();
        return 0;
    });

    internal NpgsqlCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, _connection);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }

    internal void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        cmd.ExecuteNonQuery();
    }

    internal object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        var value = cmd.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    internal bool TableExists(string name) =>
        Scalar("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = @t", ("t", name)) is not null;

    private void LockForImport()
    {
        if (_locked)
        {
            return;
        }

        if (Guard(() => Scalar("SELECT pg_try_advisory_lock(@k)", ("k", ImportLock))) is not true)
        {
            throw new StorageException($"Another import into the {Address.Display} is running. Wait for it to finish, then run this one again.");
        }

        _locked = true;
    }

    /// <summary>
    /// Every query sees one snapshot: the first connection exports it, each query runs on a
    /// connection of its own (PostgreSQL streams one result per connection) that imports it.
    /// </summary>
    private sealed class PostgresReader : ICatalogReader
    {
        private readonly PostgresAddress _address;
        private readonly NpgsqlConnection _main;
        private readonly string _snapshot;

        public PostgresReader(PostgresAddress address)
        {
            _address = address;
            _main = address.Connect();
            try
            {
                using var begin = new NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot()", _main);
                _snapshot = (string)begin.ExecuteScalar()!;
            }
            catch
            {
                _main.Dispose();
                throw;
            }
        }

        public bool HasTable(string table)
        {
            using var cmd = new NpgsqlCommand("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = @t", _main);
            cmd.Parameters.AddWithValue("t", table);
            return cmd.ExecuteScalar() is not null;
        }

        public long CountRows(string table)
        {
            using var cmd = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", _main);
            return (long)cmd.ExecuteScalar()!;
        }

        public DbDataReader Query(string sql) => Query(sql, null);

        public DbDataReader Query(string sql, IReadOnlyList<long>? ids)
        {
            var connection = _address.Connect();
            try
            {
                using (var begin = new NpgsqlCommand($"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{_snapshot}'", connection))
                {
                    begin.ExecuteNonQuery();
                }

                using var cmd = new NpgsqlCommand(ids is null ? sql : sql.Replace("{ids}", "(SELECT unnest(@ids))", StringComparison.Ordinal), connection);
                if (ids is not null)
                {
                    cmd.Parameters.AddWithValue("ids", ids.ToArray());
                }

                return cmd.ExecuteReader(CommandBehavior.CloseConnection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public void Dispose() => _main.Dispose();
    }
}
