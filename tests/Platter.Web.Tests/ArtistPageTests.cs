using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>
/// The artist page's community and similar artists in a real headless Chromium: the community
/// counted again here from the network's JSON, the similar artists from the catalog's rows.
/// </summary>
[Collection("collection site")]
public sealed class ArtistPageTests(CollectionSiteFixture site)
{
    private const string User = CollectionSiteFixture.User;

    /// <summary>Josh Wink: a few releases in the sample, on labels with other artists; a small case to count by hand.</summary>
    private const long Seed = 3;

    [Fact]
    public async Task An_artist_page_names_its_community_and_the_communitys_most_collected_other_artists()
    {
        // From the network's JSON (communities largest first): the community with the most collection artists, and in it the one with the most items.
        var network = await Json("api/collection/network");
        var nodes = network.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("kind").GetString() != "me")
            .Select(n => (Id: n.GetProperty("artistId").GetInt64(), Name: n.GetProperty("label").GetString()!, Kind: n.GetProperty("kind").GetString()!, Items: n.GetProperty("items").GetInt32(), Community: n.GetProperty("community").GetInt32(), Centrality: n.GetProperty("centrality").GetDouble()))
            .ToList();
        var communities = network.GetProperty("communities").EnumerateArray().ToList();
        var rank = communities.Select((c, i) => (c, i)).OrderByDescending(x => nodes.Count(n => n.Community == x.c.GetProperty("id").GetInt32() && n.Kind == "collection")).ThenBy(x => x.i).First().i + 1;
        var largest = communities[rank - 1];
        var id = largest.GetProperty("id").GetInt32();
        var members = nodes.Where(n => n.Community == id).ToList();
        Assert.Equal(largest.GetProperty("size").GetInt32(), members.Count);
        Assert.True(members.Count(m => m.Kind == "collection") >= 3, "a community holds several collection artists");
        var artist = members.Where(m => m.Kind == "collection").OrderByDescending(m => m.Items).ThenBy(m => m.Id).First();
        var others = members.Where(m => m.Id != artist.Id).OrderByDescending(m => m.Items).ThenByDescending(m => m.Centrality).ThenBy(m => m.Id).Take(10).ToList();
        var known = Ids("SELECT artist_id FROM der_artist");

        var (page, errors) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "artist/" + Text(artist.Id));
        await page.Locator("#artist").WaitForAsync();
        Assert.Equal(largest.GetProperty("label").GetString(), await page.Locator("#community-label").TextContentAsync());
        var place = rank == 1 ? "" : rank + (rank % 100 is >= 11 and <= 13 ? "th" : (rank % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" }) + " ";
        Assert.StartsWith($"The {place}largest of the {communities.Count} communities of {User}'s network: {members.Count} artists ", await page.Locator("#community-size").TextContentAsync(), StringComparison.Ordinal);

        var rows = page.Locator("#community-artists tbody tr");
        Assert.Equal(others.Select(o => Text(o.Id)), await rows.EvaluateAllAsync<string[]>("r => r.map(x => x.dataset.artist)"));
        Assert.Equal(others.Select(o => o.Name), await rows.Locator("th").AllTextContentsAsync());
        Assert.Equal(others.Select(o => o.Items == 0 ? "" : $"{o.Items} item{(o.Items == 1 ? "" : "s")}"), await rows.Locator("td.num").AllTextContentsAsync());
        Assert.Equal(others.Where(o => known.Contains(o.Id)).Select(o => "/artist/" + Text(o.Id)), await rows.Locator("th a").EvaluateAllAsync<string[]>("a => a.map(x => x.getAttribute('href'))"));
        await Chromium.ScreenshotAsync(page, "collection-artist-community");

        // A main artist of the collection whose masters Discogs has not given: the page says so, not that it is no main artist.
        Assert.True(artist.Items > 0);
        Assert.Empty(Ids($"SELECT artist_id FROM rec_artist_masters WHERE artist_id = {Text(artist.Id)}"));
        Assert.Equal($"Platter holds no list of {artist.Name}'s masters from Discogs, so what is missing from the collection cannot be shown.", await page.Locator("#gaps-caption").TextContentAsync());

        // The link opens the network centred on this artist.
        Assert.Equal("/network?focus=" + Text(artist.Id), await page.Locator("#community-focus").GetAttributeAsync("href"));
        await page.Locator("#community-focus").ClickAsync();
        await page.Locator("body[data-state='ready']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("#graph")).ToHaveAttributeAsync("data-centred", "a" + Text(artist.Id));
        await Assertions.Expect(page.Locator("#find-result")).ToHaveTextAsync(artist.Name);
        Assert.Equal(["a" + Text(artist.Id)], await page.EvaluateAsync<string[]>("[platterNetwork.found]"));
        await Chromium.ScreenshotAsync(page, "network-focus");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_artist_outside_the_network_says_it_belongs_to_no_community()
    {
        var network = await Json("api/collection/network");
        var nodes = network.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("artistId").GetInt64()).ToHashSet();
        var outside = Ids("SELECT artist_id FROM der_artist WHERE artist_id <> 194").Where(a => !nodes.Contains(a)).Order().First();
        var name = SqliteRead.Column(site.DatabasePath, "SELECT name FROM der_artist WHERE artist_id = " + Text(outside)).Single();

        var (page, errors) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "artist/" + Text(outside));
        await page.Locator("#artist").WaitForAsync();
        Assert.Equal($"{name} is not in {User}'s network: it is neither a main artist of an item nor one relation away from one, so it belongs to no community.", await page.Locator("#community-none").TextContentAsync());
        Assert.Equal(0, await page.Locator("#community-artists, #community-focus").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_artist_pages_similar_artists_are_scored_by_the_weighted_jaccard_of_their_catalog_rows()
    {
        var reference = new DiscoverReference(site.DatabasePath, User).SimilarTo(Seed, 10);
        Assert.Equal(10, reference.Count);

        // The top entry counted here, straight from the catalog's rows: the four sets of each artist over the releases it appears on.
        var top = reference[0].Id;
        var (seed, other) = (Sets(Seed), Sets(top));
        var score = (0.15 * Jaccard(seed.Genres, other.Genres)) + (0.35 * Jaccard(seed.Styles, other.Styles)) + (0.25 * Jaccard(seed.Labels, other.Labels)) + (0.25 * Jaccard(seed.Collaborators, other.Collaborators));
        Assert.Equal(reference[0].Score, score, 12);

        var (page, errors) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "artist/" + Text(Seed));
        await page.Locator("#artist").WaitForAsync();
        var rows = page.Locator("#similar tbody tr");
        Assert.Equal(reference.Select(r => Text(r.Id)), await rows.EvaluateAllAsync<string[]>("r => r.map(x => x.dataset.artist)"));
        Assert.Equal(score.ToString("0.000", CultureInfo.InvariantCulture), await rows.First.Locator("td.num").TextContentAsync());
        var styles = seed.Styles.Intersect(other.Styles).Order(StringComparer.Ordinal).Take(3).ToList();
        if (styles.Count > 0)
        {
            Assert.StartsWith("styles: " + string.Join(", ", styles), await rows.First.Locator("td.shares").TextContentAsync(), StringComparison.Ordinal);
        }

        // The collection's own artists are marked; artists Platter holds link to their pages, the others to Discogs.
        var mine = Ids($"SELECT artist_id FROM der_artist_items WHERE username = '{User}' AND main_items > 0");
        var known = Ids("SELECT artist_id FROM der_artist");
        Assert.Contains(reference, r => mine.Contains(r.Id));
        Assert.Equal(reference.Select(r => mine.Contains(r.Id)), await rows.EvaluateAllAsync<bool[]>("r => r.map(x => !!x.querySelector('.mark.mine'))"));
        Assert.Equal(
            reference.Select(r => known.Contains(r.Id) ? "/artist/" + Text(r.Id) : "https://www.discogs.com/artist/" + Text(r.Id)),
            await rows.Locator("th a").EvaluateAllAsync<string[]>("a => a.map(x => x.getAttribute('href'))"));
        Assert.Contains("the whole imported catalog", await page.Locator("#similar-caption").TextContentAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "collection-artist-similar");
        Assert.Empty(errors);
    }

    private static double Jaccard<T>(HashSet<T> a, HashSet<T> b) => a.Count + b.Count == 0 ? 0 : (double)a.Intersect(b).Count() / a.Union(b).Count();

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Genres, styles, label ids and collaborators (the other artists on its releases, and itself) of an artist, from the catalog's tables.</summary>
    private (HashSet<string> Genres, HashSet<string> Styles, HashSet<string> Labels, HashSet<long> Collaborators) Sets(long artist)
    {
        var releases = $"SELECT release_id FROM release_artist WHERE artist_id = {artist} UNION SELECT release_id FROM release_credit WHERE artist_id = {artist} UNION SELECT release_id FROM release_track_artist WHERE artist_id = {artist}";
        HashSet<string> Of(string sql) => SqliteRead.Column(site.DatabasePath, sql).ToHashSet();
        var collaborators = Ids($"SELECT artist_id FROM (SELECT artist_id FROM release_artist WHERE release_id IN ({releases}) UNION SELECT artist_id FROM release_credit WHERE release_id IN ({releases}) UNION SELECT artist_id FROM release_track_artist WHERE release_id IN ({releases})) WHERE artist_id IS NOT NULL");
        collaborators.ExceptWith([0, 194]);
        collaborators.Add(artist);
        return (
            Of($"SELECT genre FROM release_genre WHERE release_id IN ({releases})"),
            Of($"SELECT style FROM release_style WHERE release_id IN ({releases})"),
            Of($"SELECT label_id FROM release_label WHERE label_id IS NOT NULL AND release_id IN ({releases})"),
            collaborators);
    }

    private HashSet<long> Ids(string sql) => SqliteRead.Column(site.DatabasePath, sql).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();

    private async Task<JsonElement> Json(string path)
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        return JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative))).RootElement.Clone();
    }
}
