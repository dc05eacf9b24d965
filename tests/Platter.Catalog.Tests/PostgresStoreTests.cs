using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Platter.Core;
using Platter.Storage;
using Platter.Testing;

namespace Platter.Catalog.Tests;

/// <summary>
/// What only the PostgreSQL store has to get right, on a real server: its types, keys and
/// indexes, its one-line errors for a server that is not there or says no (with nothing written),
/// duplicates found after their first occurrence was committed, and one import at a time.
/// </summary>
public sealed class PostgresStoreTests : CatalogStoreTest
{
    public PostgresStoreTests()
        : base(postgres: true)
    {
    }

    private static LocalPostgres Server => LocalPostgres.Shared;

    [Fact]
    public async Task TheTablesHavePostgresTypesTheirKeysAndTheIndexesLaterFeaturesNeed()
    {
        var db = NewDb();
        await Importing.Import(db, Directory.GetFiles(Fixtures.Sample2020));

        using var c = new CatalogDb(db);
        string TypeOf(string table, string column) => (string)c.Scalar("SELECT data_type FROM information_schema.columns WHERE table_name = $t AND column_name = $c", ("$t", table), ("$c", column))!;
        Assert.Equal(
            ["bigint", "text", "smallint", "smallint", "boolean", "bigint"],
            new[] { ("release", "id"), ("release", "title"), ("release", "released_year"), ("release", "released_month"), ("release", "is_main_release"), ("release", "master_id") }.Select(x => TypeOf(x.Item1, x.Item2)));
        Assert.Equal(["integer", "boolean", "bigint", "integer"], new[] { ("release_track", "position"), ("release_video", "embed"), ("release_video", "duration"), ("master", "year") }.Select(x => TypeOf(x.Item1, x.Item2)));

        // Every table's key is the schema's, and every index the later features need is there.
        foreach (var table in CatalogSchema.Tables)
        {
            var key = c.Rows(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $t::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)",
                ("$t", table.Name));
            Assert.Equal(table.PrimaryKey, key.Select(r => (string)r[0]!));
        }

        var indexes = c.Rows("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'").Select(r => ((string)r[0]!, (string)r[1]!)).ToList();
        foreach (var index in CatalogSchema.Indexes)
        {
            Assert.Contains(indexes, i => i.Item1 == index.Table && i.Item2.EndsWith($"({string.Join(", ", index.Columns)})", StringComparison.Ordinal) && !i.Item2.Contains("UNIQUE", StringComparison.Ordinal));
        }

        Assert.Equal(CatalogSchema.Tables.Count + CatalogSchema.Indexes.Count + 4, indexes.Count); // and the four import tables' keys
        Assert.Empty(c.Rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '%\\_\\_new'"));
        Assert.Equal(0L, c.Scalar("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%load_owner%'"));
    }

    [Fact]
    public async Task ADuplicateOfARecordAlreadyCommittedStillReplacesItAndIdsOutOfOrderAreKept()
    {
        var db = NewDb();
        var path = Dir.WriteText(
            "discogs_20200806_releases.xml",
            "<releases>\n" +
            "<release id=\"5\"><title>Five</title><genres><genre>Rock</genre></genres></release>\n" +
            "<release id=\"1\"><title>One, old</title><genres><genre>Pop</genre><genre>Jazz</genre></genres></release>\n" +
            "<release id=\"7\"><title>Seven</title></release>\n" +
            "<release id=\"1\"><title>One, new</title><genres><genre>Electronic</genre></genres></release>\n" +
            "</releases>\n");

        // A commit after every record: the first "1" is in the table, not in a buffer, when the second comes.
        var report = await new CatalogImporter(db) { BatchSize = 1 }.ImportAsync([path], null, CancellationToken.None);

        Assert.Equal((3L, 1L), (report.Files[0].Records, report.Files[0].Warnings));
        using var c = new CatalogDb(db);
        Assert.Equal([[1L, "One, new"], [5L, "Five"], [7L, "Seven"]], c.Rows("SELECT id, title FROM release ORDER BY id"));
        Assert.Equal([[1L, "Electronic"], [5L, "Rock"]], c.Rows("SELECT release_id, genre FROM release_genre ORDER BY release_id, position"));
        Assert.Equal(new object?[] { 3L, 5L, 1L }, c.Rows("SELECT records, rows, warnings FROM import_run").Single());
        Assert.Equal(0L, c.Scalar("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%load_owner%'"));
    }

    [Fact]
    public async Task ANameForADatabaseThatIsNotThereSaysHowToCreateIt()
    {
        var db = new NpgsqlConnectionStringBuilder(Server.ConnectionString("postgres")) { Database = "no_such_catalog" }.ConnectionString;

        var e = await Assert.ThrowsAsync<StorageException>(() => Importing.Import(db, Fixtures.SampleFile("labels")));

        Assert.Equal(
            $"The PostgreSQL server at 127.0.0.1:{Server.Port} has no database no_such_catalog. Create it (createdb -h 127.0.0.1 -p {Server.Port} -U platter no_such_catalog) or name another in --db.",
            e.Message);
    }

    [Fact]
    public async Task AWrongPasswordIsNamedAndNeverShown()
    {
        var db = NewDb();
        var wrong = new NpgsqlConnectionStringBuilder(db) { Password = "not-the-password-42" }.ConnectionString;
        var name = new NpgsqlConnectionStringBuilder(db).Database;

        var e = await Assert.ThrowsAsync<StorageException>(() => Importing.Import(wrong, Fixtures.SampleFile("labels")));

        Assert.Equal($"The PostgreSQL server at 127.0.0.1:{Server.Port} refused the password of platter for database {name}. Set it in PGPASSWORD or ~/.pgpass (or Password= in --db).", e.Message);
        Assert.DoesNotContain("not-the-password-42", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoServerAtTheAddressSaysSoInOneLine()
    {
        var port = ClosedPort();
        var db = $"postgres://platter@127.0.0.1:{port}/discogs";

        var e = await Assert.ThrowsAsync<StorageException>(() => Importing.Import(db, Fixtures.SampleFile("labels")));

        Assert.Equal($"Cannot reach a PostgreSQL server at 127.0.0.1:{port} (ConnectionRefused). Is it running and listening there? Start it, or fix the host and port in --db.", e.Message);
    }

    [Fact]
    public async Task AUserWhoMayNotCreateTablesIsToldWhatToGrantAndNothingIsWritten()
    {
        var db = NewDb();
        var name = new NpgsqlConnectionStringBuilder(db).Database!;
        var role = "reader_" + name[2..];
        Server.Admin($"CREATE ROLE {role} LOGIN PASSWORD 'reader-pw'");
        try
        {
            var asReader = new NpgsqlConnectionStringBuilder(db) { Username = role, Password = "reader-pw" }.ConnectionString;

            var e = await Assert.ThrowsAsync<StorageException>(() => Importing.Import(asReader, Fixtures.SampleFile("labels")));

            Assert.Equal($"{role} may not write the catalog in database {name} at 127.0.0.1:{Server.Port}: permission denied for schema public. Grant it (GRANT CREATE ON SCHEMA public TO {role}) or connect as the database's owner.", e.Message);
            using var c = new CatalogDb(db);
            Assert.Equal(0L, c.Scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        }
        finally
        {
            Server.DropDatabase(db);
            Server.Admin($"DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task ASecondImportIntoTheSameDatabaseIsRefusedWhileTheFirstRuns()
    {
        var db = NewDb();
        using (var first = CatalogStore.Open(db))
        using (first.BeginLoad(EntityKind.Labels, new FileInfo(Fixtures.SampleFile("labels"))))
        {
            var e = await Assert.ThrowsAsync<StorageException>(() => Importing.Import(db, Fixtures.SampleFile("artists")));
            Assert.StartsWith("Another import into the PostgreSQL database t_", e.Message, StringComparison.Ordinal);
            Assert.EndsWith($" on 127.0.0.1:{Server.Port} as platter is running. Wait for it to finish, then run this one again.", e.Message, StringComparison.Ordinal);
        }

        // The first one gone, the next runs.
        var report = await Importing.Import(db, Fixtures.SampleFile("artists"));
        Assert.Equal(1000, report.Files[0].Records);
    }

    [Theory]
    [InlineData("postgres://ann:s%40cret@db.example:6543/discogs?sslmode=require", "db.example", 6543, "ann", "discogs", "s@cret")]
    [InlineData("postgresql://ann@db.example/discogs", "db.example", 5432, "ann", "discogs", null)]
    [InlineData("Host=db.example;Port=6000;Database=music;Username=bob", "db.example", 6000, "bob", "music", null)]
    public void AddressesAreReadFromURLsAndConnectionStringsAndShownWithoutThePassword(string db, string host, int port, string user, string database, string? password)
    {
        Assert.True(CatalogStore.IsPostgres(db));
        var address = Storage.Postgres.PostgresAddress.Parse(db);

        Assert.Equal((host, port, user, database), (address.Host, address.Port, address.User, address.Database));
        Assert.Equal($"PostgreSQL database {database} on {host}:{port.ToString(CultureInfo.InvariantCulture)} as {user}", CatalogStore.Display(db));
        if (password is not null)
        {
            Assert.DoesNotContain(password, CatalogStore.Display(db), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("platter.db")]
    [InlineData("/data/discogs=old;2020.db")]
    [InlineData("C:\\music\\platter.db")]
    public void AFileIsNotMistakenForAServer(string db) => Assert.False(CatalogStore.IsPostgres(db));

    private static int ClosedPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
