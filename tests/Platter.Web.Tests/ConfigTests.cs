using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Platter.Api;
using Platter.Collection;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>/config in a real Chromium: signing in with Discogs (OAuth through the fake's authorize page, or a personal token), signing out, and the collection sync with live progress.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigTests(ConfigFixture site) : IClassFixture<ConfigFixture>
{
    private const string SignedOut = "Not signed in to Discogs.";

    [Fact]
    public async Task Allow_Discogs_access_signs_in_through_the_authorize_page_and_a_replayed_or_forged_answer_is_refused()
    {
        site.SignOutOnDisk();
        var page = await site.NewPageAsync();

        // A forged answer (a token nobody asked for) stores nothing.
        var forged = await page.GotoAsync(site.BaseAddress + "receive-token?oauth_token=forged0123456789&oauth_verifier=abc");
        Assert.Equal(400, forged!.Status);
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync(SignInApi.UnknownToken);
        await Chromium.ScreenshotAsync(page, "config-refused-forged");
        Assert.False(File.Exists(site.SecretsPath));

        await page.GotoAsync(site.BaseAddress + "config");
        await Assertions.Expect(page.Locator("#signin-status")).ToHaveTextAsync(SignedOut);
        await Assertions.Expect(page.Locator("#allow")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#signout-form")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#setup")).ToBeHiddenAsync();
        // Nothing to sync with yet: the button waits for the sign-in and says so.
        await Assertions.Expect(page.Locator("#sync-start")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#sync-signin")).ToHaveTextAsync("Sign in above first.");
        await Chromium.ScreenshotAsync(page, "config-signed-out");
        await site.HtmlAsync(page);

        await page.Locator("#allow").ClickAsync();
        // Waiting for the address only (the assertions after it wait for what they read): on a loaded
        // machine the load event after a redirect once did not come within the 30 s default.
        await page.WaitForURLAsync(new Uri(site.Fake.BaseAddress, "oauth/authorize").AbsoluteUri + "?oauth_token=*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        await page.Locator("#authorize").WaitForAsync();
        var approve = await page.Locator("#authorize").GetAttributeAsync("href");
        Assert.StartsWith(site.BaseAddress + "receive-token?oauth_token=", approve, StringComparison.Ordinal);

        // The request token's secret stays on the server: not in a cookie, not on a page.
        var cookies = string.Join(";", (await page.Context.CookiesAsync()).Select(c => c.Name + "=" + c.Value));
        Assert.DoesNotContain(site.Fake.LastRequestTokenSecret!, cookies, StringComparison.Ordinal);
        var attempt = (await page.Context.CookiesAsync()).Single(c => c.Name == SignInApi.AttemptCookie);
        Assert.True(attempt.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, attempt.SameSite);

        // Another browser holding this answer is refused, and this browser's sign-in still completes afterwards.
        var other = await site.NewPageAsync();
        var stolen = await other.GotoAsync(approve!);
        Assert.Equal(400, stolen!.Status);
        await Assertions.Expect(other.Locator("#message")).ToHaveTextAsync(SignInApi.UnknownToken);
        Assert.False(File.Exists(site.SecretsPath));

        await page.Locator("#authorize").ClickAsync();
        await page.WaitForURLAsync(site.BaseAddress + "config", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#signin-status")).ToHaveTextAsync("Signed in to Discogs as example (OAuth, PLAINTEXT).");
        await Assertions.Expect(page.Locator("#signout-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#sync-start")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#sync-signin")).ToBeHiddenAsync();
        await Chromium.ScreenshotAsync(page, "config-signed-in");

        var stored = new SecretsFile(site.SecretsPath).Load()!;
        Assert.Equal(("oauth", "example", "plaintext"), (stored["method"], stored["username"], stored["signature"]));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(site.SecretsPath));

        // The stored access token works against Discogs (the fake knows it), and no secret reached the page or the log.
        using (var client = new DiscogsClient(new DiscogsClientOptions { BaseAddress = site.Fake.BaseAddress, Credentials = new SecretsFile(site.SecretsPath).Credentials(null)! }))
        {
            Assert.Equal("example", (await client.OAuth.GetIdentityAsync(CancellationToken.None)).Username);
        }

        var html = await site.HtmlAsync(page);
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        var status = await http.GetStringAsync("api/signin");
        foreach (var secret in new[] { stored["token"], stored["token_secret"], stored["consumer_secret"], site.Fake.LastRequestTokenSecret! })
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, status, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, site.Log.Text, StringComparison.Ordinal);
        }

        // Sign out, then replay Discogs' answer: refused, and still nothing stored.
        await page.Locator("#signout").ClickAsync();
        await Assertions.Expect(page.Locator("#signin-status")).ToHaveTextAsync(SignedOut);
        Assert.False(File.Exists(site.SecretsPath));

        var replay = await page.GotoAsync(approve!);
        Assert.Equal(400, replay!.Status);
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync(SignInApi.ReusedToken);
        await Chromium.ScreenshotAsync(page, "config-refused-replay");
        Assert.False(File.Exists(site.SecretsPath));
        Assert.Equal(1, site.Fake.Requests.Count(r => r.PathAndQuery == "/oauth/access_token" && r.Status == 200));
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task Deny_on_the_authorize_page_stores_nothing_and_says_so()
    {
        site.SignOutOnDisk();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "config");
        await page.Locator("#allow").ClickAsync();
        var approve = await page.Locator("#authorize").GetAttributeAsync("href");
        await page.Locator("#deny").ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync(SignInApi.Denied);
        await Assertions.Expect(page.Locator("nav [aria-current='page']")).ToHaveTextAsync("Settings");
        await Chromium.ScreenshotAsync(page, "config-denied");
        Assert.False(File.Exists(site.SecretsPath));

        // The denied attempt is over: its token cannot sign in afterwards.
        var late = await page.GotoAsync(approve!);
        Assert.Equal(400, late!.Status);
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync(SignInApi.ReusedToken);
        Assert.False(File.Exists(site.SecretsPath));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Posts_without_the_antiforgery_token_are_refused_and_change_nothing()
    {
        var token = site.SignInCollector();
        var before = File.ReadAllBytes(site.SecretsPath);
        var requests = site.Fake.RequestCount;
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = site.BaseAddress };
        var syncBefore = JsonDocument.Parse(await http.GetStringAsync("api/collection/sync")).RootElement.GetProperty("seq").GetInt64();

        // No cookie and no token, then the anti-forgery cookie without the token.
        for (var withCookie = 0; withCookie < 2; withCookie++)
        {
            if (withCookie == 1)
            {
                (await http.GetAsync("api/antiforgery")).EnsureSuccessStatusCode();
            }

            foreach (var path in new[] { "get-user-access", "sign-out", "use-token", "api/collection/sync" })
            {
                using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = site.Fake.IssuePersonalToken("someone-else") });
                using var response = await http.PostAsync(path, form);
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST /{path} answered {(int)response.StatusCode}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.Contains("The request lacks a valid anti-forgery token, so nothing was changed. Reload the page and try again.", body, StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, File.ReadAllBytes(site.SecretsPath));
        Assert.Equal(requests, site.Fake.RequestCount);
        Assert.Equal(syncBefore, JsonDocument.Parse(await http.GetStringAsync("api/collection/sync")).RootElement.GetProperty("seq").GetInt64());
        Assert.DoesNotContain(token, site.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_personal_token_from_the_form_is_checked_with_discogs_before_it_is_stored()
    {
        site.SignOutOnDisk();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "config");
        await Assertions.Expect(page.Locator("#signin-status")).ToHaveTextAsync(SignedOut);
        await page.Locator("#token-box summary").ClickAsync();
        await page.Locator("#token").FillAsync("not-a-token-discogs-knows");
        await Chromium.ScreenshotAsync(page, "config-token-form");
        await page.Locator("#use-token").ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Discogs did not accept this token, so nothing was stored. Check that it is the whole token from https://www.discogs.com/settings/developers.");
        await Chromium.ScreenshotAsync(page, "config-token-refused");
        Assert.False(File.Exists(site.SecretsPath));

        var token = site.Fake.IssuePersonalToken(ConfigFixture.Collector);
        await page.GotoAsync(site.BaseAddress + "config");
        await page.Locator("#token-box summary").ClickAsync();
        await page.Locator("#token").FillAsync(token);
        await page.Locator("#use-token").ClickAsync();

        // An assertion rather than a wait, so that a run that ends elsewhere says where it ended.
        await Assertions.Expect(page).ToHaveURLAsync(site.BaseAddress + "config", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#signin-status")).ToHaveTextAsync("Signed in to Discogs as collector (personal token).", new() { Timeout = 30_000 });
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(site.SecretsPath));
        var stored = new SecretsFile(site.SecretsPath).Load()!;
        Assert.Equal(("token", "collector", token), (stored["method"], stored["username"], stored["token"]));
        Assert.DoesNotContain(token, await site.HtmlAsync(page), StringComparison.Ordinal);
        Assert.DoesNotContain(token, site.Log.Text, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_a_consumer_key_the_page_says_how_to_register_an_application()
    {
        site.SignOutOnDisk();
        var (other, address) = await site.StartSiteAsync(withConsumer: false);
        await using (other)
        {
            var page = await site.NewPageAsync();
            await page.GotoAsync(address + "config");
            await Assertions.Expect(page.Locator("#setup")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#oauth-form")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("#config-file")).ToHaveTextAsync(Path.Combine(site.Folder, "config", "config.yaml"));
            await Assertions.Expect(page.Locator("#register-link")).ToHaveAttributeAsync("href", "https://www.discogs.com/settings/developers");
            await Assertions.Expect(page.Locator("#setup")).ToContainTextAsync("PLATTER_CONSUMER_KEY and PLATTER_CONSUMER_SECRET");
            await Assertions.Expect(page.Locator("#token-box")).ToHaveAttributeAsync("open", "");
            await Chromium.ScreenshotAsync(page, "config-setup");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Sync_from_the_page_streams_progress_to_the_end_and_a_reload_picks_up_a_running_sync()
    {
        site.SignInCollector();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "config");
        await Assertions.Expect(page.Locator("#signin-status")).ToHaveTextAsync("Signed in to Discogs as collector (personal token).");
        await Assertions.Expect(page.Locator("#sync-start")).ToBeEnabledAsync();
        site.Fake.ClearLog();

        // The first sync, watched through the event stream by the test as well as by the page.
        var events = await WatchAsync();
        await page.Locator("#sync-start").ClickAsync();
        var states = await events;
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-sync", "done");
        await Chromium.ScreenshotAsync(page, "config-sync-done");

        // Every state came, in order, none skipped; the pages of the collection one by one; and one event per record fetched.
        Assert.Equal(Enumerable.Range((int)states[0].Seq, states.Count).Select(i => (long)i), states.Select(s => s.Seq));
        Assert.Equal(["running"], states.Skip(1).SkipLast(1).Select(s => s.Status).Distinct());
        var pages = (ConfigFixture.Items + 99) / 100;
        Assert.Equal(Enumerable.Range(1, pages).Select(p => $"{p}/{pages}"), states.Where(s => s.Step == "collection").Select(s => $"{s.Done}/{s.Total}"));
        var fetched = site.Fake.Requests.Count(r => r.PathAndQuery.StartsWith("/releases/", StringComparison.Ordinal) || r.PathAndQuery.StartsWith("/masters/", StringComparison.Ordinal) || r.PathAndQuery.StartsWith("/artists/", StringComparison.Ordinal));
        Assert.Equal(fetched, states.Count(s => s.Status == "running" && s.Step is "releases" or "masters" or "artists" or "artist masters")); // each main artist's list is one page here

        var end = states[^1];
        Assert.True(site.Fake.RequestCount == end.Calls, string.Join("\n", site.Fake.Requests.Select(r => r.Method + " " + r.PathAndQuery + " " + r.Status)));
        Assert.Equal(("done", ConfigFixture.Items), (end.Status, end.Items));
        Assert.Equal(ConfigFixture.Items, SqliteRead.Number(site.DatabasePath, "SELECT count(*) FROM collection_item WHERE username = 'collector'"));
        Assert.StartsWith($"Collection of collector synced into {site.DatabasePath}: 250 items in ", end.Report![0], StringComparison.Ordinal);
        Assert.Equal(end.Report, await page.Locator("#sync-report-lines li").AllTextContentsAsync());
        await Assertions.Expect(page.Locator("#sync-calls")).ToHaveTextAsync(site.Fake.RequestCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));

        // A second sync, slowed down, survives a reload; a second start meanwhile is refused.
        // Slow enough (about 25 s for the pass) that a loaded machine still reloads and starts again before it ends.
        site.Fake.DelayNext(1000, TimeSpan.FromSeconds(4));
        await page.Locator("#sync-start").ClickAsync();
        await Assertions.Expect(page.Locator("#sync-step")).ToHaveTextAsync("collection", new() { Timeout = 30_000 });
        await Chromium.ScreenshotAsync(page, "config-sync-running");
        var callsBefore = site.Fake.RequestCount;
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-sync", "running");
        await Assertions.Expect(page.Locator("#sync-start")).ToBeDisabledAsync();
        Assert.True(int.Parse((await page.Locator("#sync-calls").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Chromium.ScreenshotAsync(page, "config-sync-reloaded");

        var again = await site.NewPageAsync();
        await again.GotoAsync(site.BaseAddress + "config");
        await Assertions.Expect(again.Locator("body")).ToHaveAttributeAsync("data-sync", "running");
        var tokenJson = JsonDocument.Parse(await again.EvaluateAsync<string>("fetch('/api/antiforgery').then(r => r.text())")).RootElement;
        var second = await again.EvaluateAsync<int>(
            "([h, t]) => fetch('/api/collection/sync', { method: 'POST', headers: { [h]: t } }).then(r => r.status)",
            new[] { tokenJson.GetProperty("header").GetString(), tokenJson.GetProperty("token").GetString() });
        Assert.Equal(409, second);

        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-sync", "done", new() { Timeout = 60_000 });
        Assert.True(site.Fake.RequestCount > callsBefore);
        await Assertions.Expect(page.Locator("#sync-report-lines li").First).ToContainTextAsync("250 items in 1 folder (0 new, 0 changed, 0 removed)");
        site.Fake.ClearFaults();
        await page.Context.CloseAsync();
        await again.Context.CloseAsync();
    }

    [Fact]
    public async Task A_failed_sync_shows_the_error_as_the_cli_words_it()
    {
        new SecretsFile(site.SecretsPath).SavePersonalToken(ConfigFixture.Collector, "revoked-token");
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.BaseAddress + "config");
        await Assertions.Expect(page.Locator("#sync-start")).ToBeEnabledAsync();
        await page.Locator("#sync-start").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-sync", "failed");
        await Chromium.ScreenshotAsync(page, "config-sync-failed");

        // The library's own message for the same sync (the same database, the same refusal), which the CLI prints as it is.
        using (var client = new DiscogsClient(new DiscogsClientOptions { BaseAddress = site.Fake.BaseAddress, Credentials = new PersonalTokenCredentials("revoked-token") }))
        {
            var e = await Assert.ThrowsAsync<CollectionSyncException>(() => new CollectionSync(client, site.DatabasePath).RunAsync(ConfigFixture.Collector, null, CancellationToken.None));
            // The same words; the commands the CLI puts between backticks are code on the page.
            Assert.Contains("`platter auth login`", e.Message, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("#sync-error")).ToHaveTextAsync(e.Message.Replace("`", "", StringComparison.Ordinal));
            Assert.Contains("platter auth login", await page.Locator("#sync-error code").AllTextContentsAsync());
        }

        await page.Context.CloseAsync();
    }

    // Reads /api/collection/sync/events from the current state until a sync that started after it ends.
    private async Task<Task<List<SyncState>>> WatchAsync()
    {
        var http = new HttpClient { BaseAddress = site.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var response = await http.GetAsync("api/collection/sync/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        return Task.Run(async () =>
        {
            using (http)
            using (response)
            using (reader)
            {
                var states = new List<SyncState>();
                var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (!line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var state = JsonSerializer.Deserialize<SyncState>(line[6..], options)!;
                    states.Add(state);
                    if (states.Count > 1 && state.Status is "done" or "failed")
                    {
                        return states;
                    }
                }

                return states;
            }
        });
    }
}
