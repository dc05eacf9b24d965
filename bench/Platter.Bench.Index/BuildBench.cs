using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;
using Platter.Catalog;
using Platter.Index;

namespace Platter.Bench.Index;

/// <summary>The index build as a share of the import of the same catalog, single-threaded and on two threads.</summary>
internal static class BuildBench
{
    private const long IdStride = 15_000_000;

    public static void Run(string root, string dir, int releases, int rounds)
    {
        var sample = Path.Combine(root, "samples", "dumps", "2020-08-sample");
        var input = Amplified(Path.Combine(sample, "discogs_20200806_releases.xml.gz"), releases, dir);
        var warm = Amplified(Path.Combine(sample, "discogs_20200806_releases.xml.gz"), 20_000, dir);
        var masters = Path.Combine(sample, "discogs_20200806_masters.xml.gz");
        Console.WriteLine();
        Console.WriteLine($"== index build against the import: {releases:N0} releases and the sample's 1,000 masters");

        // The code runs warm in a long import; warm it once here too.
        var warmDb = Path.Combine(dir, "warm.db");
        Import(warmDb, [warm, masters]);
        new IndexBuilder(warmDb) { Parallel = true }.Build();

        var imports = new List<double>();
        var single = new List<double>();
        var parallel = new List<double>();
        IndexBuildReport? last = null;
        for (var round = 1; round <= rounds; round++)
        {
            var db = Path.Combine(dir, "build.db");
            imports.Add(Import(db, [input, masters]));
            var watch = Stopwatch.StartNew();
            var s = new IndexBuilder(db) { Parallel = false }.Build();
            single.Add(watch.Elapsed.TotalSeconds);
            watch.Restart();
            last = new IndexBuilder(db) { Parallel = true }.Build();
            parallel.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"round {round}: import {imports[^1]:N2} s; index single-threaded {single[^1]:N2} s (read {s.ReadTime.TotalSeconds:N2}, write {s.WriteTime.TotalSeconds:N2}), parallel {parallel[^1]:N2} s (read {last.ReadTime.TotalSeconds:N2}, write {last.WriteTime.TotalSeconds:N2})"));
        }

        var imp = Bench.Median(imports);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"works {last!.Works:N0} ({last.WorksWithVideos:N0} with videos), videos {last.Videos:N0}, tags {last.Tags:N0}, (work, tag) pairs read {last.Postings:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median import {imp:N2} s ({releases / imp:N0} releases/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median index build, single-threaded: {Bench.Median(single):N2} s = {Bench.Median(single) / imp:N3} x the import (target: at most 0.100)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median index build, two threads:     {Bench.Median(parallel):N2} s = {Bench.Median(parallel) / imp:N3} x the import"));
        var perRound = parallel.Select((p, i) => p / imports[i]).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"two threads, each round against its own import: {string.Join(", ", perRound.Select(r => r.ToString("N3", CultureInfo.InvariantCulture)))}; within 0.100 in {perRound.Count(r => r <= 0.100)} of {perRound.Count} rounds, worst {perRound.Max():N3}"));
    }

    /// <summary>
    /// The index built from a PostgreSQL catalog (a cluster of its own, default settings) into a
    /// local SQLite file, against the build from the SQLite file of the same import: the cost of
    /// reading the catalog over a socket instead of from the file.
    /// </summary>
    public static void RunPostgres(string root, string dir, int releases)
    {
        var sample = Path.Combine(root, "samples", "dumps", "2020-08-sample");
        var input = Amplified(Path.Combine(sample, "discogs_20200806_releases.xml.gz"), releases, dir);
        var masters = Path.Combine(sample, "discogs_20200806_masters.xml.gz");
        Console.WriteLine();
        Console.WriteLine($"== index build from PostgreSQL against the build from SQLite: {releases:N0} releases and the sample's 1,000 masters");
        using var server = Platter.Testing.LocalPostgres.Start(fast: false);
        var pg = server.ConnectionString("postgres");
        var sqlite = Path.Combine(dir, "pgbuild.db");
        Import(sqlite, [input, masters]);
        new CatalogImporter(pg).ImportAsync([input, masters], null, CancellationToken.None).GetAwaiter().GetResult();
        var local = Path.Combine(dir, "pgbuild-local.db");
        File.Delete(local);

        var fromSqlite = new List<double>();
        var fromPostgres = new List<double>();
        IndexBuildReport? a = null, b = null;
        for (var round = 1; round <= 3; round++)
        {
            var watch = Stopwatch.StartNew();
            a = new IndexBuilder(sqlite) { Parallel = true }.Build();
            fromSqlite.Add(watch.Elapsed.TotalSeconds);
            watch.Restart();
            b = new IndexBuilder(pg, local) { Parallel = true }.Build();
            fromPostgres.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"round {round}: from SQLite {fromSqlite[^1]:N2} s (read {a.ReadTime.TotalSeconds:N2}); from PostgreSQL {fromPostgres[^1]:N2} s (read {b.ReadTime.TotalSeconds:N2}, write {b.WriteTime.TotalSeconds:N2})"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"works {b!.Works:N0} / {a!.Works:N0}, videos {b.Videos:N0} / {a.Videos:N0}, tags {b.Tags:N0} / {a.Tags:N0} (PostgreSQL / SQLite)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median build from SQLite {Bench.Median(fromSqlite):N2} s, from PostgreSQL {Bench.Median(fromPostgres):N2} s = {Bench.Median(fromPostgres) / Bench.Median(fromSqlite):N2} x; all runs from PostgreSQL: {string.Join(", ", fromPostgres.Select(x => x.ToString("N2", CultureInfo.InvariantCulture)))} s"));
    }

    private static double Import(string db, string[] files)
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { db, db + "-wal", db + "-shm" })
        {
            File.Delete(f);
        }

        var watch = Stopwatch.StartNew();
        new CatalogImporter(db).ImportAsync(files, null, CancellationToken.None).GetAwaiter().GetResult();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The sample's releases repeated with ids offset (master ids unchanged), as bench/Platter.Bench builds its input.</summary>
    private static string Amplified(string sample, int releases, string dir)
    {
        var path = Path.Combine(dir, $"discogs_20990101_releases-{releases}.xml.gz");
        if (File.Exists(path))
        {
            return path;
        }

        string xml;
        using (var gz = new GZipStream(File.OpenRead(sample), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz, Encoding.UTF8))
        {
            xml = reader.ReadToEnd();
        }

        var records = new List<(long Id, string Tail)>();
        var start = xml.IndexOf("<release id=\"", StringComparison.Ordinal);
        while (start >= 0)
        {
            var next = xml.IndexOf("<release id=\"", start + 1, StringComparison.Ordinal);
            var end = next >= 0 ? next : xml.LastIndexOf("</releases>", StringComparison.Ordinal);
            var record = xml[start..end];
            var idEnd = record.IndexOf('"', "<release id=\"".Length);
            records.Add((long.Parse(record["<release id=\"".Length..idEnd], CultureInfo.InvariantCulture), record[idEnd..]));
            start = next;
        }

        var tmp = path + ".tmp";
        using (var file = File.Create(tmp))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz, new UTF8Encoding(false), 1 << 20))
        {
            w.Write("<releases>");
            for (var i = 0; i < releases; i++)
            {
                var (id, rest) = records[i % records.Count];
                w.Write("<release id=\"");
                w.Write((id + (IdStride * (i / records.Count))).ToString(CultureInfo.InvariantCulture));
                w.Write(rest);
            }

            w.Write("</releases>\n");
        }

        File.Move(tmp, path);
        return path;
    }
}
