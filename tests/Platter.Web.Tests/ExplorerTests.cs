using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Platter.Web.Tests;

/// <summary>The tag explorer in a real headless Chromium, against the site on the real sample.</summary>
[Collection("site")]
public sealed class ExplorerTests(SiteFixture site)
{
    private const string ReleaseWork = "CASE WHEN r.master_id IS NULL THEN 'r' || r.id ELSE 'm' || r.master_id END";
    private static readonly Regex _nonDigits = new("[^0-9]", RegexOptions.Compiled);

    [Fact]
    public async Task Pick_a_tag_from_the_autocomplete_see_the_works_and_play_them()
    {
        var (page, dialogs) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress.ToString());
        await page.Locator("#intro").WaitForAsync();
        await Chromium.ScreenshotAsync(page, "explorer-start");

        await page.Locator("#search").PressSequentiallyAsync("deep h");
        var option = page.Locator("#suggestions li[data-token='style:Deep House']");
        await option.WaitForAsync();
        Assert.Equal("Style", await option.Locator(".kind").TextContentAsync());
        await option.ClickAsync();

        var works = WorksWith("SELECT 'm' || master_id FROM master_style WHERE style = 'Deep House' UNION SELECT " + ReleaseWork + " FROM release_style s JOIN release r ON r.id = s.release_id WHERE s.style = 'Deep House'");
        var videos = VideoCount(works);
        await Assertions.Expect(page.Locator("#count")).ToHaveTextAsync($"{works.Count} works, {videos} videos");
        Assert.Equal(site.BaseAddress + "?t=style%3ADeep+House", page.Url);
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#works li.work")).ToHaveCountAsync(Math.Min(25, works.Count));

        // The player starts with the first video of the playlist, and Next moves on.
        var playlist = await Playlist("style:Deep House");
        await Assertions.Expect(page.Locator("#player-box")).ToHaveAttributeAsync("data-video-id", playlist[0]);
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-video-id", playlist[0]);
        await page.Locator("#next").ClickAsync();
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-video-id", playlist[1]);
        await Assertions.Expect(page.Locator("#position")).ToContainTextAsync("2 of");

        // A video that ends gives way to the next one by itself.
        await page.EvaluateAsync("window.__yt.end()");
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-video-id", playlist[2]);
        await page.Locator("#prev").ClickAsync();
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-video-id", playlist[1]);
        await Chromium.ScreenshotAsync(page, "explorer");
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task Facets_narrow_the_result_and_the_back_button_undoes_it()
    {
        var (page, _) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "?t=genre:Electronic");
        var electronic = WorksWith("SELECT 'm' || master_id FROM master_genre WHERE genre = 'Electronic' UNION SELECT " + ReleaseWork + " FROM release_genre g JOIN release r ON r.id = g.release_id WHERE g.genre = 'Electronic'");
        await Assertions.Expect(page.Locator("#count")).ToHaveTextAsync(new Regex($"^{electronic.Count} works, "));

        var facet = page.Locator("#facets button.facet[data-token='decade:1990s']");
        var shown = int.Parse(_nonDigits.Replace(await facet.Locator(".fcount").TextContentAsync() ?? "", ""), CultureInfo.InvariantCulture);
        var nineties = WorksWith("SELECT 'm' || id FROM master WHERE year BETWEEN 1990 AND 1999 UNION SELECT " + ReleaseWork + " FROM release r WHERE r.released_year BETWEEN 1990 AND 1999");
        nineties.IntersectWith(electronic);
        Assert.Equal(nineties.Count, shown);
        await facet.ClickAsync();
        await Assertions.Expect(page.Locator("#count")).ToHaveTextAsync(new Regex($"^{nineties.Count} works, "));
        Assert.Equal(site.BaseAddress + "?t=genre%3AElectronic&t=decade%3A1990s", page.Url);

        // Exclude a style with the facet's minus.
        var house = WorksWith("SELECT 'm' || master_id FROM master_style WHERE style = 'House' UNION SELECT " + ReleaseWork + " FROM release_style s JOIN release r ON r.id = s.release_id WHERE s.style = 'House'");
        await page.Locator("#facets li:has(button.facet[data-token='style:House']) button.exclude").ClickAsync();
        await Assertions.Expect(page.Locator("#count")).ToHaveTextAsync(new Regex($"^{nineties.Except(house).Count()} works, "));
        await Assertions.Expect(page.Locator(".chip.not .name")).ToHaveTextAsync("House");

        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#count")).ToHaveTextAsync(new Regex($"^{nineties.Count} works, "));
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#count")).ToHaveTextAsync(new Regex($"^{electronic.Count} works, "));
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveCountAsync(1);

        // Removing the last chip goes back to the start.
        await page.Locator("#chips .chip .remove").ClickAsync();
        await page.Locator("#intro").WaitForAsync();
        Assert.Equal(site.BaseAddress.ToString(), page.Url);
    }

    [Fact]
    public async Task The_m3u_download_holds_every_video_of_the_result()
    {
        var (page, _) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "?t=style:Deep%20House&t=decade:1990s");
        await Assertions.Expect(page.Locator("#player-box")).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#m3u").ClickAsync());
        Assert.Equal("platter-style-Deep-House_decade-1990s.m3u", download.SuggestedFilename);
        var text = await File.ReadAllTextAsync(await download.PathAsync());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var works = WorksWith("SELECT 'm' || master_id FROM master_style WHERE style = 'Deep House' UNION SELECT " + ReleaseWork + " FROM release_style s JOIN release r ON r.id = s.release_id WHERE s.style = 'Deep House'");
        works.IntersectWith(WorksWith("SELECT 'm' || id FROM master WHERE year BETWEEN 1990 AND 1999 UNION SELECT " + ReleaseWork + " FROM release r WHERE r.released_year BETWEEN 1990 AND 1999"));
        var videos = VideoCount(works);
        Assert.Equal("#EXTM3U", lines[0]);
        Assert.Equal(1 + (2 * videos), lines.Length);
        Assert.Equal(videos, lines.Count(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal)));
        var playlist = await Playlist("style:Deep House", "decade:1990s");
        Assert.Equal(playlist.Select(id => "https://www.youtube.com/watch?v=" + id), lines.Where(l => l.StartsWith("https://", StringComparison.Ordinal)));

        // Anonymous YouTube playlists of 50 ids each, in playlist order, for the part of the playlist the page holds.
        var links = await page.Locator("#youtube-links a").EvaluateAllAsync<string[]>("as => as.map(a => a.href)");
        Assert.True(links.Length >= 2, string.Join(" ", links));
        var ids = links.Select(l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..].Split(',')).ToList();
        Assert.All(ids.SkipLast(1), chunk => Assert.Equal(50, chunk.Length));
        Assert.Equal(playlist.Take(ids.Sum(c => c.Length)), ids.SelectMany(c => c));
        Assert.All(links, l => Assert.StartsWith("https://www.youtube.com/watch_videos?video_ids=", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discogs_text_with_markup_shows_as_text_and_runs_nothing()
    {
        var (page, dialogs) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "?t=artist:The%20Persuader");
        var title = page.Locator("#works li.work .title").Filter(new LocatorFilterOptions { HasText = "Stockholm" });
        await Assertions.Expect(title).ToHaveTextAsync(SiteFixture.EvilTitle);
        Assert.Equal(0, await page.Locator("#works script, #works b").CountAsync());
        await Assertions.Expect(page.Locator("#now-work")).Not.ToBeEmptyAsync();
        await Chromium.ScreenshotAsync(page, "explorer-markup");
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task Videos_youtube_will_not_play_are_skipped_and_remembered()
    {
        var playlist = await Playlist("label:Svek");
        site.Youtube.Errors[playlist[0]] = 150;
        site.Youtube.Errors[playlist[1]] = 100;
        try
        {
            var (page, _) = await site.NewPageAsync();
            await page.GotoAsync(site.BaseAddress + "?t=label:Svek");
            await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-video-id", playlist[2]);
            await Assertions.Expect(page.Locator("#skipped")).ToContainTextAsync("Skipped 2 videos YouTube would not play here");
            var loads = await page.EvaluateAsync<string[]>("window.__yt.loads");
            Assert.Equal(playlist.Take(3), loads);
            var remembered = await page.EvaluateAsync<string[]>("JSON.parse(localStorage.getItem('platter.skipped'))");
            Assert.Equal(playlist.Take(2).Order(), remembered.Order());

            // On the next visit the remembered ones are not even tried.
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-video-id", playlist[2]);
            Assert.Equal([playlist[2]], await page.EvaluateAsync<string[]>("window.__yt.loads"));
        }
        finally
        {
            site.Youtube.Errors.Clear();
        }
    }

    [Fact]
    public async Task A_tag_that_does_not_exist_gets_a_message_and_suggestions()
    {
        var (page, _) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "?t=style:Tecno");
        await Assertions.Expect(page.Locator("#notice p").First).ToHaveTextAsync("No work has the tag style:Tecno.");
        await Assertions.Expect(page.Locator("#notice .suggested")).ToHaveTextAsync(new Regex("^Did you mean: style:Techno "));
        await Chromium.ScreenshotAsync(page, "explorer-bad-tag");
        await page.Locator("#notice button", new PageLocatorOptions { HasText = "style:Techno" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#chips .chip .name")).ToHaveTextAsync("Techno");
        await Assertions.Expect(page.Locator("#notice")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Shuffle_is_kept_in_the_address_and_plays_the_same_works_in_another_order()
    {
        var (page, _) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "?t=genre:Electronic");
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-video-id", new Regex("."));
        await page.Locator("#shuffle").ClickAsync();
        await Assertions.Expect(page.Locator("#shuffle")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Matches(new Regex(@"order=shuffle&seed=\d+$"), page.Url);
        var seed = page.Url[(page.Url.LastIndexOf('=') + 1)..];
        var expected = await Playlist(["genre:Electronic"], "&order=shuffle&seed=" + seed);
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-video-id", expected[0]);
        var first = await page.Locator("#works li.work .title").First.TextContentAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#works li.work .title").First).ToHaveTextAsync(first!);
    }

    private async Task<List<string>> Playlist(params string[] tags) => await Playlist(tags, "");

    private async Task<List<string>> Playlist(string[] tags, string extra)
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        var q = string.Join("&", tags.Select(t => "t=" + Uri.EscapeDataString(t)));
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"api/videos?{q}&limit=1000{extra}"));
        return doc.RootElement.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("youtubeId").GetString()!).ToList();
    }

    private HashSet<string> WorksWith(string sql)
    {
        using var c = new SqliteConnection($"Data Source={site.DatabasePath};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var set = new HashSet<string>();
        while (r.Read())
        {
            set.Add(r.GetString(0));
        }

        return set;
    }

    /// <summary>Videos of the works, once per YouTube id per work, counted in SQL.</summary>
    private int VideoCount(HashSet<string> works)
    {
        var pairs = WorksWith("SELECT 'm' || master_id || ' ' || youtube_id FROM master_video WHERE youtube_id IS NOT NULL UNION SELECT " + ReleaseWork + " || ' ' || v.youtube_id FROM release_video v JOIN release r ON r.id = v.release_id WHERE v.youtube_id IS NOT NULL");
        return pairs.Count(p => works.Contains(p.Split(' ')[0]));
    }
}

[CollectionDefinition("site")]
public sealed class SiteGroup : ICollectionFixture<SiteFixture>;
