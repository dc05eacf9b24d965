using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>The collection's pages over a database that holds no collection yet, and Discogs' markup read into safe runs.</summary>
public sealed class CollectionEmptyTests
{
    [Fact]
    public async Task Without_a_stored_collection_the_dashboard_says_to_run_the_sync()
    {
        using var folder = new TempFolder("platter-web-empty");
        var path = folder.File("empty.db");
        using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            db.Open(); // an empty database file, as before any import or sync
        }

        await using var site = PlatterSite.Create(new SiteOptions { DatabasePath = path, Urls = ["http://127.0.0.1:0"] });
        await site.StartAsync();
        var address = new Uri(site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");

        using var http = new HttpClient { BaseAddress = address };
        using (var response = await http.GetAsync("api/collection"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("No collection stored", doc.RootElement.GetProperty("title").GetString());
            Assert.Equal("no-collection", doc.RootElement.GetProperty("code").GetString());
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 700 } });
        var page200 = await page.GotoAsync(address + "collection");
        Assert.Equal(200, page200!.Status);
        await page.Locator("#notice").WaitForAsync();
        Assert.Equal("No collection stored", await page.Locator("#notice strong").InnerTextAsync());
        Assert.Contains("platter collection sync", await page.Locator("#notice code").AllTextContentsAsync());
        Assert.Equal("/config", await page.Locator("#notice a").GetAttributeAsync("href"));
        Assert.Equal("Sign in and sync on the Settings page →", await page.Locator("#notice a").InnerTextAsync());
        Assert.True(await page.Locator("#dashboard").IsHiddenAsync());
        await Chromium.ScreenshotAsync(page, "collection-empty");
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_collection_synced_without_its_records_asks_for_the_derivations()
    {
        using var folder = new TempFolder("platter-web-underived");
        var path = folder.File("collection.db");
        await using (var fake = await FakeDiscogsApi.StartAsync())
        {
            fake.AddCollection("solo", 5);
            using var client = new Platter.Api.DiscogsClient(new Platter.Api.DiscogsClientOptions
            {
                BaseAddress = fake.BaseAddress,
                UserAgent = "PlatterTests/1.0 +https://example.org/platter-tests",
                Credentials = new Platter.Api.PersonalTokenCredentials(fake.IssuePersonalToken("solo")),
            });
            await new Platter.Collection.CollectionSync(client, path) { WithRecords = false }.RunAsync(null, null, CancellationToken.None);
        }

        await using var site = PlatterSite.Create(new SiteOptions { DatabasePath = path, Urls = ["http://127.0.0.1:0"] });
        await site.StartAsync();
        var address = new Uri(site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");
        using var http = new HttpClient { BaseAddress = address };
        using var response = await http.GetAsync("api/collection");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not-derived", doc.RootElement.GetProperty("code").GetString());
        Assert.Contains("`platter collection derive`", doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void Discogs_markup_becomes_runs_of_text_and_links_to_this_site_or_the_web_only()
    {
        var lookups = new MarkupLookups(
            name => name == "Josh Wink" ? 3 : null,
            id => id == 2 ? "Mr. James Barth & A.D." : null,
            id => id == 7 ? "Ovum Recordings" : null);
        var runs = DiscogsMarkup.Parse("[b]Bold [a=Josh Wink][/b], [a2], [a99], [a=Nobody], [l7], [l=Warp], [url=https://x.org/a?b=1]site[/url] [url=javascript:alert(1)]js[/url] [url]http://y.org[/url] <i>[u]x[/u]", lookups);
        Assert.Equal(
            [
                "Bold |-|B", "Josh Wink|/artist/3|B", ", |-|", "Mr. James Barth & A.D.|/artist/2|", ", artist 99, Nobody, |-|", "Ovum Recordings|/?t=label%3AOvum%20Recordings|",
                ", |-|", "Warp|/?t=label%3AWarp|", ", |-|", "site|https://x.org/a?b=1|E", " js |-|", "http://y.org|http://y.org|E", " <i>[u]x[/u]|-|",
            ],
            runs.Select(r => $"{r.Text}|{r.Href ?? "-"}|{(r.Bold ? "B" : "")}{(r.External ? "E" : "")}"));
        Assert.Empty(DiscogsMarkup.Parse(null, lookups));
    }
}
