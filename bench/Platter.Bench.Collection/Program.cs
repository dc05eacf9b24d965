using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Platter.Api;
using Platter.Catalog;
using Platter.Collection;
using Platter.Testing;

// The collection sync's calls and the derivations' time, against the local Discogs of the tests
// (recorded responses and the sample dump's records, real rate-limit headers) at Discogs' limit
// of 60 requests a minute. Prints figures; asserts nothing.
if (args.Contains("--help"))
{
    Console.WriteLine("""
        Usage: dotnet run -c Release --project bench/Platter.Bench.Collection [-- --api-items N | --network]

        1. 1,000 items with the catalog imported: calls for the whole sync (target: at most 15).
        2. The same sync again with nothing changed (target: at most the pages plus 3).
        3. API only, N items (default 24) of distinct releases: calls made and the minimum the data needs
           (counted from the served JSON), and the time at 60 requests a minute.
        4. Derivations and the network for 1,000 items over the sample's 1,000 releases (target: under 5 s).

        With --network instead: the network page in headless Chromium over synthetic collections, the time
        to interactive for 1,000 items (target: under 2 s) and the frame times while panning 5,000 items'
        network (target: under 50 ms).
        """);
    return;
}

if (args.Contains("--network"))
{
    await NetworkBench.RunAsync();
    return;
}

var apiItems = args.Contains("--api-items") ? int.Parse(args[Array.IndexOf(args, "--api-items") + 1], CultureInfo.InvariantCulture) : 24;
using var folder = new TempFolder("platter-bench-collection");
Console.WriteLine($"Platter collection benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");

var catalog = folder.File("catalog.db");
await new CatalogImporter(catalog).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);

// Releases whose masters and artists the sample catalog holds too (the sample is 1,000 records of
// each kind, not a coherent catalog): with these, a sync needs no record from the API.
var complete = SqliteRead.Column(catalog, """
    SELECT r.id FROM release r WHERE (r.master_id IS NULL OR r.master_id IN (SELECT id FROM master))
    AND NOT EXISTS (SELECT 1 FROM (SELECT artist_id FROM release_artist WHERE release_id = r.id UNION ALL SELECT artist_id FROM release_credit WHERE release_id = r.id
        UNION ALL SELECT artist_id FROM release_track_artist WHERE release_id = r.id) a WHERE a.artist_id IS NOT NULL AND a.artist_id <> 0 AND a.artist_id NOT IN (SELECT id FROM artist))
    ORDER BY r.id
    """).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();

await using (var fake = await FakeDiscogsApi.StartAsync())
{
    fake.Records = DumpAsApi.Sample;
    fake.AddCollection("collector", 1000, wants: Math.Min(50, complete.Count), complete);
    using var client = Client(fake, "collector");
    var sync = new CollectionSync(client, catalog);
    var watch = Stopwatch.StartNew();
    var first = await sync.RunAsync("collector", null, CancellationToken.None);
    var firstTime = watch.Elapsed;
    watch.Restart();
    var second = await sync.RunAsync("collector", null, CancellationToken.None);
    Console.WriteLine();
    Console.WriteLine($"== 1. 1,000 items (copies of the {complete.Count} sample releases whose masters and artists the catalog holds), {first.Wants} wants, catalog imported");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls: {first.Calls} (target: at most 15) in {firstTime.TotalSeconds:N1} s; records from the catalog: {first.Records!.Releases.Catalog} releases, {first.Records.Masters.Catalog} masters, {first.Records.Artists.Catalog} artists; from the API: {first.Records.Releases.Api + first.Records.Masters.Api + first.Records.Artists.Api}"));
    Console.WriteLine();
    Console.WriteLine("== 2. the same sync again, nothing changed");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls: {second.Calls} (target: at most 10 pages + 3 = 13) in {watch.Elapsed.TotalSeconds:N1} s"));
}

await using (var fake = await FakeDiscogsApi.StartAsync())
{
    fake.Records = DumpAsApi.Sample;
    var releases = DumpAsApi.Sample.ReleaseIds.Take(apiItems).ToList();
    fake.AddCollection("collector", apiItems, wants: 0, releases);
    using var client = Client(fake, "collector");
    var watch = Stopwatch.StartNew();
    var report = await new CollectionSync(client, folder.File("api.db")).RunAsync("collector", null, CancellationToken.None);
    var minimum = 5 + MinimumRecordCalls(fake, releases);
    var repeated = fake.Requests.GroupBy(r => r.PathAndQuery).Count(g => g.Count() > 1);
    Console.WriteLine();
    Console.WriteLine($"== 3. API only: {apiItems} items of distinct sample releases, no catalog, 60 requests a minute");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls made: {report.Calls}; minimum the data needs: {minimum} (5 for the collection, then each release, master and artist once, then every page of each main artist's releases list); requests repeated: {repeated}; {watch.Elapsed.TotalSeconds:N1} s, 429s: {fake.TooManyRequestsCount}"));
}

await using (var fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions { AuthenticatedLimit = 100_000 }))
{
    // Records from the catalog where it has them; what the sample lacks from the fake with no
    // limit (this phase times the derivations, not the calls).
    fake.Records = DumpAsApi.Sample;
    fake.AddCollection("big", 1000, wants: 0, DumpAsApi.Sample.ReleaseIds);
    using var client = Client(fake, "big", limit: 100_000);
    var sync = new CollectionSync(client, catalog);
    var report = await sync.RunAsync("big", null, CancellationToken.None);
    var times = new List<double>();
    ArtistNetwork? network = null;
    for (var round = 0; round < 5; round++)
    {
        var watch = Stopwatch.StartNew();
        Derive.Run(catalog, "big");
        using var db = CollectionStore.Open(catalog);
        network = ArtistNetwork.Build(db, "big");
        times.Add(watch.Elapsed.TotalSeconds);
    }

    var d = report.Derived!;
    Console.WriteLine();
    Console.WriteLine($"== 4. derivations and the network: 1,000 items over the sample's {DumpAsApi.Sample.ReleaseIds.Count:N0} releases");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Artists:N0} artists ({d.Groups:N0} groups, {d.People:N0} people), {d.Roles:N0} roles, {d.Relations:N0} relations; network {network!.Nodes.Count:N0} nodes, {network.Edges.Count:N0} edges, {network.Communities.Count:N0} communities"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"derive + network, 5 rounds: {string.Join(", ", times.Select(t => t.ToString("N2", CultureInfo.InvariantCulture)))} s; worst {times.Max():N2} s (target: under 5 s)"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory of this process (VmHWM): {PeakMb():N0} MB"));

static DiscogsClient Client(FakeDiscogsApi fake, string user, int limit = 60) => new(new DiscogsClientOptions
{
    BaseAddress = fake.BaseAddress,
    UserAgent = "PlatterBench/1.0 +https://example.org/platter-bench",
    Credentials = new PersonalTokenCredentials(fake.IssuePersonalToken(user)),
    AuthenticatedLimit = limit,
});

// Each release, the distinct masters and artists they name, counted from the JSON the fake serves.
static int MinimumRecordCalls(FakeDiscogsApi fake, List<int> releases)
{
    var masters = new HashSet<long>();
    var artists = new HashSet<long>();
    var mainArtists = new HashSet<long>();
    void Credits(JsonElement e)
    {
        foreach (var list in new[] { "artists", "extraartists" })
        {
            if (e.TryGetProperty(list, out var a))
            {
                foreach (var c in a.EnumerateArray().Where(c => c.GetProperty("id").GetInt64() > 0))
                {
                    artists.Add(c.GetProperty("id").GetInt64());
                }
            }
        }

        foreach (var sub in e.TryGetProperty("sub_tracks", out var s) ? s.EnumerateArray() : default)
        {
            Credits(sub);
        }
    }

    foreach (var id in releases)
    {
        var file = fake.FixtureFile($"releases/{id}", null);
        using var doc = JsonDocument.Parse(File.Exists(file) ? File.ReadAllText(file) : DumpAsApi.Sample.Body($"releases/{id}")!);
        if (doc.RootElement.GetProperty("master_id").GetInt64() is > 0 and var m)
        {
            masters.Add(m);
        }

        mainArtists.UnionWith(doc.RootElement.GetProperty("artists").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).Where(a => a is > 0 and not (194 or 355 or 118760)));

        Credits(doc.RootElement);
        foreach (var t in doc.RootElement.GetProperty("tracklist").EnumerateArray())
        {
            Credits(t);
        }
    }

    // Each main artist's releases list, every page at 100 a page (a list Discogs does not have is one 404).
    var listPages = 0;
    foreach (var artist in mainArtists)
    {
        var folder = Path.GetDirectoryName(fake.FixtureFile($"artists/{artist}/releases", "page=1&per_page=50"))!;
        var items = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*&per_page=50.json").Sum(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("releases").GetArrayLength())
            : DumpAsApi.Sample.ArtistReleases(artist).Count;
        listPages += Math.Max(1, (items + 99) / 100);
    }

    return releases.Count + masters.Count + artists.Count + listPages;
}

static double PeakMb() => File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0).FirstOrDefault();
