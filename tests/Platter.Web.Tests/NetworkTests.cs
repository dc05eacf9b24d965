using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>The artist network page in a real headless Chromium, over a collection synced from the fake Discogs.</summary>
[Collection("collection site")]
public sealed class NetworkTests(CollectionSiteFixture site)
{
    private const string User = CollectionSiteFixture.User;

    /// <summary>The top-ranked artist: its Discogs id, and its centre and size in the graph box's pixels.</summary>
    private const string Top = "(() => { const g = platterNetwork.graph; const n = g.findNode((k, a) => a.rank === 1); return { id: g.getNodeAttribute(n, 'artistId'), ...platterNetwork.screen(n) }; })()";

    /// <summary>The collection's main artists, counted from der_artist_items (Various is no artist).</summary>
    private HashSet<long> CollectionArtists() => Ids($"SELECT artist_id FROM der_artist_items WHERE username = '{User}' AND main_items > 0 AND artist_id <> 194");

    /// <summary>(source, target, type, weight) of every relation whose ends are both nodes: a collection artist and one relation away.</summary>
    private List<(long S, long T, string Type, int W)> RelationsBetweenNodes(out HashSet<long> nodes)
    {
        var collection = CollectionArtists();
        var all = SqliteRead.Column(site.DatabasePath, $"SELECT source_id || ' ' || target_id || ' ' || type || ' ' || weight FROM der_relation WHERE username = '{User}'")
            .Select(r => r.Split(' ')).Select(p => (S: long.Parse(p[0], CultureInfo.InvariantCulture), T: long.Parse(p[1], CultureInfo.InvariantCulture), Type: p[2], W: int.Parse(p[3], CultureInfo.InvariantCulture))).ToList();
        nodes = [.. collection];
        foreach (var r in all.Where(r => collection.Contains(r.S) || collection.Contains(r.T)))
        {
            nodes.Add(r.S);
            nodes.Add(r.T);
        }

        var n = nodes;
        return all.Where(r => n.Contains(r.S) && n.Contains(r.T)).ToList();
    }

    [Fact]
    public async Task The_network_draws_me_and_every_artist_of_the_collection_and_one_relation_away()
    {
        var relations = RelationsBetweenNodes(out var nodes);
        var collection = CollectionArtists();
        Assert.True(nodes.Count > collection.Count, "the sample's collection has related artists");

        var (page, errors) = await site.NewPageAsync();
        await OpenAsync(page);
        Assert.Equal(nodes.Count + 1, await page.EvaluateAsync<int>("platterNetwork.graph.order"));
        Assert.Equal("collector", await page.EvaluateAsync<string>("platterNetwork.graph.getNodeAttribute('me', 'label')"));
        Assert.Equal(collection.Count + relations.Count, await page.EvaluateAsync<int>("platterNetwork.drawnEdges()"));
        Assert.Equal(collection.Count, await page.EvaluateAsync<int>("platterNetwork.graph.outDegree('me')"));
        await Assertions.Expect(page.Locator("#net-count")).ToHaveTextAsync($"{nodes.Count} artists, {collection.Count + relations.Count} of {collection.Count + relations.Count} links shown");
        await Assertions.Expect(page.Locator("#user")).ToHaveTextAsync(User);

        // Colour by community: the legend names the largest communities by their most central artists.
        var legend = await page.Locator("#legend li[data-community] .legend-name").AllTextContentsAsync();
        Assert.NotEmpty(legend);
        var api = await Json("api/collection/network");
        Assert.Equal(api.GetProperty("communities").EnumerateArray().Take(legend.Count).Select(c => c.GetProperty("label").GetString()!), legend);

        // Labels for the biggest nodes only: at the first view, names are drawn for at most the top 15 ranks and Me.
        var labelled = await page.EvaluateAsync<int>("platterNetwork.labelled()");
        Assert.InRange(labelled, 2, 16);
        await Chromium.ScreenshotAsync(page, "network");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Clicking_an_artist_opens_its_page()
    {
        var (page, errors) = await site.NewPageAsync();
        await OpenAsync(page);

        // A person clicks after seeing the drawing: let two frames pass after the first one.
        await page.EvaluateAsync("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        var (top, box, x, y) = await TopArtistOnScreenAsync(page);
        var id = top.GetProperty("id").GetInt64();
        Assert.Contains(id, CollectionArtists());
        await page.Mouse.ClickAsync(x, y);

        // The artist page is another part of the site; here only the address it opens counts.
        try
        {
            await page.WaitForURLAsync(site.BaseAddress + "artist/" + id.ToString(CultureInfo.InvariantCulture), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Say what the click met, so that a failure on a loaded CI machine explains itself.
            await Chromium.ScreenshotAsync(page, "network-click-failed");
            var now = await page.EvaluateAsync<JsonElement>(Top);
            var boxNow = (await page.Locator("#graph").BoundingBoxAsync())!;
            Assert.Fail($"The click at ({x}, {y}) on artist {id} (node {top}, graph box {box.X},{box.Y} {box.Width}x{box.Height}) opened nothing in 15 s; the page is at {page.Url}, the node now {now}, the box now {boxNow.X},{boxNow.Y} {boxNow.Width}x{boxNow.Height}; errors: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public async Task Dragging_moves_the_network_with_the_mouse_and_a_click_after_a_drag_opens_nothing()
    {
        var (page, errors) = await site.NewPageAsync();
        await OpenAsync(page);
        var (before, _, x, y) = await TopArtistOnScreenAsync(page);

        // The top artist taken by the mouse and moved 120 px right and 60 px up in 12 moves, as a
        // hand drags: the button comes up over the artist, which a click there would open.
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x + 120, y - 60, new MouseMoveOptions { Steps = 12 });
        await page.Mouse.UpAsync();
        var after = await page.EvaluateAsync<JsonElement>(Top);
        AssertMoved(before, after, 120, -60, 1);
        Assert.Equal("", await page.EvaluateAsync<string>("document.getElementById('graph').style.transform"));
        await page.WaitForTimeoutAsync(500); // time for a navigation to begin, were the drag taken for a click
        Assert.Equal(site.BaseAddress + "network", page.Url);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Scrolling_zooms_in_around_the_mouse_and_names_more_artists()
    {
        var (page, errors) = await site.NewPageAsync();
        await OpenAsync(page);
        var (top, _, x, y) = await TopArtistOnScreenAsync(page);
        var named = await page.EvaluateAsync<int>("platterNetwork.labelled()");

        // Two notches of the wheel over the top artist: 1.7 × 1.7 closer, the artist still under the mouse.
        await page.Mouse.MoveAsync(x, y);
        // Sigma animates each notch; the next one waits for its end, as a wheel turned at a person's pace.
        foreach (var zoom in new[] { "1.7", "2.89" })
        {
            await page.Mouse.WheelAsync(0, -100);
            await page.WaitForFunctionAsync($"() => Math.abs(platterNetwork.zoom() - {zoom}) < 0.01 && !platterNetwork.sigma.getCamera().isAnimated()", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        }

        Assert.InRange(await page.EvaluateAsync<double>("platterNetwork.zoom()"), 2.8, 3.0);
        var after = await page.EvaluateAsync<JsonElement>(Top);
        AssertMoved(top, after, 0, 0, 2);

        // Past 2.2 × the names of the top 80 ranks show (those in view).
        Assert.True(await page.EvaluateAsync<int>("platterNetwork.labelled()") > named, "more names once zoomed in");
        await Chromium.ScreenshotAsync(page, "network-zoomed");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Unticking_a_relation_type_removes_exactly_its_edges_and_a_minimum_weight_the_lighter_ones()
    {
        var relations = RelationsBetweenNodes(out _);
        var collection = CollectionArtists();
        var total = collection.Count + relations.Count;
        var type = relations.GroupBy(r => r.Type).OrderByDescending(g => g.Count()).First().Key;
        var ofType = relations.Count(r => r.Type == type);

        var (page, errors) = await site.NewPageAsync();
        await OpenAsync(page);
        await page.Locator($"#types li[data-type='{type}'] input").UncheckAsync();
        Assert.Equal(total - ofType, await page.EvaluateAsync<int>("platterNetwork.drawnEdges()"));
        Assert.Equal(0, await page.EvaluateAsync<int>($"platterNetwork.drawnEdges('{type}')"));
        await Assertions.Expect(page.Locator("#net-count")).ToContainTextAsync($"{total - ofType} of {total} links shown");

        await page.Locator($"#types li[data-type='{type}'] input").CheckAsync();
        Assert.Equal(total, await page.EvaluateAsync<int>("platterNetwork.drawnEdges()"));

        // Weight 2 and up: Me → artists with at least two items, relations on at least two releases.
        var items = SqliteRead.Column(site.DatabasePath, $"SELECT main_items FROM der_artist_items WHERE username = '{User}' AND main_items > 0 AND artist_id <> 194").Select(int.Parse);
        await page.Locator("#min-weight").FillAsync("2");
        Assert.Equal(items.Count(i => i >= 2) + relations.Count(r => r.W >= 2), await page.EvaluateAsync<int>("platterNetwork.drawnEdges()"));
        Assert.Equal(total, await page.EvaluateAsync<int>("platterNetwork.graph.size"));
    }

    [Fact]
    public async Task Finding_an_artist_centres_the_view_on_it()
    {
        // Found by its name in another case.
        var (related, name) = RelatedArtist();
        var (page, _) = await site.NewPageAsync();
        await OpenAsync(page);
        await page.Locator("#find-input").FillAsync(name.ToUpperInvariant());
        await page.Locator("#find-input").PressAsync("Enter");
        await AssertCentredAsync(page, related);
        await Assertions.Expect(page.Locator("#find-result")).ToContainTextAsync(name);
        await Chromium.ScreenshotAsync(page, "network-found");

        await page.Locator("#find-input").FillAsync("no such artist zzz");
        await page.Locator("#find-input").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#find-result")).ToHaveTextAsync("No artist called “no such artist zzz” in this network.");
    }

    [Fact]
    public async Task A_second_search_while_the_view_still_moves_is_called_centred_only_when_it_arrives()
    {
        // Sigma ends an animation that another one replaces by calling its callback: the first
        // search must not then mark the view centred while the second still moves it.
        var (related, name) = RelatedArtist();
        var (page, errors) = await site.NewPageAsync();
        await OpenAsync(page);

        await page.EvaluateAsync("name => { const i = document.getElementById('find-input'); i.value = name.toUpperCase(); document.getElementById('find').requestSubmit(); i.value = name; i.dispatchEvent(new Event('change')); }", name);

        await AssertCentredAsync(page, related);
        Assert.Empty(errors);
    }

    /// <summary>A related artist of the network, not in the collection: the one with the lowest id.</summary>
    private (long Id, string Name) RelatedArtist()
    {
        RelationsBetweenNodes(out var nodes);
        var related = nodes.Except(CollectionArtists()).Order().First();
        return (related, SqliteRead.Column(site.DatabasePath, "SELECT name FROM der_artist WHERE artist_id = " + related.ToString(CultureInfo.InvariantCulture)).Single());
    }

    /// <summary>Waits until the page calls the view centred on the artist, then checks that it is: still, and the artist within a pixel of the middle.</summary>
    private static async Task AssertCentredAsync(IPage page, long artist)
    {
        await Assertions.Expect(page.Locator("#graph")).ToHaveAttributeAsync("data-centred", "a" + artist.ToString(CultureInfo.InvariantCulture));
        var at = await page.EvaluateAsync<JsonElement>($"(() => {{ const p = platterNetwork.screen('a{artist}'); const g = document.getElementById('graph'); return {{ dx: p.x - g.clientWidth / 2, dy: p.y - g.clientHeight / 2, moving: platterNetwork.sigma.getCamera().isAnimated() }}; }})()");
        Assert.False(at.GetProperty("moving").GetBoolean(), "the view still moves");
        Assert.InRange(at.GetProperty("dx").GetDouble(), -1, 1);
        Assert.InRange(at.GetProperty("dy").GetDouble(), -1, 1);
    }

    [Fact]
    public async Task Without_a_collection_the_pages_say_to_run_the_sync()
    {
        using var folder = new TempFolder("platter-web-empty");
        var db = folder.File("empty.db");
        using (var create = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            create.Open(); // a database with no collection in it: an imported catalog, say
            using var cmd = create.CreateCommand();
            cmd.CommandText = "CREATE TABLE release (id INTEGER PRIMARY KEY)";
            cmd.ExecuteNonQuery();
        }

        await using var empty = PlatterSite.Create(new SiteOptions { DatabasePath = db, Urls = ["http://127.0.0.1:0"] });
        await empty.StartAsync();
        var address = empty.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        var (page, errors) = await site.NewPageAsync();
        foreach (var (path, shot) in new[] { ("/network", "network-empty"), ("/discover", "discover-empty") })
        {
            await page.GotoAsync(address + path);
            await Assertions.Expect(page.Locator("#notice strong")).ToHaveTextAsync("No collection");
            await Assertions.Expect(page.Locator("#notice code")).ToHaveTextAsync("platter collection sync");
            await Assertions.Expect(page.Locator("#notice a")).ToHaveAttributeAsync("href", "/config");
            await Chromium.ScreenshotAsync(page, shot);
        }

        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(address + "/api/collection/network"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The node at <paramref name="after"/> is (<paramref name="dx"/>, <paramref name="dy"/>) px from <paramref name="before"/>, give or take <paramref name="tolerance"/>.</summary>
    private static void AssertMoved(JsonElement before, JsonElement after, double dx, double dy, double tolerance)
    {
        Assert.InRange(after.GetProperty("x").GetDouble() - before.GetProperty("x").GetDouble(), dx - tolerance, dx + tolerance);
        Assert.InRange(after.GetProperty("y").GetDouble() - before.GetProperty("y").GetDouble(), dy - tolerance, dy + tolerance);
    }

    /// <summary>The top artist (see <see cref="Top"/>), the network's box on the page, and the artist's point on the page.</summary>
    private static async Task<(JsonElement Top, LocatorBoundingBoxResult Box, float X, float Y)> TopArtistOnScreenAsync(IPage page)
    {
        var top = await page.EvaluateAsync<JsonElement>(Top);
        var box = (await page.Locator("#graph").BoundingBoxAsync())!;
        return (top, box, box.X + top.GetProperty("x").GetSingle(), box.Y + top.GetProperty("y").GetSingle());
    }

    private async Task OpenAsync(IPage page)
    {
        await page.GotoAsync(site.BaseAddress + "network");
        await page.Locator("body[data-state='ready']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    private HashSet<long> Ids(string sql) => SqliteRead.Column(site.DatabasePath, sql).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();

    private async Task<JsonElement> Json(string path)
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        return JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative))).RootElement.Clone();
    }
}
