using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Platter.Catalog;
using Platter.Dumps;

// Import benchmark (issue 2). Builds a large releases dump by repeating the 1,000 real records
// of the bundled sample with ids offset, then measures in one run, each phase in its own
// process so that peak memory is that phase's own:
//   floor     reading the .gz to the end with GZipStream
//   xmlreader a plain XmlReader pass over the same file (the naive baseline)
//   tokens    Platter's XML scanner alone: every tag and text found, nothing decoded
//   texts     the scanner, decoding every text to a string (what parse adds to it: records)
//   parse     Platter's parser, every record fully materialised
//   import    Platter's import into a fresh SQLite file
// and, with --postgres (issue 20), on a PostgreSQL server this run starts on the same machine
// (Debian's package, a throw-away cluster with the server's default settings, fsync on):
//   pgimport  Platter's import into a fresh PostgreSQL database (binary COPY)
//   jsonl     platter export jsonl of the SQLite catalog the import phase left
//   parquet   platter export parquet of the same
// and prints records/s, the ratio of each time to the floor (and with --postgres the ratio of
// PostgreSQL's import rate to SQLite's, and of each export's time to the parse's), and peak memory.
//
// This machine's speed drifts by ±25% from minute to minute, and a slow spell can last a minute
// or two, so every phase runs --runs times (default 5), the phases of one round back to back,
// and the median of each is reported.
//
// The targets are rates for whole dumps (19 million releases take minutes), so by default each
// phase process first runs the same phase untimed over a smaller input (--warmup, 50,000
// releases): the methods are compiled and tiered up, as they are a second into a real import,
// and the timed run measures the steady rate. --warmup 0 measures cold processes instead, with
// start-up and compilation in the time.
//
// usage: dotnet run -c Release --project bench/Platter.Bench -- [--releases N] [--runs R] [--dir DIR]
//        [--warmup N] [--memory-check N]... [--postgres] [--phases a,b,...]   (default 200,000 releases, about 900 MB of XML; inputs are cached in DIR)
//        Platter.Bench --phase NAME FILE [DB] [--warmup-file FILE]   (one phase, in this process)
if (args.Length >= 3 && args[0] == "--phase")
{
    var rest = args.Skip(3).ToList();
    var warmIndex = rest.IndexOf("--warmup-file");
    string? warmFile = null;
    if (warmIndex >= 0)
    {
        warmFile = rest[warmIndex + 1];
        rest.RemoveRange(warmIndex, 2);
    }

    return Phases.Run(args[1], args[2], rest.FirstOrDefault(), warmFile);
}

var releases = 200_000;
var runs = 5;
var warmup = 50_000;
var dir = Path.Combine(Path.GetTempPath(), "platter-bench");
var sizes = new List<int>();
var postgres = false;
string[]? only = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--releases":
            releases = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--runs":
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--dir":
            dir = args[++i];
            break;
        case "--warmup":
            warmup = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--postgres":
            postgres = true;
            break;
        case "--phases":
            only = args[++i].Split(',');
            break;
        case "--memory-check":
            sizes.Add(int.Parse(args[++i], CultureInfo.InvariantCulture));
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

Directory.CreateDirectory(dir);
var sample = FindSample();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
var input = Inputs.Build(sample, releases, dir);
var xmlBytes = new FileInfo(input).Length;
Console.WriteLine($"input: {input}: {releases:N0} releases, {xmlBytes / 1048576.0:N0} MB compressed");
var warmInput = warmup > 0 ? Inputs.Build(sample, warmup, dir) : null;
Console.WriteLine(warmInput is null
    ? "cold: each phase timed from the start of a fresh process (start-up and compilation included)"
    : $"warm: each phase process first runs the same phase untimed over {warmup:N0} releases, then times the steady rate");

var db = Path.Combine(dir, "bench.db");
string[] phases = postgres
    ? ["floor", "xmlreader", "tokens", "texts", "parse", "import", "pgimport", "jsonl", "parquet"]
    : ["floor", "xmlreader", "tokens", "texts", "parse", "import"];
if (only is not null)
{
    phases = [.. phases.Where(p => p is "floor" or "parse" or "import" || only.Contains(p))];
}

using var server = postgres ? Platter.Testing.LocalPostgres.Start(fast: false) : null;
if (server is not null)
{
    Console.WriteLine($"PostgreSQL: a cluster of its own on 127.0.0.1:{server.Port}, the server's default settings (fsync on, shared_buffers 128 MB)");
}

string? DbOf(string phase) => phase switch
{
    "import" or "jsonl" or "parquet" => db,
    "pgimport" => server!.ConnectionString("postgres"),
    _ => null,
};

var results = phases.ToDictionary(p => p, _ => new List<PhaseResult>());
for (var round = 1; round <= runs; round++)
{
    foreach (var phase in phases)
    {
        var r = Phases.Spawn(phase, input, DbOf(phase), warmInput);
        results[phase].Add(r);
        Console.Error.WriteLine($"round {round}: {phase} {r.Seconds:N2} s");
    }
}

var floor = Median(results["floor"]);
Console.WriteLine();
Console.WriteLine($"median of {runs} runs each");
Console.WriteLine($"{"phase",-10} {"seconds",8} {"records/s",12} {"× floor",8} {"peak MB",8}   {"all runs (s)"}");
foreach (var phase in phases)
{
    var m = Median(results[phase]);
    var all = string.Join(" ", results[phase].Select(r => r.Seconds.ToString("N2", CultureInfo.InvariantCulture)));
    Console.WriteLine($"{phase,-10} {m,8:N2} {releases / m,12:N0} {m / floor,8:N2} {results[phase].Max(r => r.PeakMb),8:N0}   {all}");
}

// The floor and the parse of one round run a few seconds apart, so a slow spell of the host
// shows here as one round's ratio rather than hidden in two medians.
var rounds = results["parse"].Zip(results["floor"], (p, f) => (p.Seconds / f.Seconds).ToString("N2", CultureInfo.InvariantCulture));
Console.WriteLine($"parse ÷ floor, round by round: {string.Join(" ", rounds)}");

var parseRatio = Median(results["parse"]) / floor;
var importRate = releases / Median(results["import"]);
var importPeak = results["import"].Max(r => r.PeakMb);
Console.WriteLine($"uncompressed XML: {results["floor"][0].Bytes / 1048576.0:N0} MB, floor {results["floor"][0].Bytes / 1048576.0 / floor:N0} MB/s");
Console.WriteLine($"targets: parse ≤ 2.00 × floor: {(parseRatio <= 2 ? "met" : "NOT met")} ({parseRatio:N2}); import ≥ 20,000 releases/s: {(importRate >= 20_000 ? "met" : "NOT met")} ({importRate:N0}); peak < 300 MB: {(importPeak < 300 ? "met" : "NOT met")} ({importPeak:N0})");

if (postgres)
{
    var pgRate = releases / Median(results["pgimport"]);
    var pgPeak = results["pgimport"].Max(r => r.PeakMb);
    var ratios = results["pgimport"].Zip(results["import"], (p, q) => (q.Seconds / p.Seconds).ToString("N2", CultureInfo.InvariantCulture));
    Console.WriteLine($"PostgreSQL import {pgRate:N0} releases/s vs SQLite {importRate:N0}: {pgRate / importRate:N2} × (target ≥ 0.80: {(pgRate / importRate >= 0.8 ? "met" : "NOT met")}); round by round {string.Join(" ", ratios)}; peak {pgPeak:N0} MB");
    var parse = Median(results["parse"]);
    foreach (var export in new[] { "jsonl", "parquet" }.Where(results.ContainsKey))
    {
        var m = Median(results[export]);
        Console.WriteLine($"export {export}: {releases / m:N0} releases/s, {m / parse:N2} × the parse's time, {results[export][0].Bytes / 1048576.0:N0} MB written, peak {results[export].Max(r => r.PeakMb):N0} MB");
    }
}

foreach (var n in sizes)
{
    var smaller = Inputs.Build(sample, n, dir);
    var r = Phases.Spawn("import", smaller, Path.Combine(dir, "bench-small.db"), warmInput);
    Console.WriteLine($"memory check: import of {n:N0} releases peaks at {r.PeakMb:N0} MB (vs {importPeak:N0} MB for {releases:N0}), {n / r.Seconds:N0} releases/s");
    if (postgres)
    {
        var pg = Phases.Spawn("pgimport", smaller, DbOf("pgimport"), warmInput);
        Console.WriteLine($"memory check: PostgreSQL import of {n:N0} releases peaks at {pg.PeakMb:N0} MB (vs {results["pgimport"].Max(x => x.PeakMb):N0} MB for {releases:N0}), {n / pg.Seconds:N0} releases/s");
    }
}

return 0;

static double Median(List<PhaseResult> runs)
{
    var sorted = runs.Select(r => r.Seconds).Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string FindSample()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
    {
        var p = Path.Combine(d.FullName, "samples", "dumps", "2020-08-sample", "discogs_20200806_releases.xml.gz");
        if (File.Exists(p))
        {
            return p;
        }
    }

    throw new FileNotFoundException("samples/dumps/2020-08-sample not found above " + AppContext.BaseDirectory);
}

/// <summary>When each stage of an import ended, to see where its time goes.</summary>
internal sealed class StageTimes(Stopwatch watch) : IImportObserver
{
    public double Loaded { get; private set; }

    public double Indexed { get; private set; }

    public void FileStarted(DumpFileInfo file)
    {
    }

    public void Progress(DumpFileInfo file, long bytesRead, long records)
    {
    }

    public void Warning(DumpWarning warning)
    {
    }

    public double LoadedPeakMb { get; private set; }

    public double IndexedPeakMb { get; private set; }

    public void FileFinished(ImportedFile file) => (Loaded, LoadedPeakMb) = (watch.Elapsed.TotalSeconds, Phases.PeakMb());

    public void Finishing() => (Indexed, IndexedPeakMb) = (watch.Elapsed.TotalSeconds, Phases.PeakMb());
}

internal sealed record PhaseResult(double Seconds, long Records, long Bytes, double PeakMb);

internal static class Inputs
{
    // Offsets keep ids ascending across copies: the sample's ids stay below 15,000,000.
    private const long IdStride = 15_000_000;

    public static string Build(string sample, int releases, string dir)
    {
        var path = Path.Combine(dir, $"discogs_20990101_releases-{releases}.xml.gz");
        if (File.Exists(path))
        {
            return path;
        }

        Console.Error.WriteLine($"building {path} ...");
        string xml;
        using (var gz = new GZipStream(File.OpenRead(sample), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz, Encoding.UTF8))
        {
            xml = reader.ReadToEnd();
        }

        // Records are <release id="N" ...>...</release>; a '<' in text is always escaped, so the tag splits records safely.
        var records = new List<(long Id, string Tail)>();
        var start = xml.IndexOf("<release id=\"", StringComparison.Ordinal);
        while (start >= 0)
        {
            var next = xml.IndexOf("<release id=\"", start + 1, StringComparison.Ordinal);
            var end = next >= 0 ? next : xml.LastIndexOf("</releases>", StringComparison.Ordinal);
            var record = xml[start..end];
            var idStart = "<release id=\"".Length;
            var idEnd = record.IndexOf('"', idStart);
            records.Add((long.Parse(record[idStart..idEnd], CultureInfo.InvariantCulture), record[idEnd..]));
            start = next;
        }

        var tmp = path + ".tmp";
        using (var file = File.Create(tmp))
        using (var gz = new GZipStream(file, CompressionLevel.Optimal))
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

internal static class Phases
{
    public static PhaseResult Spawn(string phase, string input, string? db, string? warmInput)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        var self = Environment.GetCommandLineArgs()[0];
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            psi.ArgumentList.Add(self);
        }

        foreach (var a in new[] { "--phase", phase, input })
        {
            psi.ArgumentList.Add(a);
        }

        if (db is not null)
        {
            psi.ArgumentList.Add(db);
        }

        if (warmInput is not null)
        {
            psi.ArgumentList.Add("--warmup-file");
            psi.ArgumentList.Add(warmInput);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"phase {phase} failed: {output}");
        }

        var parts = output.Trim().Split(' ');
        return new PhaseResult(
            double.Parse(parts[0], CultureInfo.InvariantCulture),
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    public static int Run(string phase, string input, string? db, string? warmInput)
    {
        if (warmInput is not null)
        {
            // The same work over a smaller input, into a database of its own; its garbage is
            // collected before the clock starts.
            Once(phase, warmInput, db is null ? null : phase == "pgimport" ? db : db + "-warmup", Stopwatch.StartNew(), report: false);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            ResetPeak();
        }

        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var paused = GC.GetTotalPauseDuration();
        var allocated = GC.GetTotalAllocatedBytes();
        var watch = Stopwatch.StartNew();
        var (records, bytes) = Once(phase, input, db, watch, report: true);
        var seconds = watch.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"{phase}: GCs gen0/1/2 {GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3}, paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:N2} s, allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1048576.0:N0} MB, server GC {System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds} {records} {bytes} {PeakMb()}"));
        return 0;
    }

    private static (long Records, long Bytes) Once(string phase, string input, string? db, Stopwatch watch, bool report)
    {
        long records = 0, bytes = 0;
        switch (phase)
        {
            case "tokens":
            case "texts":
                {
                    // Where the parse's time goes: the scanner alone, then with every text decoded.
                    using var ra = new Platter.Dumps.IO.ReadAheadStream(new GZipStream(File.OpenRead(input), CompressionMode.Decompress));
                    using var x = new Platter.Dumps.Xml.XmlScanner(ra);
                    while (x.Read() != Platter.Dumps.Xml.XmlToken.EndOfFile)
                    {
                        if (phase == "texts" && x.Token == Platter.Dumps.Xml.XmlToken.Text)
                        {
                            bytes += x.CurrentText().Length;
                        }

                        records++;
                    }

                    break;
                }

            case "floor":
                {
                    using var gz = new GZipStream(File.OpenRead(input), CompressionMode.Decompress);
                    var buf = new byte[1 << 16];
                    int n;
                    while ((n = gz.Read(buf)) > 0)
                    {
                        bytes += n;
                    }

                    break;
                }

            case "xmlreader":
                {
                    using var gz = new GZipStream(File.OpenRead(input), CompressionMode.Decompress);
                    using var xr = XmlReader.Create(gz, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, CheckCharacters = false });
                    while (xr.Read())
                    {
                        if (xr.NodeType == XmlNodeType.Element && xr.Depth == 1)
                        {
                            records++;
                        }
                    }

                    break;
                }

            case "parse":
                {
                    using var reader = DumpReader.Open(input);
                    foreach (var r in reader.ReadRecords())
                    {
                        records++;
                    }

                    break;
                }

            case "import":
                {
                    foreach (var f in new[] { db!, db + "-wal", db + "-shm" })
                    {
                        File.Delete(f);
                    }

                    var stages = new StageTimes(watch);
                    var imported = new CatalogImporter(db!).ImportAsync([input], stages, CancellationToken.None).GetAwaiter().GetResult();
                    if (report)
                    {
                        Console.Error.WriteLine($"import stages: records loaded at {stages.Loaded:N2} s (peak {stages.LoadedPeakMb:N0} MB), indexes built at {stages.Indexed:N2} s (peak {stages.IndexedPeakMb:N0} MB), swapped in at {watch.Elapsed.TotalSeconds:N2} s");
                    }

                    records = imported.Files.Sum(f => f.Records);
                    bytes = imported.Files.Sum(f => f.Rows);
                    break;
                }

            case "pgimport":
                {
                    // A fresh database each time; db is the server's maintenance database.
                    var target = FreshDatabase(db!, report ? "bench" : "bench_warmup");
                    var stages = new StageTimes(watch);
                    var imported = new CatalogImporter(target).ImportAsync([input], stages, CancellationToken.None).GetAwaiter().GetResult();
                    if (report)
                    {
                        Console.Error.WriteLine($"pgimport stages: records loaded at {stages.Loaded:N2} s (peak {stages.LoadedPeakMb:N0} MB), keys and indexes built at {stages.Indexed:N2} s, swapped in at {watch.Elapsed.TotalSeconds:N2} s");
                    }

                    records = imported.Files.Sum(f => f.Records);
                    bytes = imported.Files.Sum(f => f.Rows);
                    break;
                }

            case "jsonl":
            case "parquet":
                {
                    // The catalog the import phase left (the warm-up exports the import's warm-up catalog).
                    var source = db!;
                    var folder = Path.Combine(Path.GetDirectoryName(db!)!, "export-" + phase + (report ? "" : "-warmup"));
                    if (phase == "jsonl")
                    {
                        var files = Platter.Storage.Export.JsonLinesExport.Run(source, folder, [Platter.Core.EntityKind.Releases], gzip: false, null, CancellationToken.None);
                        (records, bytes) = (files.Sum(f => f.Records), files.Sum(f => f.Bytes));
                    }
                    else
                    {
                        var files = Platter.Storage.Export.ParquetExport.RunAsync(source, folder, null, CancellationToken.None).GetAwaiter().GetResult();
                        (records, bytes) = (files.Single(f => f.Table == "release").Rows, files.Sum(f => f.Bytes));
                    }

                    break;
                }

            default:
                throw new ArgumentException("unknown phase " + phase);
        }

        return (records, bytes);
    }

    // Drops and creates the database, so every run loads into an empty one.
    private static string FreshDatabase(string maintenance, string name)
    {
        using (var c = new Npgsql.NpgsqlConnection(maintenance))
        {
            c.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
            drop.ExecuteNonQuery();
            using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
            create.ExecuteNonQuery();
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(maintenance) { Database = name }.ConnectionString;
    }

    // Starts the high-water mark over from the resident set now (Linux: writing 5 to clear_refs),
    // so that the peak printed is the timed pass's, not the warm-up's. What the warm-up left
    // resident still counts: the timed pass reuses it.
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux, or not allowed: the peak then includes the warm-up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // VmHWM: the resident set's high-water mark, what "peak memory" means to an operator.
    public static double PeakMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }
}
