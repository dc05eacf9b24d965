// Benchmarks of the tag index (issue 17). It prints figures; it is not a test.
//
//   build  the index build against the import of the same amplified catalog (the sample's real
//          releases repeated with ids offset, as bench/Platter.Bench builds its input, plus the
//          sample's masters): single-threaded and on two threads, each as a ratio to the import
//   pgbuild the index built from the same catalog in PostgreSQL (a cluster of its own) into a
//          local SQLite file, against the build from the SQLite file (not in "all")
//   scale  a synthetic index of --works works in the index's own tables, tag frequencies shaped
//          like the real catalog's (a few huge genres, a long tail of styles, labels, artists):
//          load time and memory in this process, --queries random 3-tag page queries (count +
//          first page of 50 works with videos + top 20 facets per kind), autocomplete, and the
//          same intersections as Redis SINTER + SCARD on a real redis-server and as SQL joins
//   wrk    the site under wrk (32 connections, 20 s) against /api/works on the sample
//   pages  the collection's pages and JSON (dashboard, artist, release) on a --items collection
//          (1,000) over the sample's releases: p50/p99 per endpoint, one request at a time
//
// usage: dotnet run -c Release --project bench/Platter.Bench.Index -- [build|pgbuild|scale|wrk|pages|all]
//        [--works N] [--queries N] [--baseline-queries N] [--releases N] [--items N] [--runs N] [--rounds N] [--dir DIR]
using System.Globalization;
using Platter.Bench.Index;

if (args.Contains("--help"))
{
    Console.WriteLine("usage: Platter.Bench.Index [build|pgbuild|scale|wrk|pages|all] [--works N (10000000)] [--queries N (1000)] [--baseline-queries N (200)] [--releases N (200000)] [--items N (1000)] [--runs N (300)] [--rounds N (3, build)] [--dir DIR]");
    return 0;
}

var phase = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !char.IsDigit(a[0]) && !a.Contains('/', StringComparison.Ordinal)) ?? "all";
int Opt(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

var dirIndex = Array.IndexOf(args, "--dir");
var dir = dirIndex >= 0 ? args[dirIndex + 1] : Path.Combine(Path.GetTempPath(), "platter-bench-index");
Directory.CreateDirectory(dir);
var root = Bench.RepoRoot();
if (phase != "scale-query")
{
    Console.WriteLine($"Platter tag index benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
}

if (phase is "build" or "all")
{
    BuildBench.Run(root, dir, Opt("--releases", 200_000), Opt("--rounds", 3));
}

if (phase is "pgbuild")
{
    BuildBench.RunPostgres(root, dir, Opt("--releases", 200_000));
}

if (phase is "scale" or "all")
{
    await ScaleBench.RunAsync(dir, Opt("--works", 10_000_000), Opt("--queries", 1000), Opt("--baseline-queries", 200));
}

if (phase is "scale-query")
{
    // The child process of the scale phase: only the open index in memory, as in the site.
    await ScaleBench.QueryAsync(args[Array.IndexOf(args, "--db") + 1], Opt("--queries", 1000), Opt("--baseline-queries", 200));
    return 0;
}

if (phase is "wrk" or "all")
{
    await WrkBench.RunAsync(root, dir);
}

if (phase is "pages" or "all")
{
    await CollectionBench.RunAsync(root, dir, Opt("--items", 1000), Opt("--runs", 300));
}

Console.WriteLine($"peak memory of this process (VmHWM): {Bench.StatusMb("VmHWM"):N0} MB");
return 0;
