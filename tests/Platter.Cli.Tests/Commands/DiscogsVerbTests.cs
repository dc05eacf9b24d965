using System.Text.RegularExpressions;
using Platter.Cli;
using Platter.Testing;

namespace Platter.Cli.Tests.Commands;

/// <summary><c>platter auth</c> and <c>platter api</c> run in-process against the fake Discogs.</summary>
public sealed class DiscogsVerbTests : IAsyncLifetime
{
    private readonly string _configDir = Path.Combine(Fixtures.NewTempDir("platter-cli"), "config");
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private FakeDiscogsApi _fake = null!;

    private string SecretsPath => Path.Combine(_configDir, "secrets.yaml");

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscogsApi.StartAsync();
        _environment["PLATTER_CONFIG_DIR"] = _configDir;
        _environment["PLATTER_API_URL"] = _fake.BaseAddress.AbsoluteUri;
        _environment["PLATTER_USER_AGENT"] = "PlatterCliTests/1.0";
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_configDir)!, recursive: true);
    }

    [Fact]
    public async Task Token_status_api_get_and_logout()
    {
        var token = _fake.IssuePersonalToken();

        var stored = await RunAsync("auth", "token", token);
        var status = await RunAsync("auth", "status");
        var release = await RunAsync("api", "get", "/releases/1");
        var logout = await RunAsync("auth", "logout");
        var after = await RunAsync("auth", "status");

        Assert.Equal((0, $"Signed in as example (personal token). Credentials stored in {SecretsPath}.\n", ""), stored);
        Assert.Equal((0, $"Signed in as example (personal token) at {_fake.BaseAddress}.\n", ""), status);
        Assert.Equal(0, release.Exit);
        Assert.Contains("\"title\": \"Östermalm\"", release.Out, StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"status\": \"Accepted\",", release.Out, StringComparison.Ordinal);
        Assert.Equal((0, $"Signed out: removed {SecretsPath}. To revoke Platter's access too, remove it under https://www.discogs.com/settings/applications.\n", ""), logout);
        Assert.Equal((ExitCodes.Auth, "", "error: Not signed in. Sign in with `platter auth login` or `platter auth token TOKEN`.\n"), after);
        Assert.False(File.Exists(SecretsPath));
        Assert.All(_fake.Requests, r => Assert.Equal("PlatterCliTests/1.0", r.UserAgent));
        Assert.Equal($"Discogs token={token}", _fake.Requests.Single(r => r.PathAndQuery == "/releases/1").Authorization);
        Assert.DoesNotContain(token, stored.Out + status.Out + release.Out + logout.Out + after.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secrets_file_is_owner_only_and_holds_the_token()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var token = _fake.IssuePersonalToken();

        await RunAsync("auth", "token", token);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SecretsPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_configDir));
        var text = await File.ReadAllTextAsync(SecretsPath);
        Assert.Contains($"token: {token}", text, StringComparison.Ordinal);
        Assert.Contains("method: token", text, StringComparison.Ordinal);
        Assert.False(File.Exists(SecretsPath + ".tmp"));
    }

    [Theory]
    [InlineData("plaintext", "PLAINTEXT")]
    [InlineData("hmac-sha1", "HMAC-SHA1")]
    public async Task Login_runs_the_out_of_band_flow_and_later_requests_are_signed(string option, string method)
    {
        _environment["PLATTER_CONSUMER_KEY"] = _fake.ConsumerKey;
        _environment["PLATTER_CONSUMER_SECRET"] = _fake.ConsumerSecret;

        var login = await RunAsync(new VerifierReader(() => _fake.LastVerifier), "auth", "login", "--signature", option);
        var folders = await RunAsync("api", "get", "users/example/collection/folders");

        Assert.Equal(0, login.Exit);
        var lines = login.Out.Split('\n');
        Assert.Equal("Open this address in a browser, sign in to Discogs and approve Platter:", lines[0]);
        Assert.Matches("^  https://www\\.discogs\\.com/oauth/authorize\\?oauth_token=[0-9a-f]{30}$", lines[1]);
        Assert.Equal("Then paste the verifier Discogs shows (or the address it sent you to): ", lines[2]);
        Assert.Equal($"Signed in as example (OAuth, {method}). Credentials stored in {SecretsPath}.", lines[3]);
        Assert.Equal("", login.Error);
        Assert.Equal(0, folders.Exit);
        Assert.Contains("\"name\": \"Uncategorized folder\"", folders.Out, StringComparison.Ordinal);
        var signed = _fake.Requests[^1];
        Assert.Equal(("/users/example/collection/folders", 200), (signed.PathAndQuery, signed.Status));
        Assert.Contains($"oauth_signature_method=\"{method}\"", signed.Authorization, StringComparison.Ordinal);
        var secrets = await File.ReadAllTextAsync(SecretsPath);
        Assert.Contains("method: oauth", secrets, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.ConsumerSecret, login.Out + folders.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("token_secret", login.Out + folders.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_accepts_the_callback_address_instead_of_the_bare_verifier()
    {
        _environment["PLATTER_CONSUMER_KEY"] = _fake.ConsumerKey;
        _environment["PLATTER_CONSUMER_SECRET"] = _fake.ConsumerSecret;

        var login = await RunAsync(
            new VerifierReader(() => $"http://localhost:8080/done?oauth_token=x&oauth_verifier={_fake.LastVerifier}"),
            "auth", "login", "--callback", "http://localhost:8080/done");

        Assert.Equal(0, login.Exit);
        Assert.EndsWith($"Signed in as example (OAuth, PLAINTEXT). Credentials stored in {SecretsPath}.\n", login.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_without_a_consumer_key_says_where_to_set_it()
    {
        var login = await RunAsync("auth", "login");

        Assert.Equal(ExitCodes.Usage, login.Exit);
        Assert.Equal(
            "error: Signing in needs your application's consumer key and secret. Register an application at https://www.discogs.com/settings/developers, then give them with " +
            $"--consumer-key and --consumer-secret, PLATTER_CONSUMER_KEY and PLATTER_CONSUMER_SECRET, or consumer_key and consumer_secret in {Path.Combine(_configDir, "config.yaml")}. Or store a personal token instead: `platter auth token TOKEN`.\n",
            login.Error);
        Assert.Equal(0, _fake.RequestCount);
    }

    [Fact]
    public async Task Login_with_an_empty_verifier_stores_nothing()
    {
        var login = await RunAsync(new VerifierReader(() => ""), "auth", "login", "--consumer-key", _fake.ConsumerKey, "--consumer-secret", _fake.ConsumerSecret);

        Assert.Equal((ExitCodes.Auth, "error: No verifier entered; nothing was stored. Run `platter auth login` again.\n"), (login.Exit, login.Error));
        Assert.False(File.Exists(SecretsPath));
    }

    [Fact]
    public async Task A_revoked_token_tells_the_user_to_sign_in_again()
    {
        await RunAsync("auth", "token", _fake.IssuePersonalToken());
        _fake.RevokeAll();

        var status = await RunAsync("auth", "status");

        Assert.Equal(ExitCodes.Auth, status.Exit);
        Assert.Equal(
            $"error: GET {_fake.BaseAddress}oauth/identity was refused: 401 Unauthorized (\"Invalid personal token.\"). The credentials are missing, wrong or revoked; sign in again with `platter auth login` (or store a personal token with `platter auth token TOKEN`).\n",
            status.Error);
    }

    [Fact]
    public async Task A_token_can_come_from_standard_input_and_the_user_agent_from_an_option()
    {
        var token = _fake.IssuePersonalToken();

        var stored = await RunAsync(new StringReader(token + "\n"), "auth", "token", "-", "--user-agent", "MyCollectionScript/2.0");

        Assert.Equal((0, $"Signed in as example (personal token). Credentials stored in {SecretsPath}.\n", ""), stored);
        Assert.Equal(("MyCollectionScript/2.0", $"Discogs token={token}"), (_fake.Requests.Single().UserAgent, _fake.Requests.Single().Authorization));
    }

    [Fact]
    public async Task A_blank_user_agent_is_refused_before_any_request()
    {
        var result = await RunAsync("api", "get", "/releases/1", "--user-agent", " ");

        Assert.Equal(
            (ExitCodes.Usage, $"error: The User-Agent is blank; Discogs needs one that names the application. Fix --user-agent, PLATTER_USER_AGENT or user_agent in {Path.Combine(_configDir, "config.yaml")}.\n"),
            (result.Exit, result.Error));
        Assert.Equal(0, _fake.RequestCount);
    }

    [Fact]
    public async Task A_wrong_token_is_not_stored()
    {
        var result = await RunAsync("auth", "token", "not-a-token");

        Assert.Equal(ExitCodes.Auth, result.Exit);
        Assert.DoesNotContain("not-a-token", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(SecretsPath));
    }

    [Fact]
    public async Task Api_get_reports_a_missing_resource_and_fails()
    {
        var result = await RunAsync("api", "get", "/masters/1");

        Assert.Equal((ExitCodes.Failure, "", $"error: GET {_fake.BaseAddress}masters/1 failed: 404 Not Found (\"Master Release not found.\"). Check the id, user name or path.\n"), result);
    }

    [Fact]
    public async Task The_api_url_option_wins_over_the_environment()
    {
        _environment["PLATTER_API_URL"] = "http://127.0.0.1:9/";

        var result = await RunAsync("api", "get", "/labels/31405", "--api-url", _fake.BaseAddress.AbsoluteUri);

        Assert.Equal(0, result.Exit);
        Assert.Contains("\"name\": \"I Ner Zon Sounds\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_consumer_key_alone_is_used_when_nobody_is_signed_in()
    {
        _environment["PLATTER_CONSUMER_KEY"] = _fake.ConsumerKey;
        _environment["PLATTER_CONSUMER_SECRET"] = _fake.ConsumerSecret;

        var result = await RunAsync("api", "get", "/releases/2");

        Assert.Equal(0, result.Exit);
        Assert.Equal($"Discogs key={_fake.ConsumerKey}, secret={_fake.ConsumerSecret}", _fake.Requests.Single().Authorization);
        Assert.DoesNotContain(_fake.ConsumerSecret, result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_get_refuses_full_urls_on_other_hosts()
    {
        var result = await RunAsync("api", "get", "https://example.org/releases/1");

        Assert.Equal(ExitCodes.Usage, result.Exit);
        Assert.Equal($"error: https://example.org is not the Discogs API ({_fake.BaseAddress.GetLeftPart(UriPartial.Authority)}). Give a path such as /releases/1.\n", result.Error);
        Assert.Equal(0, _fake.RequestCount);
    }

    [Fact]
    public async Task Collection_sync_stores_the_signed_in_users_collection_and_prints_what_it_did()
    {
        _fake.AddCollection("collector", 250, wants: 30);
        var db = Path.Combine(Path.GetDirectoryName(_configDir)!, "platter.db");
        await RunAsync("auth", "token", _fake.IssuePersonalToken("collector"));

        var first = await RunAsync("collection", "sync", "--collection-only", "--db", db);
        var second = await RunAsync("collection", "sync", "--collection-only", "--db", db);

        Assert.Equal(0, first.Exit);
        Assert.Equal(
            $"Collection of collector synced into {db}: 250 items in 1 folder (250 new, 0 changed, 0 removed), 30 wants (30 new, 0 removed); 7 API calls.\n"
            + "Value: 1,204.10 to 3,991.00 EUR, median 2,010.55.\n",
            first.Out);
        Assert.Equal(
            "folders read; 2 calls made, 5 to go; 56 of 60 left this minute\n"
            + "collection: page 1 of 3; 3 calls made, 4 to go; 55 of 60 left this minute\n"
            + "collection: page 2 of 3; 4 calls made, 3 to go; 54 of 60 left this minute\n"
            + "collection: page 3 of 3; 5 calls made, 2 to go; 53 of 60 left this minute\n"
            + "wantlist: page 1 of 1; 6 calls made, 1 to go; 52 of 60 left this minute\n"
            + "value read; 7 calls made, 0 to go; 51 of 60 left this minute\n",
            first.Error);
        Assert.Equal(0, second.Exit);
        Assert.StartsWith($"Collection of collector synced into {db}: 250 items in 1 folder (0 new, 0 changed, 0 removed), 30 wants (0 new, 0 removed); 6 API calls.", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_postgres_catalog_the_records_come_from_it_and_the_collection_is_kept_in_the_local_file()
    {
        var postgres = LocalPostgres.Shared.CreateDatabase();
        try
        {
            _fake.Records = DumpAsApi.Sample;
            _fake.AddCollection("collector", 1, releases: [1]);
            var folder = Path.GetDirectoryName(_configDir)!;
            var local = Path.Combine(folder, "local.db");
            var sqlite = Path.Combine(folder, "catalog.db");
            Assert.Equal(0, (await RunAsync("import", "--db", postgres, "--local", local, Fixtures.Sample2020)).Exit);
            Assert.Equal(0, (await RunAsync("import", "--db", sqlite, Fixtures.Sample2020)).Exit);
            await RunAsync("auth", "token", _fake.IssuePersonalToken("collector"));

            var result = await RunAsync("collection", "sync", "--db", postgres, "--local", local);
            Assert.Equal(0, result.Exit);
            Assert.StartsWith($"Collection of collector synced into {local}: 1 item in 1 folder (1 new, 0 changed, 0 removed), 0 wants (0 new, 0 removed); ", result.Out, StringComparison.Ordinal);

            // Release 1 and its artists from PostgreSQL; master 5427 is not in the sample, so it is asked of the API (404).
            Assert.Contains("Records stored: 1 release (1 from the catalog, 0 from the API), 0 masters (0 from the catalog, 0 from the API), ", result.Out, StringComparison.Ordinal);
            Assert.Equal(0, _fake.CountRequests("/releases/1"));

            // Row for row what the same sync stores from the same dump in an SQLite catalog.
            Assert.Equal(0, (await RunAsync("collection", "sync", "--db", sqlite)).Exit);
            foreach (var table in new[] { "rec_release", "rec_release_tag", "rec_release_credit", "rec_master", "rec_artist", "rec_artist_link", "rec_artist_url", "rec_artist_master", "rec_artist_masters" })
            {
                var fromSqlite = Rows(sqlite, table);
                Assert.Equal(fromSqlite, Rows(local, table));
                Assert.True(fromSqlite.Count > 0 || table is "rec_master" or "rec_artist_master", $"{table} is empty");
            }

            // The release page: its tracks, formats, labels and videos read from PostgreSQL are those of the SQLite catalog.
            Platter.Collection.ReleasePage fromPostgres, fromFile;
            using (var catalog = Platter.Storage.CatalogStore.Read(postgres))
            using (var c = Platter.Collection.CollectionStore.Open(local))
            {
                fromPostgres = Platter.Collection.CollectionViews.Release(c, "collector", 1, catalog)!;
            }

            using (var c = Platter.Collection.CollectionStore.Open(sqlite))
            {
                fromFile = Platter.Collection.CollectionViews.Release(c, "collector", 1)!;
            }

            Assert.True(fromPostgres.InCatalog);
            Assert.Equal(int.Parse(SqliteRead.Column(sqlite, "SELECT count(*) FROM release_track WHERE release_id = 1").Single(), System.Globalization.CultureInfo.InvariantCulture), fromPostgres.Tracks.Count);
            Assert.Equal(int.Parse(SqliteRead.Column(sqlite, "SELECT count(*) FROM release_video WHERE release_id = 1").Single(), System.Globalization.CultureInfo.InvariantCulture), fromPostgres.Videos.Count);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(fromFile with { Copies = [] }), System.Text.Json.JsonSerializer.Serialize(fromPostgres with { Copies = [] }));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            // The site's discover page and artist page (similar artists) look across the catalog on the server as across the file.
            foreach (var path in new[] { "api/collection/discover?on=2021-01-15&seed=7", "api/collection/artists/1" })
            {
                var fromServer = await SiteAnswerAsync(new Platter.Web.SiteOptions { DatabasePath = local, Catalog = postgres, Urls = ["http://127.0.0.1:0"] }, path);
                var fromCatalogFile = await SiteAnswerAsync(new Platter.Web.SiteOptions { DatabasePath = sqlite, Urls = ["http://127.0.0.1:0"] }, path);
                Assert.Contains("\"source\":\"catalog\"", fromCatalogFile, StringComparison.Ordinal);
                Assert.DoesNotContain("\"similar\":[]", fromCatalogFile, StringComparison.Ordinal);
                Assert.Equal(fromCatalogFile, fromServer);
            }

            // The answers kept between requests are made anew once something is imported into the server.
            var interval = TimeSpan.FromMilliseconds(50);
            await using (var site = Platter.Web.PlatterSite.Create(new Platter.Web.SiteOptions { DatabasePath = local, Catalog = postgres, Urls = ["http://127.0.0.1:0"], IndexCheckInterval = interval }))
            {
                await site.StartAsync();
                using var http = new HttpClient { BaseAddress = new Uri(site.Urls.Single().TrimEnd('/') + "/") };
                async Task<string> CacheOf(string path)
                {
                    await Task.Delay(interval * 2);
                    using var answer = await http.GetAsync(path);
                    Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
                    return answer.Headers.TryGetValues("X-Platter-Cache", out var v) ? string.Join(",", v) : "made";
                }

                Assert.Equal("made", await CacheOf("api/collection/releases/1"));
                Assert.Equal("hit", await CacheOf("api/collection/releases/1"));
                Assert.Equal(0, (await RunAsync("import", "--db", postgres, "--local", Path.Combine(folder, "elsewhere.db"), Fixtures.SampleFile("labels"))).Exit);
                Assert.Equal("made", await CacheOf("api/collection/releases/1"));
                Assert.Equal("hit", await CacheOf("api/collection/releases/1"));
            }

            var stats = await RunAsync("collection", "stats", "--db", postgres, "--local", local);
            Assert.Equal(0, stats.Exit);
            Assert.StartsWith("Collection of collector: 1 item, 1 release, 1 main artist, 0 wants.", stats.Out, StringComparison.Ordinal);
            Assert.DoesNotContain(LocalPostgres.Shared.Password, result.Out + result.Error + stats.Out + stats.Error, StringComparison.Ordinal);
        }
        finally
        {
            LocalPostgres.Shared.DropDatabase(postgres);
        }
    }

    /// <summary>The body of GET <paramref name="path"/> from a site started with <paramref name="options"/>.</summary>
    private static async Task<string> SiteAnswerAsync(Platter.Web.SiteOptions options, string path)
    {
        await using var site = Platter.Web.PlatterSite.Create(options);
        await site.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(site.Urls.Single().TrimEnd('/') + "/") };
        using var answer = await http.GetAsync(path);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, $"{path}: {(int)answer.StatusCode} {body}");
        return body;
    }

    /// <summary>Every row of <paramref name="table"/> but the time it was stored, as text, in order.</summary>
    private static List<string> Rows(string database, string table)
    {
        var columns = SqliteRead.Column(database, $"SELECT name FROM pragma_table_info('{table}') WHERE name <> 'stored_at'");
        return SqliteRead.Column(database, $"SELECT {string.Join(" || '|' || ", columns.Select(c => $"coalesce(quote({c}), 'null')"))} FROM {table} ORDER BY {string.Join(", ", columns)}");
    }

    [Fact]
    public async Task Collection_sync_stores_the_records_behind_the_items_and_says_what_was_missing()
    {
        _fake.Records = DumpAsApi.Sample;
        _fake.AddCollection("collector", 2, releases: [1, 999_999_999]);
        var db = Path.Combine(Path.GetDirectoryName(_configDir)!, "platter.db");
        await RunAsync("auth", "token", _fake.IssuePersonalToken("collector"));

        var result = await RunAsync("collection", "sync", "--db", db);

        // Release 1 (recorded): master 5427 and artist 239 are neither recorded nor in the sample (404); artist 1 is recorded.
        Assert.Equal(0, result.Exit);
        Assert.Equal(
            $"Collection of collector synced into {db}: 2 items in 1 folder (2 new, 0 changed, 0 removed), 0 wants (0 new, 0 removed); 11 API calls.\n"
            + "Value: 1,204.10 to 3,991.00 EUR, median 2,010.55.\n"
            + "Records stored: 1 release (0 from the catalog, 1 from the API), 0 masters (0 from the catalog, 0 from the API), 1 artist (0 from the catalog, 1 from the API); the masters of 1 main artist (0 from the catalog, 1 from the API).\n"
            + "Not on Discogs (404, skipped and not asked for again): 3: release 999999999, master 5427, artist 239.\n"
            + "Derived: 2 artists (0 groups, 1 people, 1 unknown), 2 roles on releases, 8 relations, in #.## s.\n",
            Regex.Replace(result.Out, @"in \d+\.\d\d s\.", "in #.## s."));
        Assert.Contains("releases not in the catalog: 2 of 2 fetched; 7 calls made, 0 to go;", result.Error, StringComparison.Ordinal);

        // Thumbnails on demand: The Persuader's one image, beside the database; the record is not fetched again.
        var images = await RunAsync("collection", "sync", "--db", db, "--with-images");
        Assert.Equal(0, images.Exit);
        Assert.Contains("\nThumbnails downloaded: 1.\n", images.Out, StringComparison.Ordinal);
        Assert.Equal(FakeDiscogsApi.ImageBytes.ToArray(), File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(db)!, "platter-images", "artists", "1.jpeg")));
        Assert.Equal(1, _fake.CountRequests("/artists/1"));

        // The artist as the collection sees it: The Persuader's record (recorded) names seven aliases, 239 among them.
        var artist = await RunAsync("collection", "artist", "--db", db, "persuader, the");
        Assert.Equal(0, artist.Exit);
        Assert.StartsWith(
            "Persuader, The (artist 1): person, image /image/A-1-1138987958.jpeg\n"
            + "Items: 1 as main artist (on 1 release), 0 as track artist (on 0 releases), 0 credited (on 0 releases)\n"
            + "  release 1 Stockholm: Main Artist\n"
            + "Relations:\n"
            + "  alias of Jesper Dahlbäck (239), weight 1; from artist 1\n"
            + "  alias of Groove Machine (16055), weight 1; from artist 1\n",
            artist.Out,
            StringComparison.Ordinal);
        Assert.EndsWith("  credits Jesper Dahlbäck (239), weight 1, as Music By; from release 1\n", artist.Out, StringComparison.Ordinal);
        Assert.Equal(7, artist.Out.Split('\n').Count(l => l.StartsWith("  alias of ", StringComparison.Ordinal)));

        var stats = await RunAsync("collection", "stats", "--db", db, "--top", "3");
        Assert.Equal(0, stats.Exit);
        Assert.StartsWith("Collection of collector: 2 items, 2 releases, 1 main artist, 0 wants.\nValue on ", stats.Out, StringComparison.Ordinal);
        Assert.Contains("\nTop artists: Persuader, The (1)\nTop labels: Svek (1)\nTop genres: Electronic (1)\nTop styles: Deep House (1)\nTop decades: 1990s (1)\nTop formats: Vinyl (1)\nTop countries: Sweden (1)\n", stats.Out, StringComparison.Ordinal);

        // Me, The Persuader and the seven aliases and one credited artist around him, in one community.
        var gexf = Path.Combine(Path.GetDirectoryName(_configDir)!, "network.gexf");
        var network = await RunAsync("collection", "network", "--db", db, "--format", "gexf", "--out", gexf);
        Assert.Equal((0, ""), (network.Exit, network.Out));
        Assert.Equal("Network of collector: 9 nodes (1 collection artist, 7 one relation away), 9 edges, 1 community; the largest (8): Persuader, The, Jesper Dahlbäck, Groove Machine.\n", network.Error);
        Assert.Equal(9, System.Xml.Linq.XDocument.Load(gexf).Descendants("{http://gexf.net/1.3}node").Count());

        var unknown = await RunAsync("collection", "artist", "--db", db, "Nobody At All");
        Assert.Equal((ExitCodes.Failure, "", "error: No artist \"Nobody At All\" is named on a release of collector's collection or wantlist. Give the Discogs id, or the name as Discogs writes it.\n"), unknown);
    }

    [Fact]
    public async Task Collection_sync_without_a_sign_in_says_how_to_sign_in()
    {
        var result = await RunAsync("collection", "sync", "--db", Path.Combine(Path.GetDirectoryName(_configDir)!, "platter.db"));

        Assert.Equal((ExitCodes.Auth, "", "error: Not signed in. Sign in with `platter auth login` or `platter auth token TOKEN`, then run `platter collection sync` again.\n"), result);
        Assert.Equal(0, _fake.RequestCount);
    }

    private Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) => RunAsync(TextReader.Null, args);

    private async Task<(int Exit, string Out, string Error)> RunAsync(TextReader input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, name => _environment.GetValueOrDefault(name), _configDir, interactive: false) { In = input };
        var exit = await PlatterCli.RunAsync(args, context, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Standard input that answers with what the user would paste once the authorize page showed it.</summary>
    private sealed class VerifierReader(Func<string?> line) : TextReader
    {
        public override string? ReadLine() => line();
    }
}
