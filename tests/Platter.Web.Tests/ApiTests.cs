using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platter.Catalog;
using Platter.Index;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>The JSON API: exact answers, and a clear 400 for every kind of bad input, never a 500.</summary>
[Collection("site")]
public sealed class ApiTests(SiteFixture site)
{
    [Theory]
    [InlineData("api/works?t=colour:Red", "Unknown tag kind 'colour' in 'colour:Red'. The kinds are: genre, style, decade, year, country, format, label, artist, in.")]
    [InlineData("api/works", "Choose at least one tag to include: ?t=KIND:NAME, for example ?t=style:Techno. The kinds are: genre, style, decade, year, country, format, label, artist.")]
    [InlineData("api/works?t=-genre:Rock", "Choose at least one tag to include: ?t=KIND:NAME, for example ?t=style:Techno. The kinds are: genre, style, decade, year, country, format, label, artist.")]
    [InlineData("api/works?t=genre:Rock&limit=100000", "The parameter 'limit' takes a whole number from 0 to 500; '100000' was given.")]
    [InlineData("api/works?t=genre:Rock&limit=abc", "The parameter 'limit' takes a whole number from 0 to 500; 'abc' was given.")]
    [InlineData("api/works?t=genre:Rock&offset=-1", "The parameter 'offset' takes a whole number from 0 to 2,147,483,647; '-1' was given.")]
    [InlineData("api/works?t=genre:Rock&limit=1&limit=2", "The parameter 'limit' was given 2 times; give it once.")]
    [InlineData("api/works?t=genre:Rock&order=random", "The parameter 'order' takes 'stable' or 'shuffle'; 'random' was given.")]
    [InlineData("api/works?t=genre:Rock&videos=some", "The parameter 'videos' takes 'only' or 'all'; 'some' was given.")]
    [InlineData("api/works?t=%zz%E0%A4", "'%zz%E0%A4' is not a tag. Write KIND:NAME, for example style:Techno; the kinds are genre, style, decade, year, country, format, label, artist.")]
    [InlineData("api/works?t=style:", "'style:' names no style. Write style:NAME, for example style:Deep House.")]
    [InlineData("api/tags?kind=colour", "Unknown tag kind 'colour'. The kinds are: genre, style, decade, year, country, format, label, artist.")]
    [InlineData("api/tags", "Name a kind: ?kind=style. The kinds are: genre, style, decade, year, country, format, label, artist.")]
    [InlineData("api/videos?t=genre:Rock&limit=0", "The parameter 'limit' takes a whole number from 1 to 1,000; '0' was given.")]
    public async Task Bad_input_is_a_400_problem_with_a_clear_message(string path, string detail)
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(detail, doc.RootElement.GetProperty("detail").GetString());
        Assert.Equal(400, doc.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_unknown_tag_comes_with_suggestions()
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        using var response = await http.GetAsync("api/works?t=style:Tecno");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["style:Techno", "style:Tech House", "style:Dub Techno"], doc.RootElement.GetProperty("suggestions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Works_tags_suggestions_and_facets_answer_with_exact_counts()
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        using var works = JsonDocument.Parse(await http.GetStringAsync("api/works?t=style:Deep%20House&t=country:US&limit=5&facets=3"));
        var root = works.RootElement;
        var expected = Count("""
            SELECT count(*) FROM (
              SELECT CASE WHEN r.master_id IS NULL THEN 'r' || r.id ELSE 'm' || r.master_id END FROM release_style s JOIN release r ON r.id = s.release_id WHERE s.style = 'Deep House'
              UNION SELECT 'm' || master_id FROM master_style WHERE style = 'Deep House'
              INTERSECT SELECT CASE WHEN r.master_id IS NULL THEN 'r' || r.id ELSE 'm' || r.master_id END FROM release r WHERE r.country = 'US')
            """);
        Assert.Equal(expected, root.GetProperty("works").GetInt32());
        Assert.Equal(5, root.GetProperty("page").GetArrayLength());
        Assert.Equal(["style:Deep House", "country:US"], root.GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, root.GetProperty("facets").GetProperty("kinds").GetProperty("style").GetArrayLength());
        var first = root.GetProperty("page")[0];
        Assert.Equal(first.GetProperty("videoCount").GetInt32(), first.GetProperty("videos").GetArrayLength());

        using var tags = JsonDocument.Parse(await http.GetStringAsync("api/tags?kind=genre&limit=2"));
        Assert.Equal(["genre:Electronic", "genre:Rock"], tags.RootElement.EnumerateArray().Select(e => e.GetProperty("token").GetString()));
        Assert.Equal(
            Count("SELECT count(*) FROM (SELECT 'm' || master_id FROM master_genre WHERE genre = 'Rock' UNION SELECT CASE WHEN r.master_id IS NULL THEN 'r' || r.id ELSE 'm' || r.master_id END FROM release_genre g JOIN release r ON r.id = g.release_id WHERE g.genre = 'Rock')"),
            tags.RootElement[1].GetProperty("works").GetInt32());

        using var suggest = JsonDocument.Parse(await http.GetStringAsync("api/suggest?q=persua"));
        Assert.Equal("artist:The Persuader", suggest.RootElement[0].GetProperty("token").GetString());
        Assert.Equal(3, suggest.RootElement[0].GetProperty("works").GetInt32());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        using var doc = JsonDocument.Parse(await http.GetStringAsync("api/openapi.json"));
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["/api/status", "/api/tags", "/api/suggest", "/api/works", "/api/facets", "/api/videos", "/api/playlist.m3u", "/api/playlist.json", "/api/signin", "/api/antiforgery", "/api/collection/sync", "/api/collection/sync/events", "/api/collection", "/api/collection/artists/{id}", "/api/collection/releases/{id}", "/api/collection/network", "/api/collection/discover"], paths);
        Assert.Equal("Platter", doc.RootElement.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy_that_allows_only_the_site_and_the_player()
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        using var response = await http.GetAsync("");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'self'; script-src 'self' " + site.Youtube.ApiUrl.GetLeftPart(UriPartial.Authority) + " https://www.youtube.com", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"data-youtube-api=\"{site.Youtube.ApiUrl}\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("static/nothing.js")).StatusCode);
    }

    [Fact]
    public async Task The_site_listens_on_loopback_by_default()
    {
        Assert.Equal(["http://127.0.0.1:5000"], new SiteOptions { DatabasePath = "x" }.Urls);
        Assert.True(PlatterSite.IsLoopback("http://localhost:5000"));
        Assert.False(PlatterSite.IsLoopback("http://0.0.0.0:5000"));
        Assert.Equal("'https://x:1/' is not an address to listen on; write http://HOST:PORT, for example http://127.0.0.1:5000.", Assert.Throws<ArgumentException>(() => PlatterSite.ParseUrl("https://x:1/")).Message);
        Assert.StartsWith("http://127.0.0.1:", site.BaseAddress.ToString(), StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task The_site_keeps_answering_while_the_index_is_rebuilt_and_then_serves_the_new_one()
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        var before = await Generation(http);
        using var stop = new CancellationTokenSource();
        var statuses = new List<HttpStatusCode>();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var r = await http.GetAsync("api/works?t=genre:Electronic&t=decade:1990s&limit=50");
                lock (statuses)
                {
                    statuses.Add(r.StatusCode);
                }
            }
        });
        int Answered()
        {
            lock (statuses)
            {
                return statuses.Count;
            }
        }

        // Each rebuild starts only after requests were answered since the last one (the build is
        // fast enough that three could otherwise finish between two requests).
        for (var i = 0; i < 3; i++)
        {
            var seen = Answered();
            var wait = DateTime.UtcNow.AddSeconds(10);
            while (Answered() < seen + 4 && DateTime.UtcNow < wait)
            {
                await Task.Delay(10);
            }

            await Task.Run(() => new IndexBuilder(site.DatabasePath).Build());
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await Generation(http) != before + 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await load;
        Assert.Equal(before + 3, await Generation(http));
        Assert.True(statuses.Count > 10, $"{statuses.Count} requests");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task A_database_without_an_index_gets_a_page_that_says_what_to_run()
    {
        using var folder = new TempFolder("platter-web-empty");
        var db = folder.File("labels-only.db");
        await new CatalogImporter(db).ImportAsync([Fixtures.SampleFile("labels")], null, CancellationToken.None);
        await using var app = PlatterSite.Create(new SiteOptions { DatabasePath = db, Urls = ["http://127.0.0.1:0"], YoutubeApi = site.Youtube.ApiUrl });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var response = await http.GetAsync("/api/works?t=genre:Rock");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

        var (page, _) = await site.NewPageAsync();
        await page.GotoAsync(address);
        await Assertions.Expect(page.Locator("#notice p")).ToHaveTextAsync($"The database {db} has no tag index yet. Build it with:");
        await Assertions.Expect(page.Locator("#notice pre code")).ToHaveTextAsync($"platter index --db {db}");
        await Chromium.ScreenshotAsync(page, "explorer-no-index");
        await app.StopAsync();
        SqliteConnection.ClearAllPools();
    }

    private static async Task<long> Generation(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("api/status"));
        return doc.RootElement.GetProperty("index").GetProperty("generation").GetInt64();
    }

    private long Count(string sql)
    {
        using var c = new SqliteConnection($"Data Source={site.DatabasePath};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }
}
