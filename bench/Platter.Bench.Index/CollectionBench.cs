using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platter.Api;
using Platter.Catalog;
using Platter.Collection;
using Platter.Index;
using Platter.Testing;
using Platter.Web;

namespace Platter.Bench.Index;

/// <summary>
/// The collection's pages and their JSON on a 1,000-item collection (every release of the sample
/// once, synced against the local fake Discogs with the catalog imported): per endpoint, the time
/// from request to the last byte, one request at a time over loopback, after a warm-up; then the
/// JSON endpoints under wrk, 8 connections at once.
/// </summary>
internal static class CollectionBench
{
    private const string User = "collector";

    public static async Task RunAsync(string root, string dir, int items, int runs)
    {
        Console.WriteLine();
        Console.WriteLine($"== the collection's pages: {items:N0} items over the sample's releases, {runs:N0} sequential requests per endpoint after {runs / 10:N0} to warm up");
        var db = Path.Combine(dir, $"collection-{items}.db");
        if (!File.Exists(db))
        {
            await new CatalogImporter(db).ImportAsync([Path.Combine(root, "samples", "dumps", "2020-08-sample")], null, CancellationToken.None);
            new IndexBuilder(db).Build();
            await using var fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions { AuthenticatedLimit = 1_000_000 });
            fake.Records = DumpAsApi.Sample;
            var collector = fake.AddCollection(User, items, wants: 20, DumpAsApi.Sample.ReleaseIds);
            collector.AddedEvery = TimeSpan.FromDays(2);
            using var client = new DiscogsClient(new DiscogsClientOptions
            {
                BaseAddress = fake.BaseAddress,
                UserAgent = "PlatterBench/1.0 +https://example.org/platter-bench",
                Credentials = new PersonalTokenCredentials(fake.IssuePersonalToken(User)),
            });
            var watch = Stopwatch.StartNew();
            var report = await new CollectionSync(client, db).RunAsync(null, null, CancellationToken.None);
            Console.WriteLine($"synced {report.Items:N0} items in {watch.Elapsed.TotalSeconds:N1} s (derivations {report.Derived?.Elapsed.TotalMilliseconds:N0} ms)");
        }

        // The artist with the most items and the release of the first item: the biggest pages there are.
        // And the main artist whose labels have the most releases: the most candidates its similar artists are scored from.
        string artist, release, busiest;
        using (var c = CollectionStore.Open(db))
        {
            artist = CollectionViews.TopArtists(c, User, 1)[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT release_id FROM collection_item ORDER BY instance_id LIMIT 1";
            release = Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
            cmd.CommandText = $"""
                SELECT a.artist_id FROM release_artist a JOIN release_label l ON l.release_id = a.release_id JOIN release_label mate ON mate.label_id = l.label_id
                WHERE a.artist_id IN (SELECT artist_id FROM der_artist_items WHERE username = '{User}' AND main_items > 0 AND artist_id <> 194)
                GROUP BY a.artist_id ORDER BY count(DISTINCT mate.release_id) DESC, a.artist_id LIMIT 1
                """;
            busiest = Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
        }

        await using var site = PlatterSite.Create(new SiteOptions { DatabasePath = db, Urls = ["http://127.0.0.1:0"] }, l => l.SetMinimumLevel(LogLevel.Warning));
        await site.StartAsync();
        var address = site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        using var http = new HttpClient();
        foreach (var path in new[] { "/collection", "/api/collection", "/artist/" + artist, "/api/collection/artists/" + artist, "/api/collection/artists/" + busiest, "/release/" + release, "/api/collection/releases/" + release })
        {
            var ms = new List<double>();
            long bytes = 0;
            var first = 0.0;
            for (var i = 0; i < runs + (runs / 10); i++)
            {
                var watch = Stopwatch.StartNew();
                var body = await http.GetByteArrayAsync(address + path);
                first = i == 0 ? Bench.Ms(watch) : first;
                if (i >= runs / 10)
                {
                    ms.Add(Bench.Ms(watch));
                    bytes = body.Length;
                }
            }

            // The first request of the artist's JSON builds the network its community is read from (cached after).
            Console.WriteLine($"{path,-32} {bytes / 1024.0,7:N1} KB  {Bench.Latencies(ms)}, first {first:N1} ms");
        }

        // The JSON endpoints under load: wrk with 8 connections for 10 s each (after 2 s to warm up),
        // its latency percentiles and requests per second.
        Console.WriteLine();
        if (!File.Exists("/usr/bin/wrk"))
        {
            Console.WriteLine("wrk is not installed (Debian package wrk); the JSON endpoints under load skipped");
        }
        else
        {
            Console.WriteLine("the JSON endpoints under wrk -t2 -c8 -d10s --latency (p50, p90, p99, requests/s):");
            foreach (var path in new[] { "/api/collection", "/api/collection/artists/" + artist, "/api/collection/artists/" + busiest, "/api/collection/releases/" + release, "/api/collection/network", "/api/collection/discover" })
            {
                _ = Bench.Run("/usr/bin/wrk", "-t2", "-c8", "-d2s", address + path);
                var output = Bench.Run("/usr/bin/wrk", "-t2", "-c8", "-d10s", "--latency", address + path);
                string Line(string start) => output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal))?[start.Length..].Trim() ?? "?";
                var errors = output.Contains("Non-2xx", StringComparison.Ordinal) ? ", NON-2XX ANSWERS: " + Line("Non-2xx or 3xx responses:") : "";
                Console.WriteLine($"{path,-36} p50 {Line("50%"),9}  p90 {Line("90%"),9}  p99 {Line("99%"),9}  {Line("Requests/sec:"),10} req/s{errors}");
            }
        }

        await site.StopAsync();
    }
}
