using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platter.Api;
using Platter.Catalog;
using Platter.Collection;
using Platter.Index;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>
/// "Play my collection": the sample catalog with its index, and a collection of 30 of its
/// releases with videos (and a wantlist of 10 more) synced from the local Discogs; the works and
/// videos expected are counted here in SQL over the catalog's own tables.
/// </summary>
public sealed class CollectionTagsFixture : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new("platter-web-collection");
    private WebApplication? _site;
    private FakeYoutube? _youtube;
    private IPlaywright? _playwright;

    public string DatabasePath => _folder.File("catalog.db");

    public string Folder => _folder.Path;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public List<long> Items { get; private set; } = [];

    public List<long> Wants { get; private set; } = [];

    /// <summary>A main artist of the collection with masters in the catalog.</summary>
    public long MastersArtist { get; private set; }

    public async Task InitializeAsync()
    {
        await new CatalogImporter(DatabasePath).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);
        new IndexBuilder(DatabasePath).Build();
        var withVideos = SqliteRead.Column(DatabasePath, "SELECT DISTINCT release_id FROM release_video ORDER BY release_id LIMIT 40").Select(long.Parse).ToList();

        // Also the releases of the main artist the catalog lists the most masters for (the sample
        // is not a coherent catalog: few of its masters' artists have releases in it).
        MastersArtist = long.Parse(SqliteRead.Column(DatabasePath, """
            SELECT a.artist_id FROM release_artist a JOIN master_artist m ON m.artist_id = a.artist_id
            WHERE a.artist_id NOT IN (194, 355) GROUP BY a.artist_id ORDER BY count(DISTINCT m.master_id) DESC, a.artist_id LIMIT 1
            """).Single(), System.Globalization.CultureInfo.InvariantCulture);
        var ofArtist = SqliteRead.Column(DatabasePath, $"SELECT DISTINCT release_id FROM release_artist WHERE artist_id = {MastersArtist} ORDER BY 1").Select(long.Parse);
        Items = withVideos.Take(30).Union(ofArtist).ToList();
        Wants = withVideos.Skip(30).Except(Items).ToList();

        // Item i is release i of the list, want n the n-th from its end: the items, then the wants.
        await using (var fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions { AuthenticatedLimit = 1000 }))
        {
            fake.Records = DumpAsApi.Sample;
            fake.AddCollection("collector", Items.Count, wants: Wants.Count, Items.Concat(Enumerable.Reverse(Wants)).Select(id => (int)id).ToList());
            using var client = new DiscogsClient(new DiscogsClientOptions
            {
                BaseAddress = fake.BaseAddress,
                UserAgent = "PlatterTests/1.0 +https://example.org/platter-tests",
                Credentials = new PersonalTokenCredentials(fake.IssuePersonalToken("collector")),
            });
            await new CollectionSync(client, DatabasePath).RunAsync(null, null, CancellationToken.None);
        }

        _youtube = await FakeYoutube.StartAsync();
        (_site, BaseAddress) = await TestSites.StartAsync(new SiteOptions { DatabasePath = DatabasePath, Urls = ["http://127.0.0.1:0"], YoutubeApi = _youtube.ApiUrl });
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public void Dispose() => _folder.Dispose();

    public async Task DisposeAsync()
    {
        await TestSites.StopAsync(Browser, _playwright, _site, _youtube);
        _folder.Dispose();
    }
}

public sealed class CollectionTagsTests(CollectionTagsFixture site) : IClassFixture<CollectionTagsFixture>
{
    private const string ReleaseWork = "CASE WHEN r.master_id IS NULL THEN 'r' || r.id ELSE 'm' || r.master_id END";

    [Fact]
    public async Task In_collection_plays_exactly_the_videos_of_the_collections_works()
    {
        var works = Works($"SELECT {ReleaseWork} FROM release r WHERE r.id IN ({string.Join(",", site.Items)})");
        var pairs = VideoPairs(works);
        using var http = new HttpClient { BaseAddress = site.BaseAddress };

        using (var doc = JsonDocument.Parse(await http.GetStringAsync("api/works?t=in:collection&limit=0")))
        {
            Assert.Equal(["in:collection"], doc.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(works.Count, doc.RootElement.GetProperty("works").GetInt32());
            Assert.Equal(pairs.Count, doc.RootElement.GetProperty("videos").GetInt64());
        }

        var videos = await Videos(http, "t=in:collection");
        Assert.Equal(pairs.Count, videos.Count);
        Assert.Equal(pairs.Select(p => p.Split(' ')[1]).ToHashSet(), videos.ToHashSet());
        Assert.True(works.Count >= 20, $"the collection's 30 releases make {works.Count} works");
    }

    [Fact]
    public async Task In_collection_and_in_wantlist_combine_with_tags_and_exclusions()
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        var collection = Works($"SELECT {ReleaseWork} FROM release r WHERE r.id IN ({string.Join(",", site.Items)})");
        var wanted = Works($"SELECT {ReleaseWork} FROM release r WHERE r.id IN ({string.Join(",", site.Wants)})");
        var deep = Works($"SELECT 'm' || master_id FROM master_style WHERE style = 'Deep House' UNION SELECT {ReleaseWork} FROM release_style s JOIN release r ON r.id = s.release_id WHERE s.style = 'Deep House'");

        var mine = collection.Intersect(deep).ToHashSet();
        Assert.NotEmpty(mine);
        Assert.True(mine.Count < collection.Count, "some of the collection is not Deep House");
        Assert.Equal(mine.Count, await WorkCount(http, "t=in:collection&t=style:Deep House"));
        Assert.Equal(VideoPairs(mine).Count, (await Videos(http, "t=in:collection&t=style:Deep House")).Count);

        Assert.Equal(wanted.Count, await WorkCount(http, "t=in:wantlist"));
        Assert.Equal(deep.Except(collection).Count(), await WorkCount(http, "t=style:Deep House&t=-in:collection"));
        Assert.Equal(collection.Except(wanted).Count(), await WorkCount(http, "t=in:collection&t=-in:wantlist"));

        // Another user's (none here): an empty result, not someone else's records.
        Assert.Equal(0, await WorkCount(http, "t=in:collection&user=somebody"));
    }

    [Fact]
    public async Task An_unknown_set_and_a_database_without_a_collection_say_what_to_write_or_run()
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        using var response = await http.GetAsync("api/works?t=in:everything");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("'in:everything' names no set; write in:collection or in:wantlist.", doc.RootElement.GetProperty("detail").GetString());

        var none = new CollectionTags(Path.Combine(site.Folder, "no-such.db"), null);
        var e = Assert.Throws<TagQueryException>(() => none.Find("collection"));
        Assert.Equal("in:collection plays the records of your Discogs collection, and none is synced yet: run `platter collection sync`, then ask again.", e.Message);
    }

    [Fact]
    public async Task The_explorer_suggests_your_collection_and_plays_it()
    {
        var works = Works($"SELECT {ReleaseWork} FROM release r WHERE r.id IN ({string.Join(",", site.Items)})");
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 1000 } });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, d) =>
        {
            dialogs.Add(d.Message);
            await d.DismissAsync();
        };
        await page.GotoAsync(site.BaseAddress.ToString());
        await page.Locator("#search").PressSequentiallyAsync("coll");
        var option = page.Locator("#suggestions li[data-token='in:collection']");
        await option.WaitForAsync();
        Assert.Equal("In", await option.Locator(".kind").TextContentAsync());
        await option.ClickAsync();

        await Assertions.Expect(page.Locator("#count")).ToHaveTextAsync($"{works.Count} works, {VideoPairs(works).Count} videos");
        await Assertions.Expect(page.Locator("#chips .chip .name")).ToHaveTextAsync("collection");
        Assert.Equal(site.BaseAddress + "?t=in%3Acollection", page.Url);
        await Chromium.ScreenshotAsync(page, "explorer-in-collection");
        Assert.Empty(dialogs);
        await context.CloseAsync();
    }

    [Fact]
    public async Task An_artist_page_lists_the_artists_masters_the_collection_lacks()
    {
        // Counted here from the catalog's own tables: the artist's masters, less those the
        // collection holds a release of.
        var a = site.MastersArtist;
        var owned = $"SELECT master_id FROM release WHERE master_id IS NOT NULL AND id IN ({string.Join(",", site.Items)})";
        var all = SqliteRead.Column(site.DatabasePath, $"SELECT DISTINCT master_id FROM master_artist WHERE artist_id = {a}");
        var gaps = SqliteRead.Column(site.DatabasePath, $"SELECT DISTINCT master_id FROM master_artist WHERE artist_id = {a} AND master_id NOT IN ({owned})");
        var name = SqliteRead.Column(site.DatabasePath, $"SELECT coalesce((SELECT name FROM artist WHERE id = {a}), (SELECT name FROM release_artist WHERE artist_id = {a} LIMIT 1))").Single();
        Assert.NotEmpty(gaps);

        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "artist/" + a);
        await page.Locator("#artist").WaitForAsync();

        Assert.Equal(gaps.Order(StringComparer.Ordinal), (await page.Locator("#gaps tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.master)")).Order(StringComparer.Ordinal));
        Assert.Equal(
            gaps.Count == all.Count ? $"None of the {all.Count} masters with {name} as main artist is in the collection." : $"{gaps.Count} of the {all.Count} masters with {name} as main artist are not in the collection.",
            await page.Locator("#gaps-caption").InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "collection-artist-gaps");
        await context.CloseAsync();
    }

    private static async Task<int> WorkCount(HttpClient http, string query)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"api/works?{query}&limit=0"));
        return doc.RootElement.GetProperty("works").GetInt32();
    }

    private static async Task<List<string>> Videos(HttpClient http, string query)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"api/videos?{query}&limit=1000"));
        return doc.RootElement.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("youtubeId").GetString()!).ToList();
    }

    private HashSet<string> Works(string sql) => SqliteRead.Column(site.DatabasePath, sql).ToHashSet();

    /// <summary>"work youtube-id" pairs of the works: their masters' videos and every release's of the work, once per id per work.</summary>
    private HashSet<string> VideoPairs(HashSet<string> works) => SqliteRead.Column(
        site.DatabasePath,
        $"SELECT 'm' || master_id || ' ' || youtube_id FROM master_video WHERE youtube_id IS NOT NULL UNION SELECT {ReleaseWork} || ' ' || v.youtube_id FROM release_video v JOIN release r ON r.id = v.release_id WHERE v.youtube_id IS NOT NULL")
        .Where(p => works.Contains(p.Split(' ')[0])).ToHashSet();
}
