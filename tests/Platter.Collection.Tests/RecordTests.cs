using System.Text.Json;
using Platter.Api;
using Platter.Catalog;
using Platter.Collection;
using Platter.Testing;

namespace Platter.Collection.Tests;

/// <summary>
/// The releases, masters and artists behind a collection of real records (the sample dump's, and
/// the recorded API responses for releases 1 to 3): from the API alone, from the local catalog,
/// and the same rows either way.
/// </summary>
public sealed class RecordTests : IAsyncLifetime, IDisposable
{
    private const string User = "collector";
    private const string Rows = "SELECT id || '|' || coalesce(master_id, '') || '|' || title || '|' || coalesce(year, '') || '|' || coalesce(released, '') || '|' || coalesce(country, '') FROM rec_release ORDER BY id";
    private const string Tags = "SELECT release_id || '|' || kind || '|' || position || '|' || name || '|' || coalesce(ref_id, '') FROM rec_release_tag ORDER BY release_id, kind, position";
    private const string Credits = "SELECT release_id || '|' || kind || '|' || position || '|' || coalesce(track, '') || '|' || coalesce(artist_id, '') || '|' || name || '|' || coalesce(anv, '') || '|' || coalesce(join_text, '') || '|' || coalesce(role, '') || '|' || coalesce(tracks, '') FROM rec_release_credit ORDER BY release_id, kind, position";
    private readonly TempFolder _folder = new("platter-records");
    private FakeDiscogsApi _fake = null!;

    // The sample's first twelve releases: 1 to 3 answered by the recorded responses, the rest by the dump's records.
    private static List<int> Releases => DumpAsApi.Sample.ReleaseIds.Take(12).ToList();

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions { AuthenticatedLimit = 1000 });
        _fake.Records = DumpAsApi.Sample;
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Without_a_catalog_every_record_comes_from_the_api_once_and_404s_are_noted()
    {
        _fake.AddCollection(User, 20, wants: 3, Releases);
        var expected = Expected();
        using var client = Client();

        var report = await new CollectionSync(client, Db("api.db")).RunAsync(null, null, CancellationToken.None);

        var records = report.Records!;
        Assert.Equal((0, 12), records.Releases);
        Assert.Equal((0, expected.Masters.Count(Served)), records.Masters);
        Assert.Equal((0, expected.Artists.Count(Served)), records.Artists);
        var lists = expected.MainArtists.ToDictionary(a => a, ArtistList);
        Assert.Equal(
            expected.Masters.Where(m => !Served(m)).Select(m => "master " + m[8..])
                .Concat(expected.Artists.Where(a => !Served(a)).Select(a => "artist " + a[8..]))
                .Concat(lists.Where(l => l.Value is null).Select(l => "masters of artist " + l.Key)),
            records.Missing);
        Assert.Equal((0, lists.Count(l => l.Value is not null)), records.ArtistMasters);

        // identity, folders, a page, the wantlist, value, then each record once, then every page of each main artist's list (a 404 is one call)
        Assert.Equal(5 + 12 + expected.Masters.Count + expected.Artists.Count + lists.Values.Sum(l => l?.Pages ?? 1), report.Calls);
        Assert.All(_fake.Requests.GroupBy(r => r.PathAndQuery), g => Assert.Single(g));

        Assert.Equal("1|5427|Stockholm|1999|1999-03-00|Sweden", SqliteRead.Column(Db("api.db"), Rows)[0]);
        Assert.Contains("1|extra|1||239|Jesper Dahlbäck|||Music By [All Tracks By]|", SqliteRead.Column(Db("api.db"), Credits));
        Assert.Equal(expected.Artists.Count(Served), SqliteRead.Number(Db("api.db"), "SELECT count(*) FROM rec_artist WHERE source = 'api'"));

        // The Persuader's masters as the recorded list names them (type master, role Main), every page.
        Assert.Equal(lists[1]!.Value.Masters, SqliteRead.Column(Db("api.db"), "SELECT master_id || '|' || title FROM rec_artist_master WHERE artist_id = 1 ORDER BY master_id"));
        Assert.NotEmpty(lists[1]!.Value.Masters);
    }

    [Fact]
    public async Task The_artists_masters_from_the_catalog_are_the_apis_and_a_second_sync_asks_for_none()
    {
        _fake.AddCollection(User, 20, wants: 3, Releases);
        using (var client = Client())
        {
            await new CollectionSync(client, Db("api.db")).RunAsync(null, null, CancellationToken.None);
        }

        await new CatalogImporter(Db("catalog.db")).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);
        var inCatalog = SqliteRead.Column(Db("catalog.db"), "SELECT id FROM artist").Select(long.Parse).ToHashSet();
        var main = Expected().MainArtists;
        _fake.ClearLog();
        using var again = Client();

        var report = await new CollectionSync(again, Db("catalog.db")).RunAsync(null, null, CancellationToken.None);

        Assert.Equal(main.Count(inCatalog.Contains), report.Records!.ArtistMasters.Catalog);
        Assert.DoesNotContain(_fake.Requests, r => main.Where(inCatalog.Contains).Any(a => r.PathAndQuery.StartsWith($"/artists/{a}/releases", StringComparison.Ordinal)));

        // The catalog's master_artist and the fake's lists (made from the same dump) give the same
        // rows, for the artists whose list was not recorded from the real Discogs.
        var fromDump = main.Where(a => inCatalog.Contains(a) && !Directory.Exists(Path.GetDirectoryName(_fake.FixtureFile($"artists/{a}/releases", "page=1&per_page=50")))).ToList();
        Assert.NotEmpty(fromDump);
        const string Masters = "SELECT artist_id || '|' || master_id || '|' || title || '|' || coalesce(year, '') || '|' || coalesce(main_release, '') FROM rec_artist_master WHERE artist_id IN ({0}) ORDER BY 1";
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, Masters, string.Join(",", fromDump));
        Assert.Equal(SqliteRead.Column(Db("api.db"), sql), SqliteRead.Column(Db("catalog.db"), sql));
        Assert.Equal(
            SqliteRead.Number(Db("catalog.db"), $"SELECT count(DISTINCT master_id) FROM master_artist WHERE artist_id IN ({string.Join(",", fromDump)})"),
            SqliteRead.Number(Db("catalog.db"), $"SELECT count(*) FROM rec_artist_master WHERE artist_id IN ({string.Join(",", fromDump)})"));

        _fake.ClearLog();
        var third = await new CollectionSync(again, Db("catalog.db")).RunAsync(User, null, CancellationToken.None);
        Assert.Equal((0, 0), third.Records!.ArtistMasters);
        Assert.DoesNotContain(_fake.Requests, r => r.PathAndQuery.Contains("/releases?", StringComparison.Ordinal) && r.PathAndQuery.StartsWith("/artists/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_stats_and_images_the_community_figures_and_thumbnails_are_stored_once()
    {
        await new CatalogImporter(Db("catalog.db")).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);
        _fake.AddCollection(User, 20, wants: 3, Releases);
        using var client = Client();
        var images = _folder.File("images");

        var report = await new CollectionSync(client, Db("catalog.db")) { WithStats = true, ImageFolder = images }.RunAsync(null, null, CancellationToken.None);

        // Every release of the collection and wantlist was asked for once: its figures as the
        // served body states them (read here from the JSON), none for the recorded releases 1 to 3,
        // whose answers carry no community block.
        var expectedStats = Releases.Select(id => DumpAsApi.Sample.Body($"releases/{id}") is { } body && !File.Exists(_fake.FixtureFile($"releases/{id}", null))
            ? FiguresOf(id, body)
            : $"{id}||").ToList();
        Assert.Equal(expectedStats, SqliteRead.Column(Db("catalog.db"), "SELECT release_id || '|' || coalesce(have, '') || '|' || coalesce(want, '') FROM rec_release_stats ORDER BY release_id"));
        Assert.Equal(["1||", "2||", "3||"], expectedStats.Take(3));
        Assert.Equal(SqliteRead.Number(Db("catalog.db"), "SELECT count(*) FROM rec_release"), report.Records!.Stats);
        Assert.Equal(report.Records.Stats, (int)SqliteRead.Number(Db("catalog.db"), "SELECT count(*) FROM rec_release_stats"));

        // Thumbnails: main artists with an image have its file (the primary one, else the first);
        // the others are noted as having none.
        var main = Expected().MainArtists;
        var withImage = SqliteRead.Column(Db("catalog.db"), "SELECT DISTINCT artist_id FROM rec_artist_image").Select(long.Parse).ToHashSet();
        Assert.Equal(main.Count(withImage.Contains), report.Records.Images);
        Assert.Equal(report.Records.Images, _fake.ImageRequests);
        Assert.Empty(report.Records.ImageProblems);
        var file = Path.Combine(images, "artists", "1.jpeg");
        Assert.Equal(FakeDiscogsApi.ImageBytes.ToArray(), File.ReadAllBytes(file));
        using (var doc = JsonDocument.Parse(File.ReadAllText(_fake.FixtureFile("artists/1", null))))
        {
            var first = doc.RootElement.GetProperty("images").EnumerateArray().First().GetProperty("uri150").GetString();
            Assert.Equal($"{_fake.BaseAddress.ToString().TrimEnd('/')}{first}|{file}", SqliteRead.Column(Db("catalog.db"), "SELECT url || '|' || path FROM rec_artist_image_file WHERE artist_id = 1").Single());
        }

        // Main artists Discogs does not show (404) have no record, so nothing to look for.
        var stored = SqliteRead.Column(Db("catalog.db"), "SELECT id FROM rec_artist").Select(long.Parse).ToHashSet();
        Assert.Equal(main.Where(stored.Contains).Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)), SqliteRead.Column(Db("catalog.db"), "SELECT artist_id FROM rec_artist_image_file ORDER BY artist_id"));
        Assert.Equal(main.Count(a => stored.Contains(a) && !withImage.Contains(a)), (int)SqliteRead.Number(Db("catalog.db"), "SELECT count(*) FROM rec_artist_image_file WHERE path = ''"));
        Assert.True(main.Count(stored.Contains) > report.Records.Images, "some main artists have no image");

        // Asked again, nothing is fetched or downloaded again.
        _fake.ClearLog();
        var second = await new CollectionSync(client, Db("catalog.db")) { WithStats = true, ImageFolder = images }.RunAsync(User, null, CancellationToken.None);
        Assert.Equal((0, 0), (second.Records!.Stats, second.Records.Images));
        Assert.Equal(4, second.Calls);
        Assert.Equal(report.Records.Images, _fake.ImageRequests);
    }

    [Fact]
    public async Task With_the_catalog_imported_releases_come_from_it_and_the_rows_are_the_apis()
    {
        _fake.AddCollection(User, 20, wants: 3, Releases);
        using (var client = Client())
        {
            await new CollectionSync(client, Db("api.db")).RunAsync(null, null, CancellationToken.None);
        }

        await new CatalogImporter(Db("catalog.db")).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);
        var inCatalog = SqliteRead.Column(Db("catalog.db"), "SELECT 'artist' || id FROM artist").ToHashSet();
        var expected = Expected();
        _fake.ClearLog();
        using var again = Client();

        var report = await new CollectionSync(again, Db("catalog.db")).RunAsync(null, null, CancellationToken.None);

        var records = report.Records!;
        var artistsInCatalog = expected.Artists.Count(a => inCatalog.Contains("artist" + a[8..]));
        Assert.Equal((12, 0), records.Releases);
        Assert.Equal((artistsInCatalog, expected.Artists.Count(a => Served(a) && !inCatalog.Contains("artist" + a[8..]))), records.Artists);
        Assert.DoesNotContain(_fake.Requests, r => r.PathAndQuery.StartsWith("/releases/", StringComparison.Ordinal));

        // One shape: the releases the fake serves from the same dump are stored row for row alike.
        var fromDump = Releases.Where(id => id > 3).Select(id => id + "|").ToList();
        bool FromDump(string row) => fromDump.Exists(row.StartsWith);
        foreach (var sql in new[] { Rows, Tags, Credits })
        {
            var api = SqliteRead.Column(Db("api.db"), sql).Where(FromDump).ToList();
            Assert.NotEmpty(api);
            Assert.Equal(api, SqliteRead.Column(Db("catalog.db"), sql).Where(FromDump).ToList());
        }
    }

    [Fact]
    public async Task A_catalog_import_changes_none_of_the_stored_records_or_what_is_derived()
    {
        _fake.AddCollection(User, 20, wants: 3, Releases);
        using var client = Client();
        await new CollectionSync(client, Db("api.db")).RunAsync(null, null, CancellationToken.None);
        string[] tables = ["rec_release", "rec_release_tag", "rec_release_credit", "rec_master", "rec_artist", "rec_artist_link", "rec_missing", "der_artist", "der_role", "der_artist_items", "der_relation"];
        List<string> Dump(string table)
        {
            var columns = SqliteRead.Column(Db("api.db"), $"SELECT name FROM pragma_table_info('{table}')");
            return SqliteRead.Column(Db("api.db"), $"SELECT {string.Join(" || '|' || ", columns.Select(c => $"quote({c})"))} FROM {table} ORDER BY 1");
        }

        var before = tables.ToDictionary(t => t, Dump);
        Assert.All(tables.Where(t => t is not ("rec_missing" or "rec_master")), t => Assert.NotEmpty(before[t])); // none of these releases' masters is served

        await new CatalogImporter(Db("api.db")).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);

        Assert.All(tables, t => Assert.Equal(before[t], Dump(t)));
        Assert.Equal(1000L, SqliteRead.Number(Db("api.db"), "SELECT count(*) FROM release"));
    }

    [Fact]
    public async Task A_second_sync_fetches_no_record_again()
    {
        _fake.AddCollection(User, 20, wants: 3, Releases);
        using var client = Client();
        var sync = new CollectionSync(client, Db("api.db"));
        await sync.RunAsync(null, null, CancellationToken.None);

        var second = await sync.RunAsync(User, null, CancellationToken.None);

        Assert.Equal(4, second.Calls); // folders, a page, the wantlist, value
        Assert.Equal(((0, 0), (0, 0), (0, 0), (0, 0), 0), (second.Records!.Releases, second.Records.Masters, second.Records.Artists, second.Records.ArtistMasters, second.Records.Missing.Count));
    }

    [Fact]
    public async Task A_deleted_release_is_skipped_and_said_and_the_rest_stored()
    {
        _fake.AddCollection(User, 3, releases: [1, 2, 999_999_999]);
        using var client = Client();

        var report = await new CollectionSync(client, Db("api.db")).RunAsync(null, null, CancellationToken.None);

        Assert.Contains("release 999999999", report.Records!.Missing);
        Assert.Equal(["1", "2"], SqliteRead.Column(Db("api.db"), "SELECT id FROM rec_release ORDER BY id"));
        Assert.StartsWith($"GET {_fake.BaseAddress}releases/999999999 failed: 404", SqliteRead.Column(Db("api.db"), "SELECT reason FROM rec_missing WHERE kind = 'release'").Single(), StringComparison.Ordinal);
        Assert.Equal(3L, SqliteRead.Number(Db("api.db"), "SELECT count(*) FROM collection_item"));
    }

    [Fact]
    public async Task A_server_error_while_fetching_records_stops_keeps_what_was_stored_and_the_next_run_continues()
    {
        _fake.AddCollection(User, 12, releases: Releases);
        using var client = Client();
        var progress = new OnReport<SyncProgress>(p =>
        {
            if (p.Step == "releases" && p.Done == 5)
            {
                _fake.FailNext(100, 500);
            }
        });

        var e = await Assert.ThrowsAsync<CollectionSyncException>(() => new CollectionSync(client, Db("api.db")).RunAsync(null, progress, CancellationToken.None));

        Assert.StartsWith($"GET {_fake.BaseAddress}releases/{Releases[5]} failed: 500", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"The 5 releases fetched before it are kept; run `platter collection sync` again and it continues with release {Releases[5]}.", e.Message, StringComparison.Ordinal);
        Assert.Equal(5L, SqliteRead.Number(Db("api.db"), "SELECT count(*) FROM rec_release"));

        _fake.ClearFaults();
        _fake.ClearLog();
        var report = await new CollectionSync(client, Db("api.db")).RunAsync(null, null, CancellationToken.None);
        Assert.Equal((0, 7), report.Records!.Releases);
        Assert.DoesNotContain(_fake.Requests, r => Releases.Take(5).Any(id => r.PathAndQuery == $"/releases/{id}"));
    }

    [Fact]
    public async Task A_token_revoked_while_fetching_records_says_to_sign_in_again_and_keeps_the_records()
    {
        _fake.AddCollection(User, 12, releases: Releases);
        using var client = Client();
        var progress = new OnReport<SyncProgress>(p =>
        {
            if (p.Step == "releases" && p.Done == 3)
            {
                _fake.RevokeAll();
            }
        });

        var e = await Assert.ThrowsAsync<CollectionSyncException>(() => new CollectionSync(client, Db("api.db")).RunAsync(null, progress, CancellationToken.None));

        Assert.StartsWith($"GET {_fake.BaseAddress}releases/{Releases[3]} was refused: 401", e.Message, StringComparison.Ordinal);
        Assert.Contains("sign in again with `platter auth login`", e.Message, StringComparison.Ordinal);
        Assert.IsType<DiscogsUnauthorizedException>(e.InnerException);
        Assert.Equal(3L, SqliteRead.Number(Db("api.db"), "SELECT count(*) FROM rec_release"));
        Assert.Equal(12L, SqliteRead.Number(Db("api.db"), "SELECT count(*) FROM collection_item"));
    }

    private string Db(string name) => _folder.File(name);

    private DiscogsClient Client() => new(new DiscogsClientOptions
    {
        BaseAddress = _fake.BaseAddress,
        UserAgent = "PlatterTests/1.0 +https://example.org/platter-tests",
        Credentials = new PersonalTokenCredentials(_fake.IssuePersonalToken(User)),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(5),
    });

    /// <summary>Whether the fake answers <paramref name="path"/> (a recorded response or a sample record).</summary>
    private bool Served(string path) => File.Exists(_fake.FixtureFile(path, null)) || DumpAsApi.Sample.Body(path) is not null;

    /// <summary>
    /// The masters and artists the collection's releases name, counted here from the bodies the
    /// fake serves (JSON read directly, not through Platter's models), as "masters/ID" and "artists/ID".
    /// </summary>
    private static string FiguresOf(int id, string body)
    {
        using var doc = JsonDocument.Parse(body);
        var c = doc.RootElement.GetProperty("community");
        return $"{id}|{c.GetProperty("have").GetInt32()}|{c.GetProperty("want").GetInt32()}";
    }

    /// <summary>
    /// An artist's list as the fake serves it at 100 a page, counted here from the recorded pages
    /// (JSON read directly) or the dump's records: its pages and its masters as "ID|title"
    /// (type master, role Main), ordered by id; null when the fake answers 404.
    /// </summary>
    private (int Pages, List<string> Masters)? ArtistList(long artist)
    {
        var folder = Path.GetDirectoryName(_fake.FixtureFile($"artists/{artist}/releases", "page=1&per_page=50"))!;
        List<(string Type, long Id, string Role, string Title)> entries = [];
        if (Directory.Exists(folder))
        {
            for (var n = 1; File.Exists(Path.Combine(folder, $"page={n}&per_page=50.json")); n++)
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, $"page={n}&per_page=50.json")));
                entries.AddRange(doc.RootElement.GetProperty("releases").EnumerateArray()
                    .Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("id").GetInt64(), e.GetProperty("role").GetString()!, e.GetProperty("title").GetString()!)));
            }
        }
        else if (DumpAsApi.Sample.ArtistReleases(artist) is { Count: > 0 } list)
        {
            entries.AddRange(list.Select(e => (e.Type, e.Id, e.Role, e.Title)));
        }
        else
        {
            return null;
        }

        var masters = entries.Where(e => e.Type == "master" && e.Role == "Main").OrderBy(e => e.Id).Select(e => $"{e.Id}|{e.Title}").ToList();
        return (Math.Max(1, (entries.Count + 99) / 100), masters);
    }

    private (List<string> Masters, List<string> Artists, List<long> MainArtists) Expected()
    {
        var masters = new SortedSet<long>();
        var artists = new SortedSet<long>();
        var main = new SortedSet<long>();
        void Credits(JsonElement owner)
        {
            foreach (var list in new[] { "artists", "extraartists" })
            {
                if (owner.TryGetProperty(list, out var credits))
                {
                    foreach (var c in credits.EnumerateArray())
                    {
                        if (c.GetProperty("id").GetInt64() > 0)
                        {
                            artists.Add(c.GetProperty("id").GetInt64());
                        }
                    }
                }
            }

            if (owner.TryGetProperty("sub_tracks", out var subs))
            {
                foreach (var t in subs.EnumerateArray())
                {
                    Credits(t);
                }
            }
        }

        foreach (var id in Releases)
        {
            var file = _fake.FixtureFile($"releases/{id}", null);
            using var doc = JsonDocument.Parse(File.Exists(file) ? File.ReadAllText(file) : DumpAsApi.Sample.Body($"releases/{id}")!);
            var root = doc.RootElement;
            if (root.TryGetProperty("master_id", out var m) && m.ValueKind == JsonValueKind.Number && m.GetInt64() > 0)
            {
                masters.Add(m.GetInt64());
            }

            Credits(root);
            foreach (var t in root.GetProperty("tracklist").EnumerateArray())
            {
                Credits(t);
            }

            // Main artists of the collection's items (every release here is an item), not Various.
            main.UnionWith(root.GetProperty("artists").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).Where(a => a is > 0 and not (194 or 355 or 118760)));
        }

        return ([.. masters.Select(m => $"masters/{m}")], [.. artists.Select(a => $"artists/{a}")], [.. main]);
    }
}
