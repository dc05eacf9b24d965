using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platter.Collection;
using Platter.Testing;
using Platter.Web;

/// <summary>
/// The network page in Debian's headless Chromium over synthetic collections (derived tables written
/// directly: the sample has only 1,000 releases): the time to interactive for 1,000 items, and the
/// frame times while panning a 5,000-item network programmatically (platterNetwork.panBy, which is what a
/// mouse drag does, in a rAF loop), and the time of the one redraw at the end of the drag.
/// Prints figures; asserts nothing.
/// </summary>
internal static class NetworkBench
{
    public static async Task RunAsync()
    {
        using var folder = new TempFolder("platter-bench-network");
        var db = folder.File("network.db");
        var small = Synthesise(db, "thousand", items: 1_000, seed: 1);
        var big = Synthesise(db, "fivethousand", items: 5_000, seed: 2);
        Console.WriteLine($"Platter network page benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Chromium headless (software rendering)");

        await using var site = PlatterSite.Create(new SiteOptions { DatabasePath = db, Urls = ["http://127.0.0.1:0"] });
        await site.StartAsync();
        var address = site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

        foreach (var (user, shape) in new[] { ("thousand", small), ("fivethousand", big) })
        {
            var network = Network(db, user);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {user}: {shape}; network {network.Nodes.Count:N0} nodes, {network.Edges.Count:N0} edges, {network.Communities.Count:N0} communities"));
            var tti = new List<double>();
            var api = new List<double>();
            for (var round = 0; round < 3; round++)
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 900 } });
                var page = await context.NewPageAsync();
                page.Console += (_, m) =>
                {
                    if (m.Type is "error" or "warning")
                    {
                        Console.WriteLine($"console {m.Type}: {m.Text}");
                    }
                };
                page.PageError += (_, e) => Console.WriteLine($"page error: {e}");
                await page.GotoAsync($"{address}/network?user={user}");
                await page.Locator("body[data-state='ready']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
                tti.Add(await page.EvaluateAsync<double>("platterNetwork.readyAt"));
                Console.WriteLine(await page.EvaluateAsync<string>("'phases (ms since navigation start): ' + Object.entries(platterNetwork.marks).map(([k, v]) => k + ' ' + v).join(', ') + ', first frame ' + Math.round(platterNetwork.readyAt)"));
                api.Add(await page.EvaluateAsync<double>("(() => { const e = performance.getEntriesByType('resource').find(r => r.name.includes('/api/collection/network')); return e.responseEnd - e.startTime; })()"));
                if (round == 2)
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Fixtures.Root, "artifacts", "screenshots", $"network-bench-{user}.png") });
                    foreach (var (what, zoom) in new[] { ("at the first view", 1.0), ("zoomed in 4x", 4.0) })
                    {
                        var measured = await page.EvaluateAsync<double[]>(PanScript(zoom));
                        var frames = measured.Where(t => t >= 0).ToArray();
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pan {what}, {frames.Length} frames: p50 {Percentile(frames, 50):N1} ms, p95 {Percentile(frames, 95):N1} ms, max {frames.Max():N1} ms (target: under 50 ms); the redraw when the drag ends {-measured[^1]:N0} ms"));
                    }
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time to interactive (navigation start to the first drawn frame), 3 loads: {string.Join(", ", tti.Select(t => t.ToString("N0", CultureInfo.InvariantCulture)))} ms (target: under 2,000 ms); of which the API answer {string.Join(", ", api.Select(t => t.ToString("N0", CultureInfo.InvariantCulture)))} ms"));
        }
    }

    /// <summary>Pans by (7, 4) px per frame for 240 frames at the given zoom; returns the intervals between frames, then (negated) the time to the frame after the drag's end.</summary>
    private static string PanScript(double zoom) => string.Create(CultureInfo.InvariantCulture, $$"""
        () => new Promise((resolve) => {
          platterNetwork.zoomTo({{zoom}});
          const times = [];
          let last = null;
          let n = 0;
          function step(t) {
            if (last !== null) times.push(t - last);
            last = t;
            platterNetwork.panBy(7, 4);
            if (++n < 240) { requestAnimationFrame(step); return; }
            // The drag ends: one redraw at the new place, timed to the frame after it.
            const t0 = performance.now();
            platterNetwork.settle();
            requestAnimationFrame(() => requestAnimationFrame((t1) => { times.push(-(t1 - t0)); resolve(times); }));
          }
          requestAnimationFrame(step);
        })
        """);

    private static double Percentile(double[] values, int p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static ArtistNetwork Network(string db, string user)
    {
        using var c = CollectionStore.Open(db);
        return ArtistNetwork.Build(c, user);
    }

    /// <summary>
    /// A synthetic collection written straight into the derived tables: items spread over artists with
    /// a long tail (artist k of the collection has about 40/k^0.7 items), the artists in scenes of 40
    /// to 120, relations mostly within a scene (together, credited, track artist), and each collection
    /// artist's members and aliases as artists one relation away.
    /// </summary>
    private static string Synthesise(string db, string user, int items, int seed)
    {
        var random = new Random(seed);
        using var c = CollectionStore.Open(db);
        Derive.Run(c, user); // creates the derived tables (there is nothing to derive yet)
        using var tx = c.BeginTransaction();
        Exec(c, "INSERT INTO collection_user (username, pass, pass_complete, started_at, completed_at) VALUES ($u, 1, 1, $t, $t)", ("$u", user), ("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
        var baseId = seed * 1_000_000L;
        var perArtist = new List<int>();
        for (var left = items; left > 0;)
        {
            var n = Math.Min(left, Math.Max(1, (int)Math.Round(40 / Math.Pow(perArtist.Count + 1, 0.7))));
            perArtist.Add(n);
            left -= n;
        }

        var artists = perArtist.Count;
        var scene = new int[artists];
        for (int i = 0, s = 0; i < artists; s++)
        {
            var size = random.Next(40, 121);
            for (var k = 0; k < size && i < artists; k++)
            {
                scene[i++] = s;
            }
        }

        // Shuffle the scenes so the heavy artists are spread over them.
        random.Shuffle(scene);
        var relations = new HashSet<(long, long, string)>();
        var related = 0L;
        for (var i = 0; i < artists; i++)
        {
            var id = baseId + i + 1;
            Exec(c, "INSERT OR REPLACE INTO der_artist VALUES ($id, $n, 'person', NULL)", ("$id", id), ("$n", $"Artist {seed}-{i + 1}"));
            Exec(c, "INSERT INTO der_artist_items VALUES ($u, $id, $m, $m, 0, 0, 0, 0)", ("$u", user), ("$id", id), ("$m", perArtist[i]));
            for (var k = random.Next(0, 4); k > 0; k--)
            {
                var other = random.NextDouble() < 0.85 ? Pick(random, scene, scene[i]) : random.Next(artists);
                if (other != i)
                {
                    relations.Add((id, baseId + other + 1, random.NextDouble() < 0.5 ? "together" : random.NextDouble() < 0.5 ? "credited_on" : "track_artist_on"));
                }
            }

            for (var k = random.Next(0, 3); k > 0; k--)
            {
                var far = baseId + 500_000 + ++related;
                Exec(c, "INSERT OR REPLACE INTO der_artist VALUES ($id, $n, 'person', NULL)", ("$id", far), ("$n", $"Related {seed}-{related}"));
                relations.Add((far, id, k == 1 ? "member_of" : "alias_of"));
            }
        }

        foreach (var (s, t, type) in relations)
        {
            Exec(c, "INSERT OR IGNORE INTO der_relation VALUES ($u, $s, $t, $type, $w, NULL, 'synthetic')", ("$u", user), ("$s", s), ("$t", t), ("$type", type), ("$w", 1 + random.Next(3)));
        }

        tx.Commit();
        return string.Create(CultureInfo.InvariantCulture, $"{items:N0} items over {artists:N0} artists, {related:N0} related artists, {relations.Count:N0} relations");
    }

    private static int Pick(Random random, int[] scene, int wanted)
    {
        while (true)
        {
            var i = random.Next(scene.Length);
            if (scene[i] == wanted)
            {
                return i;
            }
        }
    }

    private static void Exec(SqliteConnection c, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        cmd.ExecuteNonQuery();
    }
}
