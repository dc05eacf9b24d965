using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platter.Cli.Commands;
using Platter.Testing;

namespace Platter.Cli.Tests.Commands;

/// <summary><c>platter index</c>, <c>query</c> and <c>serve</c>'s start-up checks, run in-process.</summary>
public sealed class IndexVerbTests : CatalogVerbTest
{
    [Fact]
    public async Task Import_builds_the_index_by_itself_and_query_answers_from_it()
    {
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.Sample2020));
        Assert.Contains("Tag index built: 1,974 works (1,082 with videos), 4,435 videos, 3,155 tags in ", Cli.Out, StringComparison.Ordinal);

        Assert.Equal(0, await Cli.RunAsync("query", "--db", Db, "--json", "style:Techno", "country:Germany"));
        using var json = JsonDocument.Parse(Cli.Out);
        Assert.Equal(Count("""
            SELECT count(*) FROM (
              SELECT CASE WHEN r.master_id IS NULL THEN 'r' || r.id ELSE 'm' || r.master_id END AS w FROM release r JOIN release_style s ON s.release_id = r.id WHERE s.style = 'Techno'
              UNION SELECT 'm' || master_id FROM master_style WHERE style = 'Techno'
              INTERSECT SELECT CASE WHEN r.master_id IS NULL THEN 'r' || r.id ELSE 'm' || r.master_id END FROM release r WHERE r.country = 'Germany')
            """), json.RootElement.GetProperty("works").GetInt32());
        Assert.Equal("style:Techno", json.RootElement.GetProperty("query").GetProperty("clauses")[0].GetProperty("tags")[0].GetProperty("token").GetString());
    }

    [Fact]
    public async Task Reimporting_releases_changes_what_the_index_answers()
    {
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.Sample2020));
        Assert.Equal(2, await Cli.RunAsync("query", "--db", Db, "style:Platter Test Style"));
        Assert.Contains("No work has the tag style:Platter Test Style.", Cli.Error, StringComparison.Ordinal);

        // Next month's releases: release 1 ("Stockholm") is now filed under a new style.
        var changed = DumpXml.ReplaceInRelease(DumpXml.ReadGzip(Fixtures.SampleFile("releases")), 1, "<style>Deep House</style>", "<style>Platter Test Style</style>");
        var file = Path.Combine(Cli.Home, "discogs_20200906_releases.xml.gz");
        DumpXml.WriteGzip(file, changed);

        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, file));
        Assert.Contains("Tag index built:", Cli.Out, StringComparison.Ordinal);
        Assert.Equal(0, await Cli.RunAsync("query", "--db", Db, "--m3u", "style:Platter Test Style"));
        var urls = Cli.Out.Split('\n').Where(l => l.StartsWith("https://", StringComparison.Ordinal)).ToList();
        var expected = Strings("SELECT 'https://www.youtube.com/watch?v=' || youtube_id FROM release_video WHERE release_id = 1 ORDER BY position");
        Assert.Equal(6, expected.Count);
        Assert.Equal(expected, urls);
    }

    [Fact]
    public async Task Index_with_redis_writes_the_tag_sets_there_too()
    {
        await using var redis = await LocalRedis.StartAsync();
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.Sample2020));
        Assert.Equal(0, await Cli.RunAsync("index", "--db", Db, "--redis", redis.Endpoint));
        Assert.Contains($"Redis {redis.Endpoint}: 3,155 tag sets and 1,082 video lists written in ", Cli.Out, StringComparison.Ordinal);

        await using var mux = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var persuader = await mux.GetDatabase().SetMembersAsync("platter:tag:artist:The Persuader");
        Assert.Equal(3, persuader.Length);

        Assert.Equal(1, await Cli.RunAsync("index", "--db", Db, "--redis", "127.0.0.1:9"));
        Assert.Contains("error: Cannot reach the Redis server at 127.0.0.1:9: no server answered there. Is redis-server running there? Start it, or name another with --redis HOST:PORT.", Cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redis_address_without_a_usable_port_is_a_usage_error_before_any_build()
    {
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.SampleFile("labels")));

        Assert.Equal(2, await Cli.RunAsync("index", "--db", Db, "--redis", "localhost:99999"));

        Assert.StartsWith("--redis: 'localhost:99999' is not HOST:PORT (a port from 1 to 65535), for example 127.0.0.1:6379.\n", Cli.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("Building the tag index", Cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_only_import_does_not_rebuild_the_index()
    {
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.SampleFile("labels")));
        Assert.DoesNotContain("Tag index", Cli.Out, StringComparison.Ordinal);
        Assert.Equal(1, await Cli.RunAsync("query", "--db", Db, "genre:Rock"));
        Assert.Contains($"error: The database {Db} has no tag index yet. Build it with: platter index --db {Db}", Cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_of_a_database_without_a_catalog_says_to_import_first()
    {
        Assert.Equal(1, await Cli.RunAsync("index", "--db", Db));
        Assert.Contains($"error: The database {Db} does not exist. Import the catalog first: platter import --db {Db} DUMPS", Cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("index")]
    [InlineData("query", "genre:Rock")]
    [InlineData("serve", "--urls", "http://127.0.0.1:0")]
    [InlineData("collection", "stats")]
    [InlineData("export", "jsonl")]
    public async Task A_file_that_is_not_a_database_is_refused_with_its_name_and_left_as_it_was(params string[] verb)
    {
        var notes = Path.Combine(Cli.Home, "notes.db");
        var text = "these are my notes, not a database, and they are long enough to have a header";
        await File.WriteAllTextAsync(notes, text);

        Assert.Equal(1, await Cli.RunAsync([.. verb, "--db", notes]));

        Assert.Equal($"error: Cannot open the database {notes}: it is not an SQLite file. Choose another --db or move it away; nothing was written to it.\n", Cli.Error.ReplaceLineEndings("\n"));
        Assert.Equal(text, await File.ReadAllTextAsync(notes));
        Assert.False(File.Exists(notes + "-wal"));
    }

    [Fact]
    public void The_index_build_names_a_file_that_is_not_a_database()
    {
        var notes = Path.Combine(Cli.Home, "notes.db");
        File.WriteAllText(notes, "these are my notes, not a database, and they are long enough to have a header");

        var e = Assert.Throws<Platter.Index.IndexException>(() => new Platter.Index.IndexBuilder(notes).Build());

        Assert.Equal($"The file {notes} is not an SQLite database. Nothing was written to it; name the catalog's database with --db.", e.Message);
    }

    [Fact]
    public async Task Query_with_a_bad_tag_exits_2_with_the_reason()
    {
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.Sample2020));
        Assert.Equal(2, await Cli.RunAsync("query", "--db", Db, "colour:Red"));
        Assert.Contains("error: Unknown tag kind 'colour' in 'colour:Red'. The kinds are: genre, style, decade, year, country, format, label, artist.", Cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shuffle", "abc", "--shuffle: 'abc' is not a whole number.")]
    [InlineData("--limit", "2.5", "--limit: '2.5' is not a whole number.")]
    [InlineData("--limit", "99999999999", "--limit: '99999999999' is out of range (from -2,147,483,648 to 2,147,483,647).")]
    public async Task A_number_option_given_something_else_is_a_usage_error_in_words(string option, string value, string message)
    {
        Assert.Equal(2, await Cli.RunAsync("query", "--db", Db, "genre:Rock", option, value));

        Assert.StartsWith(message + "\n", Cli.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", Cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_listens_on_loopback_unless_the_command_line_asks()
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null, name => Cli.Environment.GetValueOrDefault(name), Cli.Home, interactive: false);
        Assert.Equal(["http://127.0.0.1:5000"], ServeCommand.ListenUrls(context, null));
        Assert.Equal(["http://0.0.0.0:8080"], ServeCommand.ListenUrls(context, "http://0.0.0.0:8080"));

        Cli.Environment["PLATTER_URLS"] = "http://0.0.0.0:8080";
        var fresh = new CliContext(TextWriter.Null, TextWriter.Null, name => Cli.Environment.GetValueOrDefault(name), Cli.Home, interactive: false);
        var e = Assert.Throws<CliException>(() => ServeCommand.ListenUrls(fresh, null));
        Assert.Equal(
            "Refusing to listen on http://0.0.0.0:8080, which other machines can reach: it came from PLATTER_URLS or the config file. The site has no sign-in of its own; to serve beyond this machine, ask for it on the command line: --urls http://0.0.0.0:8080",
            e.Message);

        Cli.Environment["PLATTER_URLS"] = "http://localhost:5001";
        var local = new CliContext(TextWriter.Null, TextWriter.Null, name => Cli.Environment.GetValueOrDefault(name), Cli.Home, interactive: false);
        Assert.Equal(["http://localhost:5001"], ServeCommand.ListenUrls(local, null));
    }

    [Fact]
    public void Serve_gives_the_site_the_discogs_settings_and_secrets_file_the_cli_uses()
    {
        Cli.Environment["PLATTER_API_URL"] = "http://127.0.0.1:9/";
        Cli.Environment["PLATTER_AUTHORIZE_URL"] = "http://127.0.0.1:9/oauth/authorize";
        Cli.Environment["PLATTER_CONSUMER_KEY"] = "key-from-env";
        Cli.Environment["PLATTER_CONSUMER_SECRET"] = "secret-from-env";
        Cli.Environment["PLATTER_USER_AGENT"] = "Tester/2.0";
        var context = new CliContext(TextWriter.Null, TextWriter.Null, name => Cli.Environment.GetValueOrDefault(name), Cli.Home, interactive: false);
        var options = ServeCommand.SiteOptionsFor(context, new Stores(Db, Db), ["http://127.0.0.1:0"], new Uri("https://www.youtube.com/iframe_api"));
        Assert.Equal(
            ("http://127.0.0.1:9/", "http://127.0.0.1:9/oauth/authorize", "key-from-env", "secret-from-env", "Tester/2.0"),
            (options.DiscogsApi.AbsoluteUri, options.DiscogsAuthorize.AbsoluteUri, options.ConsumerKey, options.ConsumerSecret, options.UserAgent));
        Assert.Equal(Path.Combine(context.Settings.ConfigDirectory, "secrets.yaml"), options.SecretsPath);
        Assert.Equal(context.Settings.ConfigFile, options.ConfigFile);

        Cli.Environment.Remove("PLATTER_CONSUMER_SECRET");
        Cli.Environment.Remove("PLATTER_AUTHORIZE_URL");
        var partial = ServeCommand.SiteOptionsFor(new CliContext(TextWriter.Null, TextWriter.Null, name => Cli.Environment.GetValueOrDefault(name), Cli.Home, interactive: false), new Stores(Db, Db), ["http://127.0.0.1:0"], new Uri("https://www.youtube.com/iframe_api"));
        Assert.Equal((null, null, "https://www.discogs.com/oauth/authorize"), (partial.ConsumerKey, partial.ConsumerSecret, partial.DiscogsAuthorize.AbsoluteUri));
    }

    [Fact]
    public async Task Serve_refuses_a_non_loopback_address_from_the_environment_with_exit_code_2()
    {
        Cli.Environment["PLATTER_URLS"] = "http://192.0.2.10:5000";
        Assert.Equal(2, await Cli.RunAsync("serve", "--db", Db));
        Assert.Contains("error: Refusing to listen on http://192.0.2.10:5000", Cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Db));
    }

    private long Count(string sql)
    {
        using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private List<string> Strings(string sql)
    {
        using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }
}
