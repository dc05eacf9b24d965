using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Platter.Index;
using Platter.Testing;
using StackExchange.Redis;

namespace Platter.Bench.Index;

/// <summary>
/// The index at the full catalog's scale: a synthetic catalog of works written as the index's
/// own tables, then opened and queried in a fresh process (so that its memory is the site's),
/// against Redis SINTER + SCARD and SQL joins over the same sets.
/// </summary>
internal static class ScaleBench
{
    private static readonly string[] _genres =
    [
        "Electronic", "Rock", "Pop", "Funk / Soul", "Jazz", "Hip Hop", "Folk, World, & Country", "Classical",
        "Latin", "Reggae", "Stage & Screen", "Blues", "Non-Music", "Children's", "Brass & Military",
    ];

    private static readonly string[] _formats =
    [
        "Vinyl", "CD", "File", "Cassette", "CDr", "Box Set", "DVD", "All Media", "Lathe Cut", "Flexi-disc",
        "Shellac", "8-Track Cartridge", "Reel-To-Reel", "Blu-ray", "SACD", "Minidisc", "DAT", "VHS", "Hybrid", "Memory Stick",
    ];

    /// <summary>The query shapes the issue names: each takes three kinds from one work, so every query has a result.</summary>
    private static readonly TagKind[][] _shapes =
    [
        [TagKind.Genre, TagKind.Style, TagKind.Decade],
        [TagKind.Style, TagKind.Country, TagKind.Decade],
        [TagKind.Label, TagKind.Style, TagKind.Decade],
        [TagKind.Genre, TagKind.Country, TagKind.Year],
        [TagKind.Artist, TagKind.Format, TagKind.Genre],
        [TagKind.Style, TagKind.Format, TagKind.Country],
    ];

    /// <summary>Builds the synthetic index when it is missing, then measures it in a child process.</summary>
    public static Task RunAsync(string dir, int works, int queries, int baselineQueries)
    {
        var db = Path.Combine(dir, $"scale-{works}.db");
        Console.WriteLine();
        Console.WriteLine($"== the index at full scale: {works:N0} synthetic works");
        if (!File.Exists(db) || !CurrentFormat(db))
        {
            Generate(db, works);
        }
        else
        {
            Console.WriteLine($"reusing {db} ({new FileInfo(db).Length / 1e9:N2} GB)");
        }

        // Memory and latency in a process that holds nothing but the open index, as the site does.
        using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!)
        {
            ArgumentList = { "scale-query", "--db", db, "--queries", queries.ToString(CultureInfo.InvariantCulture), "--baseline-queries", baselineQueries.ToString(CultureInfo.InvariantCulture) },
        })!;
        return child.WaitForExitAsync();
    }

    private static bool CurrentFormat(string db)
    {
        using var c = IndexStore.OpenRead(db);
        return IndexStore.ReadMeta(c).GetValueOrDefault("format") == TagIndex.FormatVersion.ToString(CultureInfo.InvariantCulture);
    }

    private static void Generate(string db, int works)
    {
        foreach (var f in new[] { db, db + "-wal", db + "-shm" })
        {
            File.Delete(f);
        }

        var watch = Stopwatch.StartNew();
        var rnd = new Random(17);
        var words = new Words(rnd);
        var styles = Enumerable.Range(0, 757).Select(_ => words.Name(1, 2)).Distinct().ToArray();
        var countries = Enumerable.Range(0, 200).Select(_ => words.Name(1, 1)).Distinct().ToArray();
        var labels = Enumerable.Range(0, works / 5).Select(_ => words.Name(1, 3)).ToArray();
        var artists = Enumerable.Range(0, works / 3).Select(_ => words.Name(2, 2)).ToArray();

        // Zipf-shaped: Electronic and Rock get 30% and 15% of the genre tags, a long tail of
        // styles, a few countries (US, UK, Germany) with most releases, labels and artists
        // with a few thousand works at the head and one or two in the tail.
        var genre = new Zipf(_genres.Length, 1.0);
        var style = new Zipf(styles.Length, 1.0);
        var country = new Zipf(countries.Length, 1.3);
        var format = new Zipf(_formats.Length, 1.5);
        var label = new Zipf(labels.Length, 0.8);
        var artist = new Zipf(artists.Length, 0.8);
        var g = WorkGraph.InMemory(works);
        var kinds = g.Kinds;
        var masters = (int)(works * 0.25);
        for (var w = 0; w < works; w++)
        {
            var a = artist.Next(rnd);
            var l = label.Next(rnd);
            var title = words.Name(1, 3);
            List<WorkVideo>? videos = null;
            if (rnd.NextDouble() < 0.45)
            {
                var n = 1 + (int)Math.Floor(-Math.Log(1 - rnd.NextDouble()) * 1.3);
                videos = new List<WorkVideo>(n);
                for (var v = 0; v < n; v++)
                {
                    videos.Add(new WorkVideo(YoutubeId(rnd), artists[a] + " - " + title, 120 + rnd.Next(400)));
                }
            }

            var year = rnd.NextDouble() < 0.06 ? 0 : 2025 - (int)(75 * Math.Pow(rnd.NextDouble(), 1.6));
            var n0 = g.AddWork(w < masters ? w + 1 : 0, w < masters ? 0 : 30_000_000 + w, title, year, countries[country.Next(rnd)], artists[a], labels[l], videos);
            var gi = genre.Next(rnd);
            kinds[(int)TagKind.Genre].Add(n0, _genres[gi]);
            if (rnd.NextDouble() < 0.3)
            {
                kinds[(int)TagKind.Genre].Add(n0, _genres[genre.Next(rnd)]);
            }

            // A genre's styles cluster: the style rank is shifted by the genre.
            for (var s = 1 + rnd.Next(3); s > 0; s--)
            {
                kinds[(int)TagKind.Style].Add(n0, styles[(style.Next(rnd) + (gi * 50)) % styles.Length]);
            }

            kinds[(int)TagKind.Format].Add(n0, _formats[format.Next(rnd)]);
            if (rnd.NextDouble() < 0.2)
            {
                kinds[(int)TagKind.Format].Add(n0, _formats[format.Next(rnd)]);
            }

            kinds[(int)TagKind.Label].Add(n0, labels[l], l + 1);
            kinds[(int)TagKind.Artist].Add(n0, artists[a], a + 1);
            if (rnd.NextDouble() < 0.15)
            {
                var b = artist.Next(rnd);
                kinds[(int)TagKind.Artist].Add(n0, artists[b], b + 1);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {g.WorkCount:N0} works ({g.WorksWithVideos:N0} with videos, {g.VideoCount:N0} videos), {g.TagCount:N0} tags, {g.PostingCount:N0} (work, tag) pairs in {watch.Elapsed.TotalSeconds:N1} s"));
        watch.Restart();
        IndexWriter.Write(db, g, "synthetic", CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"written to {db} in {watch.Elapsed.TotalSeconds:N1} s: {new FileInfo(db).Length / 1e9:N2} GB"));
    }

    private static string YoutubeId(Random rnd)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return string.Create(11, rnd, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }

    /// <summary>The child process: open, measure memory, run the queries and the baselines.</summary>
    public static async Task QueryAsync(string db, int queries, int baselineQueries)
    {
        GC.Collect();
        var before = Bench.StatusMb("VmRSS");
        var watch = Stopwatch.StartNew();
        var index = TagIndex.Open(db);
        var load = watch.Elapsed.TotalSeconds;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var after = Bench.StatusMb("VmRSS");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"opened in {load:N1} s: {index.Info.Works:N0} works, {index.Info.Tags:N0} tags, {index.DenseTagCount:N0} tags held as bitmaps"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"index memory: {index.MemoryBytes / 1048576.0:N0} MB counted by the index; process RSS {before:N0} MB before the open, {after:N0} MB after = {after - before:N0} MB (target: under 500 MB)"));
        if (queries == 0)
        {
            return;
        }

        var sets = PickQueries(index, queries + 50, new Random(42));
        var options = new QueryOptions { Limit = 50, FacetsPerKind = 20, WithVideos = true };
        long checksum = 0;
        foreach (var q in sets.Take(50))
        {
            checksum += index.Query(index.Parse(q), options).Works; // warm-up, not counted
        }

        var times = new List<double>();
        var estimated = 0;
        foreach (var q in sets.Skip(50))
        {
            watch.Restart();
            var r = index.Query(index.Parse(q), options);
            times.Add(Bench.Ms(watch));
            checksum += r.Works + r.Page.Count;
            estimated += r.Facets!.Estimated ? 1 : 0;
        }

        Console.WriteLine($"query (count + page of 50 works with videos + top 20 facets per kind, 3 tags): {Bench.Latencies(times)} (target: p50 under 5 ms, p99 under 50 ms); facets estimated from a sample in {estimated:N0} of {times.Count:N0}");
        for (var k = 0; k < _shapes.Length; k++)
        {
            // Query i has shape i % 6; the 50 warm-up queries shift it by 2.
            var shaped = times.Where((_, i) => (i + 50) % _shapes.Length == k).ToList();
            Console.WriteLine($"  {string.Join(" + ", _shapes[k].Select(x => x.Name()))}: {Bench.Latencies(shaped)}");
        }

        SuggestBench(index);

        var baseline = sets.Skip(50).Take(baselineQueries).ToList();
        var platter = times.Take(baseline.Count).ToList();
        await BaselinesAsync(db, index, baseline, platter);
        Console.WriteLine($"(checksum {checksum})");
    }

    private static void SuggestBench(TagIndex index)
    {
        var rnd = new Random(7);
        var prefixes = new List<string>();
        while (prefixes.Count < 2000)
        {
            var tag = index.GetTag(rnd.Next(index.Info.Tags));
            if (tag.Name.Length > 0)
            {
                prefixes.Add(tag.Name[..Math.Min(tag.Name.Length, 1 + rnd.Next(5))].ToLowerInvariant());
            }
        }

        var times = new List<double>();
        var watch = new Stopwatch();
        var hits = 0;
        for (var i = 0; i < prefixes.Count; i++)
        {
            watch.Restart();
            hits += index.Suggest(prefixes[i], 10).Count;
            if (i >= 200)
            {
                times.Add(Bench.Ms(watch));
            }
        }

        Console.WriteLine($"autocomplete (1 to 5 letters of a random tag, top 10): {Bench.Latencies(times)} (target: p50 under 2 ms); {hits:N0} suggestions");
    }

    /// <summary>Three-tag queries made of the tags of random works, so that each has a result.</summary>
    private static List<string[]> PickQueries(TagIndex index, int count, Random rnd)
    {
        var list = new List<string[]>(count);
        using var c = index.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT tags FROM {index.Table("work")} WHERE ordinal = $o";
        var o = cmd.Parameters.Add("$o", SqliteType.Integer);
        while (list.Count < count)
        {
            o.Value = rnd.Next(index.Info.Works);
            var tags = MemoryMarshal.Cast<byte, int>((byte[])cmd.ExecuteScalar()!).ToArray().Select(index.GetTag).ToList();
            var shape = _shapes[list.Count % _shapes.Length];
            var chosen = shape.Select(k => tags.Where(t => t.Kind == k).ToList()).ToList();
            if (chosen.All(ts => ts.Count > 0))
            {
                list.Add(chosen.Select(ts => ts[rnd.Next(ts.Count)].Token).ToArray());
            }
        }

        return list;
    }

    private static async Task BaselinesAsync(string db, TagIndex index, List<string[]> queries, List<double> platter)
    {
        // Every set the baseline queries touch, as work numbers.
        var tokens = queries.SelectMany(q => q).Distinct().ToList();
        var members = tokens.ToDictionary(t => t, t => index.Match(index.Parse([t])));
        var total = members.Values.Sum(m => (long)m.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baselines: {queries.Count:N0} of the same queries over the {tokens.Count:N0} sets they use ({total:N0} members)"));
        var p50 = Bench.Percentile(platter, 50);
        var p99 = Bench.Percentile(platter, 99);
        Console.WriteLine($"  Platter, the full query (count, page, facets): {Bench.Latencies(platter)}");

        await using (var redis = await LocalRedis.StartAsync())
        {
            var options = ConfigurationOptions.Parse(redis.Endpoint);
            options.SyncTimeout = options.AsyncTimeout = 120_000; // sets of millions of members
            using var mux = await ConnectionMultiplexer.ConnectAsync(options);
            var rdb = mux.GetDatabase();
            var watch = Stopwatch.StartNew();
            var pending = new List<Task>();
            foreach (var (token, works) in members)
            {
                foreach (var chunk in works.Chunk(10_000))
                {
                    pending.Add(rdb.SetAddAsync("tag:" + token, chunk.Select(w => (RedisValue)w).ToArray()));
                }

                if (pending.Count >= 8)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await Task.WhenAll(pending);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Redis sets loaded in {watch.Elapsed.TotalSeconds:N1} s"));
            var times = new List<double>();
            long check = 0;
            foreach (var q in queries)
            {
                var keys = q.Select(t => (RedisKey)("tag:" + t)).ToArray();
                watch.Restart();
                var found = await rdb.SetCombineAsync(SetOperation.Intersect, keys);
                foreach (var k in keys)
                {
                    check += await rdb.SetLengthAsync(k);
                }

                times.Add(Bench.Ms(watch));
                check += found.Length;
            }

            Report("Redis SINTER (every member returned) + SCARD of each tag", times, p50, p99);
        }

        var sqlDb = db + ".joins.db";
        File.Delete(sqlDb);
        using (var c = new SqliteConnection($"Data Source={sqlDb};Pooling=False"))
        {
            c.Open();
            using (var ddl = c.CreateCommand())
            {
                ddl.CommandText = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE TABLE posting (tag TEXT NOT NULL, work INTEGER NOT NULL, PRIMARY KEY (tag, work)) WITHOUT ROWID;";
                ddl.ExecuteNonQuery();
            }

            var watch = Stopwatch.StartNew();
            using (var tx = c.BeginTransaction())
            using (var ins = c.CreateCommand())
            {
                ins.CommandText = "INSERT INTO posting VALUES ($t, $w)";
                var t = ins.Parameters.Add("$t", SqliteType.Text);
                var w = ins.Parameters.Add("$w", SqliteType.Integer);
                foreach (var (token, works) in members)
                {
                    t.Value = token;
                    foreach (var work in works)
                    {
                        w.Value = work;
                        ins.ExecuteNonQuery();
                    }
                }

                tx.Commit();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  SQLite postings table loaded in {watch.Elapsed.TotalSeconds:N1} s"));
            const string join = "FROM posting a JOIN posting b ON b.tag = $b AND b.work = a.work JOIN posting c ON c.tag = $c AND c.work = a.work WHERE a.tag = $a";
            using var count = c.CreateCommand();
            count.CommandText = "SELECT count(*) " + join;
            using var page = c.CreateCommand();
            page.CommandText = "SELECT a.work " + join + " ORDER BY a.work LIMIT 50";
            var times = new List<double>();
            long check = 0;
            foreach (var q in queries)
            {
                watch.Restart();
                foreach (var cmd in new[] { count, page })
                {
                    cmd.Parameters.Clear();
                    cmd.Parameters.AddWithValue("$a", q[0]);
                    cmd.Parameters.AddWithValue("$b", q[1]);
                    cmd.Parameters.AddWithValue("$c", q[2]);
                    using var r = cmd.ExecuteReader();
                    while (r.Read())
                    {
                        check += r.GetInt64(0);
                    }
                }

                times.Add(Bench.Ms(watch));
            }

            Report("SQLite joins (count + first 50 work numbers, no facets)", times, p50, p99);
        }

        File.Delete(sqlDb);
    }

    private static void Report(string name, List<double> times, double p50, double p99) => Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"  {name}: {Bench.Latencies(times)}; Platter's p50 is {p50 / Bench.Percentile(times, 50):N2} x, p99 {p99 / Bench.Percentile(times, 99):N2} x this"));

    /// <summary>Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1)^s.</summary>
    private sealed class Zipf
    {
        private readonly double[] _cdf;

        public Zipf(int n, double s)
        {
            _cdf = new double[n];
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += 1 / Math.Pow(i + 1, s);
                _cdf[i] = sum;
            }

            for (var i = 0; i < n; i++)
            {
                _cdf[i] /= sum;
            }
        }

        public int Next(Random rnd)
        {
            var i = Array.BinarySearch(_cdf, rnd.NextDouble());
            return Math.Min(i < 0 ? ~i : i, _cdf.Length - 1);
        }
    }

    /// <summary>Pronounceable made-up names, so that prefixes spread over the alphabet as real names do.</summary>
    private sealed class Words(Random rnd)
    {
        private const string Consonants = "bcdfghjklmnprstvwz";
        private const string Vowels = "aeiouy";
        private readonly StringBuilder _b = new();

        public string Name(int minWords, int maxWords)
        {
            _b.Clear();
            for (var w = minWords + rnd.Next(maxWords - minWords + 1); w > 0; w--)
            {
                if (_b.Length > 0)
                {
                    _b.Append(' ');
                }

                var start = _b.Length;
                for (var s = 1 + rnd.Next(3); s > 0; s--)
                {
                    _b.Append(Consonants[rnd.Next(Consonants.Length)]).Append(Vowels[rnd.Next(Vowels.Length)]);
                    if (rnd.Next(3) == 0)
                    {
                        _b.Append(Consonants[rnd.Next(Consonants.Length)]);
                    }
                }

                _b[start] = char.ToUpperInvariant(_b[start]);
            }

            return _b.ToString();
        }
    }
}
