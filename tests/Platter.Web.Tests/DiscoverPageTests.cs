using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>The discover page in a real headless Chromium, its lists checked against a plain in-memory reference over the same database.</summary>
[Collection("collection site")]
public sealed class DiscoverPageTests(CollectionSiteFixture site)
{
    [Fact]
    public async Task The_page_lists_similar_artists_blind_spots_this_month_and_a_draw_of_old_additions()
    {
        var reference = new DiscoverReference(site.DatabasePath, CollectionSiteFixture.User);
        var (page, errors) = await site.NewPageAsync(1360, 1000);
        await page.GotoAsync(site.BaseAddress + "discover?on=2021-01-15&seed=7");
        await page.Locator("body[data-state='ready']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        var similar = reference.Similar(20).Select(s => s.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(20, similar.Count);
        Assert.Equal(similar, await Attributes(page, "#similar li", "data-artist"));
        var first = page.Locator("#similar li").First.Locator("a.name");
        Assert.Equal("/artist/" + similar[0], await first.GetAttributeAsync("href"));
        var names = SqliteRead.Column(site.DatabasePath, $"SELECT name FROM artist WHERE id = {similar[0]} UNION SELECT name FROM release_artist WHERE artist_id = {similar[0]} UNION SELECT name FROM release_credit WHERE artist_id = {similar[0]}");
        Assert.Contains(await first.TextContentAsync(), names);

        var blind = reference.BlindSpots(15);
        Assert.Equal(blind.Select(b => $"{b.Kind}:{b.Name}"), await Attributes(page, "#blind li", "data-tag"));
        var spot = page.Locator("#blind li").First;
        Assert.Equal($"{blind[0].Kind} · {blind[0].Releases} release{(blind[0].Releases == 1 ? "" : "s")}", await spot.Locator(".num").TextContentAsync());
        Assert.Equal("/?t=" + Uri.EscapeDataString($"{blind[0].Kind}:{blind[0].Name}"), await spot.Locator("a").GetAttributeAsync("href"));

        // January 2021: the items added in January of earlier years (all 90, added in January 2020): the first 12 and a count of the rest.
        var month = reference.ThisMonth(new DateOnly(2021, 1, 15));
        Assert.Equal(CollectionSiteFixture.Items, month.Count);
        Assert.Equal(month.Take(12).Select(i => i.ToString(CultureInfo.InvariantCulture)), await Attributes(page, "#month li[data-instance]", "data-instance"));
        await Assertions.Expect(page.Locator("#month li.more")).ToHaveTextAsync($"… and {month.Count - 12} more added in January");
        Assert.Equal(reference.Rediscover(7, 12).Select(i => i.ToString(CultureInfo.InvariantCulture)), await Attributes(page, "#again li", "data-instance"));
        await Chromium.ScreenshotAsync(page, "discover");

        // An item of the collection opens its release's page here, not on Discogs.
        // Each date is the day Discogs wrote (some items' times fall on the next day in UTC).
        var drawn = reference.Rediscover(7, 12);
        var days = drawn.Select(i => SqliteRead.Column(site.DatabasePath, $"SELECT substr(date_added, 1, 10) FROM collection_item WHERE instance_id = {i}").Single())
            .Select(d => "added " + DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("MMM d, yyyy", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#again li .num")).ToHaveTextAsync(days.ToArray());
        var release = SqliteRead.Column(site.DatabasePath, $"SELECT release_id FROM collection_item WHERE instance_id = {drawn[0]}").Single();
        var again = page.Locator("#again li").First.Locator("a.name");
        Assert.Equal("/release/" + release, await again.GetAttributeAsync("href"));
        var title = await again.TextContentAsync();
        await again.ClickAsync();
        await Assertions.Expect(page.Locator("#release-title")).ToHaveTextAsync(title!);
        Assert.Equal(site.BaseAddress + "release/" + release, page.Url);

        // Another month has nothing from an earlier year, and says so.
        await page.GotoAsync(site.BaseAddress + "discover?on=2021-03-01&seed=7");
        await Assertions.Expect(page.Locator("#month li.empty")).ToHaveTextAsync("Nothing added in March of an earlier year.");
        Assert.Empty(errors);

        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        var bad = await http.GetAsync(new Uri("api/collection/discover?on=15.01.2021", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Contains("YYYY-MM-DD", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<List<string>> Attributes(IPage page, string selector, string name) =>
        (await page.Locator(selector).EvaluateAllAsync<string[]>($"els => els.map(e => e.getAttribute('{name}'))")).ToList();
}
