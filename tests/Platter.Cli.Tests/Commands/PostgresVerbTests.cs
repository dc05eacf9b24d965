using Npgsql;
using Platter.Testing;

namespace Platter.Cli.Tests.Commands;

/// <summary>
/// The verbs on a PostgreSQL <c>--db</c> (a real server): import and export work, the summary names
/// the database but never the password, PLATTER_DB may name it too, and the tag index, query and the
/// site work from the SQLite file beside it (<c>--local</c>) as they do from an SQLite catalog.
/// </summary>
public sealed class PostgresVerbTests : CatalogVerbTest
{
    private readonly string _db = LocalPostgres.Shared.CreateDatabase();

    private string Name => new NpgsqlConnectionStringBuilder(_db).Database!;

    private string Url => $"postgres://platter:{Uri.EscapeDataString(LocalPostgres.Shared.Password)}@127.0.0.1:{LocalPostgres.Shared.Port}/{Name}";

    [Fact]
    public async Task Import_into_a_postgres_url_says_where_it_went_builds_the_index_beside_it_and_never_shows_the_password()
    {
        var local = Path.Combine(Cli.Home, "local.db");
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Url, "--local", local, Fixtures.Sample2020));

        // The table's title may wrap: compare with the line breaks and padding taken out.
        Assert.Contains($"Imported into PostgreSQL database {Name} on 127.0.0.1:{LocalPostgres.Shared.Port} as platter", System.Text.RegularExpressions.Regex.Replace(Cli.Out, @"\s+", " "), StringComparison.Ordinal);
        Assert.Contains($"Building the tag index of PostgreSQL database {Name} on 127.0.0.1:{LocalPostgres.Shared.Port} as platter into {local} …", Cli.Error, StringComparison.Ordinal);
        Assert.Contains("Tag index built: 1,974 works (1,082 with videos), 4,435 videos, 3,155 tags in ", Cli.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(LocalPostgres.Shared.Password, Cli.Out + Cli.Error, StringComparison.Ordinal);
        using var c = new NpgsqlConnection(_db);
        c.Open();
        using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM release) + (SELECT count(*) FROM artist) + (SELECT count(*) FROM label) + (SELECT count(*) FROM master)", c);
        Assert.Equal(4000L, count.ExecuteScalar());
    }

    [Fact]
    public async Task The_index_of_a_postgres_catalog_is_row_for_row_the_index_of_the_same_dump_in_sqlite()
    {
        var local = Path.Combine(Cli.Home, "local.db");
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Url, "--local", local, Fixtures.Sample2020));
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.Sample2020));

        // Every work, video and tag (with its postings) the same, in the same order.
        foreach (var table in new[] { "work", "video", "tag", "word", "prefix" })
        {
            var fromSqlite = IndexRows(Db, table);
            Assert.NotEmpty(fromSqlite);
            Assert.Equal(fromSqlite, IndexRows(local, table));
        }

        // And query answers from it: Deep House works counted in PostgreSQL itself, not by the index.
        Assert.Equal(0, await Cli.RunAsync("query", "--db", Url, "--local", local, "--json", "style:Deep House"));
        using var json = System.Text.Json.JsonDocument.Parse(Cli.Out);
        using var c = new NpgsqlConnection(_db);
        c.Open();
        using var works = new NpgsqlCommand("""
            SELECT count(*) FROM (
              SELECT CASE WHEN r.master_id IS NULL THEN 'r' || r.id ELSE 'm' || r.master_id END FROM release_style s JOIN release r ON r.id = s.release_id WHERE s.style = 'Deep House'
              UNION SELECT 'm' || master_id FROM master_style WHERE style = 'Deep House') w
            """, c);
        Assert.Equal(76L, works.ExecuteScalar());
        Assert.Equal(76, json.RootElement.GetProperty("works").GetInt32());
        Assert.Equal(0, await Cli.RunAsync("query", "--db", Url, "--local", local, "--m3u", "style:Deep House"));
        Assert.Equal(344, Cli.Out.Split('\n').Count(l => l.StartsWith("https://www.youtube.com/watch?v=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_index_older_than_the_postgres_catalog_says_how_to_rebuild_it()
    {
        var local = Path.Combine(Cli.Home, "local.db");
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Url, "--local", local, Fixtures.Sample2020));

        // Another machine (another --local) imports next month's releases into the same database.
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Url, "--local", Path.Combine(Cli.Home, "elsewhere.db"), Fixtures.SampleFile("releases")));

        Assert.Equal(0, await Cli.RunAsync("query", "--db", Url, "--local", local, "style:Techno"));
        Assert.Contains($"warning: masters or releases were imported after the tag index was built; rebuild it with: platter index --db DB --local {local}", Cli.Error, StringComparison.Ordinal);
        Assert.Equal(0, await Cli.RunAsync("index", "--db", Url, "--local", local));
        Assert.Equal(0, await Cli.RunAsync("query", "--db", Url, "--local", local, "style:Techno"));
        Assert.DoesNotContain("warning:", Cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_site_serves_a_postgres_catalog_from_the_index_beside_it()
    {
        var local = Path.Combine(Cli.Home, "local.db");
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Url, "--local", local, Fixtures.Sample2020));
        var context = new CliContext(TextWriter.Null, TextWriter.Null, name => Cli.Environment.GetValueOrDefault(name), Cli.Home, interactive: false);
        var options = Platter.Cli.Commands.ServeCommand.SiteOptionsFor(context, new Platter.Cli.Commands.Stores(Url, local), ["http://127.0.0.1:0"], new Uri("https://www.youtube.com/iframe_api"));
        await using var site = Platter.Web.PlatterSite.Create(options);
        await site.StartAsync();
        var address = site.Urls.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };

        using var works = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("api/works?t=style:Deep%20House&limit=1"));
        Assert.Equal(76, works.RootElement.GetProperty("works").GetInt32());
        var status = await http.GetStringAsync("api/status");
        Assert.Contains($"PostgreSQL database {Name} on 127.0.0.1:{LocalPostgres.Shared.Port} as platter (index and collection in {local})", System.Text.Json.JsonDocument.Parse(status).RootElement.GetProperty("database").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(LocalPostgres.Shared.Password, status, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("")).StatusCode);
    }

    [Fact]
    public async Task Collection_verbs_before_a_sync_say_to_sync_into_the_local_file_without_repeating_the_address()
    {
        var local = Path.Combine(Cli.Home, "never-synced.db");
        Assert.Equal(2, await Cli.RunAsync("collection", "stats", "--db", Url, "--local", local));
        Assert.Equal($"The database {local} does not exist. Sync a collection first: platter collection sync --db DB --local {local}", Cli.Error.Trim().Replace("error: ", "", StringComparison.Ordinal));
        Assert.DoesNotContain(LocalPostgres.Shared.Password, Cli.Out + Cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(local));
    }

    [Fact]
    public async Task Local_goes_only_with_a_postgres_catalog()
    {
        Assert.Equal(2, await Cli.RunAsync("index", "--db", Db, "--local", Path.Combine(Cli.Home, "local.db")));
        Assert.Contains($"--local goes with a PostgreSQL --db; the SQLite catalog {Db} keeps its tag index and collection in its own file.", Cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Indexing_an_unreachable_server_says_which_and_keeps_the_index_there_was()
    {
        var local = Path.Combine(Cli.Home, "local.db");
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Url, "--local", local, Fixtures.Sample2020));
        var before = IndexRows(local, "tag");

        var gone = $"postgres://platter:{Uri.EscapeDataString(LocalPostgres.Shared.Password)}@127.0.0.1:1/{Name}";
        Assert.Equal(1, await Cli.RunAsync("index", "--db", gone, "--local", local));
        Assert.Contains($"PostgreSQL database {Name} on 127.0.0.1:1 as platter", Cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(LocalPostgres.Shared.Password, Cli.Out + Cli.Error, StringComparison.Ordinal);
        Assert.Equal(before, IndexRows(local, "tag"));
    }

    /// <summary>The rows of one table of the index's current generation in <paramref name="file"/>, in ordinal order, each as text.</summary>
    private static List<string> IndexRows(string file, string table)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var g = c.CreateCommand();
        g.CommandText = "SELECT value FROM tag_index_meta WHERE key = 'generation'";
        var generation = (string)g.ExecuteScalar()!;
        using var rows = c.CreateCommand();
        rows.CommandText = $"SELECT * FROM tagidx{generation}_{table} ORDER BY 1, 2";
        using var reader = rows.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i) is byte[] b ? Convert.ToHexString(b) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return list;
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            LocalPostgres.Shared.DropDatabase(_db);
        }

        base.Dispose(disposing);
    }
}
