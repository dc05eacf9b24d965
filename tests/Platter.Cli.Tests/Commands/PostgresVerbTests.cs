using Npgsql;
using Platter.Testing;

namespace Platter.Cli.Tests.Commands;

/// <summary>
/// The verbs on a PostgreSQL <c>--db</c> (a real server): import and export work, the summary names
/// the database but never the password, PLATTER_DB may name it too, and the verbs that need an
/// SQLite catalog say so instead of failing somewhere deep.
/// </summary>
public sealed class PostgresVerbTests : CatalogVerbTest
{
    private readonly string _db = LocalPostgres.Shared.CreateDatabase();

    private string Name => new NpgsqlConnectionStringBuilder(_db).Database!;

    private string Url => $"postgres://platter:{Uri.EscapeDataString(LocalPostgres.Shared.Password)}@127.0.0.1:{LocalPostgres.Shared.Port}/{Name}";

    [Fact]
    public async Task Import_into_a_postgres_url_says_where_it_went_and_never_shows_the_password()
    {
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Url, Fixtures.Sample2020));

        // The table's title may wrap: compare with the line breaks and padding taken out.
        Assert.Contains($"Imported into PostgreSQL database {Name} on 127.0.0.1:{LocalPostgres.Shared.Port} as platter", System.Text.RegularExpressions.Regex.Replace(Cli.Out, @"\s+", " "), StringComparison.Ordinal);
        Assert.Contains("The tag index and the site read SQLite catalogs so far: no index was built for this PostgreSQL catalog.", Cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(LocalPostgres.Shared.Password, Cli.Out + Cli.Error, StringComparison.Ordinal);
        using var c = new NpgsqlConnection(_db);
        c.Open();
        using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM release) + (SELECT count(*) FROM artist) + (SELECT count(*) FROM label) + (SELECT count(*) FROM master)", c);
        Assert.Equal(4000L, count.ExecuteScalar());
    }

    [Fact]
    public async Task PLATTER_DB_may_name_the_database_and_export_reads_it_like_an_sqlite_file()
    {
        Cli.Environment["PLATTER_DB"] = Url;
        Assert.Equal(0, await Cli.RunAsync("import", Fixtures.SampleFile("releases")));
        var fromPostgres = Path.Combine(Cli.Home, "pg");
        Assert.Equal(0, await Cli.RunAsync("export", "jsonl", "--out", fromPostgres));

        Cli.Environment.Remove("PLATTER_DB");
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.SampleFile("releases")));
        var fromSqlite = Path.Combine(Cli.Home, "sqlite");
        Assert.Equal(0, await Cli.RunAsync("export", "jsonl", "--db", Db, "--out", fromSqlite));

        // The same documents, byte for byte, whichever store they were read from.
        Assert.Equal(File.ReadAllBytes(Path.Combine(fromSqlite, "releases.jsonl")), File.ReadAllBytes(Path.Combine(fromPostgres, "releases.jsonl")));
        Assert.Equal(1000, File.ReadLines(Path.Combine(fromPostgres, "releases.jsonl")).Count());
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("index")]
    public async Task The_verbs_that_need_an_sqlite_catalog_say_so(string verb)
    {
        Assert.Equal(2, await Cli.RunAsync(verb, "--db", Url));

        Assert.Contains(
            $"platter {verb} works on an SQLite catalog; PostgreSQL database {Name} on 127.0.0.1:{LocalPostgres.Shared.Port} as platter can be imported, synced and exported so far. Give --db a file (platter import --db platter.db DUMPS makes one).",
            Cli.Error,
            StringComparison.Ordinal);
        Assert.DoesNotContain(LocalPostgres.Shared.Password, Cli.Error, StringComparison.Ordinal);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            LocalPostgres.Shared.DropDatabase(_db);
        }

        base.Dispose(disposing);
    }
}
