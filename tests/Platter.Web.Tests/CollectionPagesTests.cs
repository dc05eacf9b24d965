using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>The collection's pages in a real Chromium, their numbers counted again here from the stored tables.</summary>
public sealed class CollectionPagesTests(CollectionFixture fixture) : IClassFixture<CollectionFixture>
{
    private const string User = CollectionFixture.User;
    private static readonly HttpClient _http = new();

    private SiteFixture Site => fixture.Site;

    private string Db => fixture.DatabasePath;

    [Fact]
    public async Task The_dashboard_shows_the_collections_figures_as_counted_from_its_items()
    {
        // Counted here from the raw rows: each item's release, each release's genres and main artists, and year.
        var items = SqliteRead.Column(Db, $"SELECT release_id FROM collection_item WHERE username = '{User}'").Select(long.Parse).ToList();
        var genres = Pairs("SELECT release_id || '|' || name FROM rec_release_tag WHERE kind = 'genre'");
        var mainArtists = Pairs("SELECT release_id || '|' || artist_id FROM rec_release_credit WHERE kind = 'main' AND artist_id IS NOT NULL");
        var years = SqliteRead.Column(Db, "SELECT id || '|' || year FROM rec_release WHERE year IS NOT NULL").Select(s => s.Split('|')).ToDictionary(p => long.Parse(p[0], CultureInfo.InvariantCulture), p => int.Parse(p[1], CultureInfo.InvariantCulture));
        var genreCounts = items.SelectMany(r => genres.GetValueOrDefault(r, []).Distinct()).GroupBy(g => g)
            .Select(g => (Name: g.Key, Items: g.Count())).OrderByDescending(g => g.Items).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(CollectionFixture.Items, items.Count);
        Assert.Equal(CollectionFixture.ReleaseCount, items.Distinct().Count());

        var (page, dialogs) = await Site.NewPageAsync();
        await page.GotoAsync(Site.BaseAddress + "collection");
        await page.Locator("#dashboard").WaitForAsync();

        Assert.Equal($"{User}'s collection", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("300", await page.Locator("#stat-items").InnerTextAsync());
        Assert.Equal("150", await page.Locator("#stat-releases").InnerTextAsync());
        Assert.Equal(items.Distinct().SelectMany(r => mainArtists.GetValueOrDefault(r, [])).Distinct().Count().ToString(CultureInfo.InvariantCulture), await page.Locator("#stat-artists").InnerTextAsync());
        Assert.Equal("4", await page.Locator("#stat-wants").InnerTextAsync());
        Assert.Equal("€2,010.55", await page.Locator("#stat-value").InnerTextAsync());

        // The genres' table view: the top 15, exactly.
        Assert.Equal(genreCounts.Take(15).Select(g => $"{g.Name}|{g.Items}"), await Rows(page, "#genres table tbody tr"));

        // One decade × genre cell: the biggest decade and the top genre; and one row per decade that has items with a year.
        var decadeOf = (long r) => years.TryGetValue(r, out var y) ? y / 10 * 10 : (int?)null;
        var decades = items.Select(decadeOf).Where(d => d is not null).Distinct().Order().ToList();
        var decade = items.Select(decadeOf).Where(d => d is not null).GroupBy(d => d).OrderByDescending(g => g.Count()).First().Key!.Value;
        var top = genreCounts[0].Name;
        var cell = items.Count(r => decadeOf(r) == decade && genres.GetValueOrDefault(r, []).Contains(top));
        var head = await page.Locator("#decades table thead th").AllTextContentsAsync();
        var row = (await Rows(page, "#decades table tbody tr")).Single(x => x.StartsWith($"{decade}s|", StringComparison.Ordinal)).Split('|');
        Assert.Equal(cell.ToString(CultureInfo.InvariantCulture), row[head.ToList().IndexOf(top)]);
        Assert.Equal(decades.Select(d => $"{d}s"), (await Rows(page, "#decades table tbody tr")).Select(x => x.Split('|')[0]));

        // Items per month: every month from the first item's to the last one's, and their sum is every item.
        var months = await Rows(page, "#added table tbody tr");
        Assert.Equal("2020-01", months[0].Split('|')[0]);
        Assert.Equal(CollectionFixture.Items, months.Sum(m => int.Parse(m.Split('|')[1], CultureInfo.InvariantCulture)));

        // The value's history: one row per sync, and each chart is drawn (Chart.js holds a chart per canvas).
        Assert.Equal(["€1,100.00|€1,900.50|€3,500.00", "€1,204.10|€2,010.55|€3,991.00"], (await Rows(page, "#value table tbody tr")).Select(r => string.Join('|', r.Split('|').Skip(1))));
        Assert.Equal(await page.Locator(".chart-card canvas").CountAsync(), await page.EvaluateAsync<int>("Array.from(document.querySelectorAll('.chart-card canvas')).filter(c => Chart.getChart(c)).length"));
        Assert.True(await page.Locator(".chart-card").CountAsync() >= 9);

        // The most collected artists link to their pages and carry a band/person mark in words.
        var first = page.Locator(".top-artist").First;
        Assert.Matches("^/artist/[0-9]+$", await first.Locator("a.name").GetAttributeAsync("href"));
        Assert.Contains(await first.Locator(".mark").InnerTextAsync(), new[] { "BAND", "PERSON", "?" });

        await page.Locator("#decades summary").ClickAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)"); // the sticky header at the top of the picture
        await Chromium.ScreenshotAsync(page, "collection-dashboard");
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task The_dashboard_shows_the_user_synced_last_unless_another_is_asked_for()
    {
        var (page, _) = await Site.NewPageAsync();
        await page.GotoAsync(Site.BaseAddress + "collection?user=" + CollectionFixture.EarlyUser);
        await page.Locator("#dashboard").WaitForAsync();
        Assert.Equal("10", await page.Locator("#stat-items").InnerTextAsync());
        Assert.Equal([User, CollectionFixture.EarlyUser, CollectionFixture.GhostUser], await page.Locator("#users option").AllTextContentsAsync());

        // The navigation and the artist links keep the user.
        Assert.Equal("/collection?user=early", await page.Locator("nav a[aria-current=page]").GetAttributeAsync("href"));
        Assert.EndsWith("?user=early", await page.Locator(".top-artist a.name").First.GetAttributeAsync("href"), StringComparison.Ordinal);

        using var response = await _http.GetAsync(Site.BaseAddress + "api/collection");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(User, doc.RootElement.GetProperty("user").GetString());
    }

    [Fact]
    public async Task An_artist_page_lists_the_roles_on_each_release_and_the_relations_with_their_evidence()
    {
        var (page, _) = await Site.NewPageAsync();
        var response = await page.GotoAsync(Site.BaseAddress + "artist/3");
        Assert.Equal(200, response!.Status);
        await page.Locator("#artist").WaitForAsync();
        Assert.Equal("Josh Wink", await page.Locator("#artist-name").InnerTextAsync());
        Assert.Equal("PERSON", await page.Locator(".artist-head .mark").InnerTextAsync());

        // Release 3 (Josh Wink's mix): main artist, track artist on track 12, and the DJ mix (as DeriveTests knows them).
        var release3 = page.Locator("#items tbody tr").Filter(new() { Has = page.Locator("a[href='/release/3']") });
        Assert.Equal(
            ["main Main Artist · performance", "track Track Artist (tracks 12) · performance", "credit DJ Mix · performance"],
            (await release3.Locator("li.role").AllTextContentsAsync()).Select(Squeeze));
        Assert.Equal("2", await release3.Locator("td.num").InnerTextAsync()); // two copies of each release

        // One row per release of the collection that credits him, counted from the credits.
        var expected = SqliteRead.Column(Db, $"SELECT DISTINCT c.release_id FROM rec_release_credit c JOIN collection_item i ON i.release_id = c.release_id AND i.username = '{User}' WHERE c.artist_id = 3 ORDER BY 1");
        Assert.Equal(expected.Select(r => "/release/" + r), await page.Locator("#items tbody tr th a").EvaluateAllAsync<string[]>("a => a.map(x => x.getAttribute('href'))"));
        await Chromium.ScreenshotAsync(page, "collection-artist");
    }

    [Fact]
    public async Task A_groups_page_links_its_members_and_each_member_of_relation_names_both_records()
    {
        var names = SqliteRead.Column(Db, "SELECT id || '|' || name FROM rec_artist WHERE id IN (2, 26, 27) ORDER BY id").Select(s => s.Split('|')).ToDictionary(p => p[0], p => p[1]);
        var (page, _) = await Site.NewPageAsync();
        await page.GotoAsync(Site.BaseAddress + "artist/2");
        await page.Locator("#artist").WaitForAsync();
        Assert.Equal("BAND", await page.Locator(".artist-head .mark").InnerTextAsync());

        // Members, linked to their pages.
        var members = page.Locator("#links dd").First.Locator("a");
        Assert.Equal([names["26"], names["27"]], await members.AllTextContentsAsync());
        Assert.Equal(["/artist/26", "/artist/27"], await members.EvaluateAllAsync<string[]>("a => a.map(x => x.getAttribute('href'))"));

        // Each member is a member of the duo, read from both artists' records (weight 1).
        Assert.Equal(
            [$"{names["26"]} is a member of {names["2"]}|1||the records of {names["2"]}, {names["26"]}", $"{names["27"]} is a member of {names["2"]}|1||the records of {names["2"]}, {names["27"]}"],
            (await Rows(page, "#relations tbody tr[data-type=member_of]")).Select(Squeeze));

        // Every relation of the duo in der_relation is a row.
        Assert.Equal(
            SqliteRead.Number(Db, $"SELECT count(*) FROM der_relation WHERE username = '{User}' AND (source_id = 2 OR target_id = 2)"),
            await page.Locator("#relations tbody tr[data-type]").CountAsync());
        await Chromium.ScreenshotAsync(page, "collection-artist-group");
    }

    [Fact]
    public async Task A_profile_with_a_script_tag_shows_it_as_text_and_its_markup_as_safe_links()
    {
        var (page, dialogs) = await Site.NewPageAsync();
        await page.GotoAsync(Site.BaseAddress + "artist/3");
        await page.Locator("#artist").WaitForAsync();
        var profile = page.Locator("#profile");

        Assert.StartsWith("<script>alert(1)</script> Josh Wink is bold and slanted", await profile.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=alert(3)> [r123]", await profile.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await profile.Locator("script, img").CountAsync());
        Assert.Equal("bold", await profile.Locator("strong").InnerTextAsync());
        Assert.Equal("slanted", await profile.Locator("em").InnerTextAsync());

        // [a2] and [a=Josh Wink] link to the artists' pages; the javascript: link stays text; the https one opens safely.
        var links = await profile.Locator("a").EvaluateAllAsync<string[]>("a => a.map(x => x.textContent + ' ' + x.getAttribute('href') + ' ' + (x.rel || '-'))");
        Assert.Equal(["Mr. James Barth & A.D. /artist/2 -", "Josh Wink /artist/3 -", "his site https://example.org/wink noopener noreferrer nofollow", "Ovum Recordings /?t=label%3AOvum%20Recordings -"], links);
        Assert.Contains("bad link", await profile.TextContentAsync(), StringComparison.Ordinal);
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task A_release_page_shows_the_copies_folder_rating_and_the_catalogs_tracks()
    {
        var release = CollectionFixture.Releases[CollectionFixture.FavouriteInstance - 1];
        var copies = Enumerable.Range(1, CollectionFixture.Items).Where(i => fixture.Collector.ReleaseOf(i) == release).ToList();
        var tracks = SqliteRead.Number(Db, $"SELECT count(*) FROM release_track WHERE release_id = {release} AND track_position <> ''");
        var title = SqliteRead.Column(Db, $"SELECT title FROM release WHERE id = {release}").Single();

        var (page, dialogs) = await Site.NewPageAsync();
        await page.GotoAsync(Site.BaseAddress + "release/" + release);
        await page.Locator("#release").WaitForAsync();

        Assert.Equal(title, await page.Locator("#release-title").InnerTextAsync());
        Assert.Equal(copies.Count, await page.Locator("#copies tbody tr").CountAsync());
        var favourite = page.Locator($"#copies tr[data-instance='{CollectionFixture.FavouriteInstance}']");
        Assert.Equal("Favourites", await favourite.Locator("td.folder").InnerTextAsync());
        Assert.Equal("rated 5 of 5", await favourite.Locator(".rating").GetAttributeAsync("title"));
        var other = page.Locator($"#copies tr[data-instance='{copies[1]}']");
        Assert.Equal("Uncategorized", await other.Locator("td.folder").InnerTextAsync());
        Assert.Equal(fixture.Collector.RatingOf(copies[1]) is var r and > 0 ? $"rated {r} of 5" : "not rated", await other.Locator(".rating").GetAttributeAsync("title"));
        Assert.Equal(tracks, await page.Locator("#tracks tbody tr.track").CountAsync());
        Assert.Equal("/artist/3", await page.Locator("#release-artists a").First.GetAttributeAsync("href"));
        await Chromium.ScreenshotAsync(page, "collection-release");

        // Release 1's title holds a script tag: it is a title, not a script.
        await page.GotoAsync(Site.BaseAddress + "release/1");
        await page.Locator("#release").WaitForAsync();
        Assert.Equal(SiteFixture.EvilTitle, await page.Locator("#release-title").InnerTextAsync());
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task A_collection_whose_releases_discogs_does_not_serve_shows_what_the_collection_itself_knows()
    {
        var (page, dialogs) = await Site.NewPageAsync();
        await page.GotoAsync(Site.BaseAddress + "collection?user=" + CollectionFixture.GhostUser);
        await page.Locator("#dashboard").WaitForAsync();
        Assert.Equal("3", await page.Locator("#stat-items").InnerTextAsync());
        Assert.Equal("0", await page.Locator("#stat-artists").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#decades").CountAsync()); // no release has a year: no decade chart rather than an empty one

        var response = await page.GotoAsync(Site.BaseAddress + "release/2000002?user=" + CollectionFixture.GhostUser);
        Assert.Equal(200, response!.Status);
        await page.Locator("#release").WaitForAsync();
        Assert.Equal("Synthetic Release 2", await page.Locator("#release-title").InnerTextAsync());
        Assert.Contains("Discogs does not serve this release", await page.Locator("#release-facts").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Uncategorized", await page.Locator("#copies td.folder").InnerTextAsync());
        Assert.Equal("rated 2 of 5", await page.Locator("#copies .rating").GetAttributeAsync("title")); // the fake rates item n with n mod 6
        Assert.Empty(dialogs);
    }

    [Theory]
    [InlineData("artist/999999999", "Unknown artist")]
    [InlineData("release/999999999", "Not in the collection")]
    [InlineData("artist/abc", "Bad id")]
    public async Task An_unknown_id_is_a_404_page_that_says_so(string path, string title)
    {
        var (page, _) = await Site.NewPageAsync();
        var response = await page.GotoAsync(Site.BaseAddress + path);
        Assert.Equal(path.EndsWith("abc", StringComparison.Ordinal) ? 400 : 404, response!.Status);
        await page.Locator("#notice").WaitForAsync();
        Assert.Equal(title, await page.Locator("#notice strong").InnerTextAsync());
        if (path.StartsWith("artist/9", StringComparison.Ordinal))
        {
            await Chromium.ScreenshotAsync(page, "collection-artist-404");
        }
    }

    [Fact]
    public async Task Artist_images_may_come_from_discogs_image_host_and_nowhere_else_new()
    {
        using var response = await _http.GetAsync(Site.BaseAddress + "collection");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("img-src 'self' data: https://i.ytimg.com https://i.discogs.com;", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' ", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", csp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/collection?user=nobody", 404, "Unknown user", "platter collection sync --user nobody")]
    [InlineData("api/collection/artists/abc", 400, "Bad id", "whole number")]
    [InlineData("api/collection/artists/999999999", 404, "Unknown artist", "999999999")]
    [InlineData("api/collection/releases/1?user=early", 404, "Not in the collection", "early's collection has no copy of release 1")]
    public async Task The_json_endpoints_errors_are_problem_details(string path, int status, string title, string detail)
    {
        using var response = await _http.GetAsync(Site.BaseAddress + path);
        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(title, doc.RootElement.GetProperty("title").GetString());
        Assert.Contains(detail, doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_navigation_reaches_every_section_from_every_page()
    {
        var (page, _) = await Site.NewPageAsync();
        string[] sections = ["Explorer", "Collection", "Network", "Discover", "Settings"];
        foreach (var path in new[] { "", "collection", "network", "discover", "config", "artist/3" })
        {
            var response = await page.GotoAsync(Site.BaseAddress + path);
            Assert.Equal(200, response!.Status);
            Assert.Equal(sections, await page.Locator("header nav.nav a").AllTextContentsAsync());
        }

        await page.GotoAsync(Site.BaseAddress.ToString());
        await page.Locator("nav.nav a", new() { HasText = "Collection" }).ClickAsync();
        await page.Locator("#dashboard").WaitForAsync();
        Assert.EndsWith("/collection", page.Url, StringComparison.Ordinal);
        await page.Locator("nav.nav a", new() { HasText = "Discover" }).ClickAsync();
        await Assertions.Expect(page.Locator("nav.nav a[aria-current=page]")).ToHaveTextAsync("Discover");
    }

    private Dictionary<long, List<string>> Pairs(string sql) =>
        SqliteRead.Column(Db, sql).Select(s => s.Split('|', 2)).GroupBy(p => long.Parse(p[0], CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Select(p => p[1]).ToList());

    /// <summary>Each row's cells' text, joined by |.</summary>
    private static async Task<List<string>> Rows(IPage page, string selector) =>
        [.. await page.EvaluateAsync<string[]>("s => Array.from(document.querySelectorAll(s)).map(tr => Array.from(tr.children).map(c => c.textContent.trim()).join('|'))", selector)];

    private static string Squeeze(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
