using Microsoft.Data.Sqlite;
using Platter.Cli;
using Platter.Testing;

namespace Platter.Cli.Tests.Commands;

public sealed class SyncCommandTests : IAsyncLifetime
{
    private static readonly string[] _names = ["artists", "labels", "masters", "releases"];
    private FakeDumpServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeDumpServer.StartAsync();
        _server.AddSample2020();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static List<(string Entity, string? Date)> ImportRuns(string db)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT entity, dump_date FROM import_run ORDER BY id";
        using var r = cmd.ExecuteReader();
        var runs = new List<(string, string?)>();
        while (r.Read())
        {
            runs.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
        }

        return runs;
    }

    private static long Count(string db, string table)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM {table}";
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public async Task Sync_twice_downloads_and_imports_once()
    {
        using var cli = new CliRun(_server.Root);
        var db = Path.Combine(cli.Home, "catalog.db");

        var first = await cli.RunAsync("sync", "--db", "catalog.db", "--dir", "dumps");

        Assert.Equal(ExitCodes.Ok, first);
        Assert.Equal(_names.Select(n => (n, (string?)"2020-08-06")), ImportRuns(db));
        Assert.Equal(1000, Count(db, "release"));
        Assert.Equal(1000, Count(db, "artist"));
        Assert.All(_names, n => Assert.Contains($"{n}: no dated import in the database yet; fetching the 2020-08-06 dump.", cli.Error, StringComparison.Ordinal));
        Assert.All(_names, n => Assert.Equal(1, _server.FileRequests($"discogs_20200806_{n}.xml.gz")));

        var second = await cli.RunAsync("sync", "--db", "catalog.db", "--dir", "dumps");

        Assert.Equal(ExitCodes.Ok, second);
        Assert.Equal($"{db} is up to date; nothing downloaded or imported.\n", cli.Out.ReplaceLineEndings("\n"));
        Assert.Equal(
            string.Concat(_names.Select(n => $"{n}: the database holds the 2020-08-06 dump, the newest at the source.\n")),
            cli.Error.ReplaceLineEndings("\n"));
        Assert.All(_names, n => Assert.Equal(1, _server.FileRequests($"discogs_20200806_{n}.xml.gz")));
        Assert.Equal(4, ImportRuns(db).Count);
    }

    [Fact]
    public async Task Sync_into_PostgreSQL_twice_downloads_and_imports_once()
    {
        using var cli = new CliRun(_server.Root);
        var pg = LocalPostgres.Shared.CreateDatabase();
        try
        {
            var name = new Npgsql.NpgsqlConnectionStringBuilder(pg).Database;
            var url = $"postgres://platter:{LocalPostgres.Shared.Password}@127.0.0.1:{LocalPostgres.Shared.Port}/{name}";

            Assert.Equal(ExitCodes.Ok, await cli.RunAsync("sync", "--db", url, "--dir", "dumps"));
            Assert.All(_names, n => Assert.Contains($"{n}: no dated import in the database yet; fetching the 2020-08-06 dump.", cli.Error, StringComparison.Ordinal));

            Assert.Equal(ExitCodes.Ok, await cli.RunAsync("sync", "--db", url, "--dir", "dumps"));
            Assert.Equal($"PostgreSQL database {name} on 127.0.0.1:{LocalPostgres.Shared.Port} as platter is up to date; nothing downloaded or imported.\n", cli.Out.ReplaceLineEndings("\n"));
            Assert.All(_names, n => Assert.Equal(1, _server.FileRequests($"discogs_20200806_{n}.xml.gz")));
            Assert.DoesNotContain(LocalPostgres.Shared.Password, cli.Out + cli.Error, StringComparison.Ordinal);

            using var c = new Npgsql.NpgsqlConnection(pg);
            c.Open();
            using var cmd = new Npgsql.NpgsqlCommand("SELECT string_agg(entity || ' ' || dump_date, ', ' ORDER BY id), (SELECT count(*) FROM release) FROM import_run", c);
            using var r = cmd.ExecuteReader();
            Assert.True(r.Read());
            Assert.Equal(("artists 2020-08-06, labels 2020-08-06, masters 2020-08-06, releases 2020-08-06", 1000L), (r.GetString(0), r.GetInt64(1)));
        }
        finally
        {
            LocalPostgres.Shared.DropDatabase(pg);
        }
    }

    [Fact]
    public async Task A_database_folder_that_does_not_exist_is_refused_before_any_download()
    {
        using var cli = new CliRun(_server.Root);

        var code = await cli.RunAsync("sync", "--db", "missing/catalog.db");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"error: The folder of the database {Path.Combine(cli.Home, "missing", "catalog.db")} does not exist; create it or choose another --db.\n", cli.Error.ReplaceLineEndings("\n"));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_database_that_is_not_sqlite_stops_sync_with_exit_1()
    {
        using var cli = new CliRun(_server.Root);
        await File.WriteAllTextAsync(Path.Combine(cli.Home, "notes.db"), "these are my notes, not a database, and they are long enough to have a header");

        var code = await cli.RunAsync("sync", "--db", "notes.db");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith($"error: Cannot open the database {Path.Combine(cli.Home, "notes.db")}: ", cli.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_file_that_fails_verification_never_reaches_the_database()
    {
        _server.Fault("discogs_20200806_releases.xml.gz").WrongChecksum = true;
        using var cli = new CliRun(_server.Root);
        var db = Path.Combine(cli.Home, "catalog.db");

        var code = await cli.RunAsync("sync", "--db", "catalog.db", "--dir", "dumps");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("error: discogs_20200806_releases.xml.gz does not match its CHECKSUM file: expected SHA-256 ", cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
        Assert.False(File.Exists(Path.Combine(cli.Home, "dumps", "discogs_20200806_releases.xml.gz")));
    }

    [Fact]
    public async Task Sync_after_an_interrupted_run_imports_files_already_downloaded_without_fetching_them_again()
    {
        using var cli = new CliRun(_server.Root);
        Assert.Equal(ExitCodes.Ok, await cli.RunAsync("dumps", "download", "--dir", "dumps"));

        var code = await cli.RunAsync("sync", "--db", "catalog.db", "--dir", "dumps");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.All(_names, n => Assert.Equal(1, _server.FileRequests($"discogs_20200806_{n}.xml.gz")));
        Assert.Equal(4, ImportRuns(Path.Combine(cli.Home, "catalog.db")).Count);
    }
}
