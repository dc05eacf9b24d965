using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Platter.Index;

/// <summary>
/// Orders the works (most videos first, then the earliest year, then masters before releases,
/// then id), so that every posting list sorted by work number is already in the order the
/// site shows, and writes one generation of index tables.
/// </summary>
internal static class IndexWriter
{
    /// <summary>Prefixes up to this many characters have their top tags stored, so a one-letter prefix is one lookup.</summary>
    public const int StoredPrefixLength = 3;

    public const int PrefixTop = 20;

    public static long Write(string path, WorkGraph graph, string catalogState, CancellationToken ct)
    {
        var order = Order(graph);
        var postings = Postings.FromGraph(graph, order);
        if (postings.KindRange(TagKind.Label).Start > ushort.MaxValue + 1)
        {
            // The site keeps a work's genre to format tags as 16-bit numbers; Discogs has a few thousand.
            throw new IndexException($"The catalog has {postings.KindRange(TagKind.Label).Start:N0} genres, styles, years, countries and formats; Platter's index holds at most 65,536.");
        }

        ct.ThrowIfCancellationRequested();

        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
        Exec(c, $"CREATE TABLE IF NOT EXISTS {IndexStore.MetaTable} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
        var meta = IndexStore.ReadMeta(c);
        var generation = (meta.TryGetValue("generation", out var g) ? long.Parse(g, CultureInfo.InvariantCulture) : 0) + 1;

        // One transaction: the new generation's tables and the switch to it become visible
        // together; a failure (a full disk) leaves the old index current.
        Exec(c, "BEGIN IMMEDIATE");
        try
        {
            DropGeneration(c, generation); // left over from a build that failed before its commit
            CreateTables(c, generation);
            WriteWorks(c, generation, graph, order, postings, ct);
            WriteTags(c, generation, graph, postings, ct);
            Exec(c, $"CREATE INDEX {IndexStore.Table(generation, "tag_by_name")} ON {IndexStore.Table(generation, "tag")} (kind, fold)");
            Exec(c, $"CREATE INDEX {IndexStore.Table(generation, "tag_by_works")} ON {IndexStore.Table(generation, "tag")} (kind, works)");
            // artist:NAME#ID and label:NAME#ID are looked up by Discogs id; without this, a scan of every tag.
            Exec(c, $"CREATE INDEX {IndexStore.Table(generation, "tag_by_ref")} ON {IndexStore.Table(generation, "tag")} (kind, ref_id) WHERE ref_id IS NOT NULL");
            SetMeta(c, new()
            {
                ["generation"] = generation.ToString(CultureInfo.InvariantCulture),
                ["built_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["catalog_state"] = catalogState,
                ["works"] = graph.WorkCount.ToString(CultureInfo.InvariantCulture),
                ["works_with_videos"] = postings.WorksWithVideos.ToString(CultureInfo.InvariantCulture),
                ["videos"] = graph.VideoCount.ToString(CultureInfo.InvariantCulture),
                ["tags"] = postings.TagCount.ToString(CultureInfo.InvariantCulture),
                ["format"] = TagIndex.FormatVersion.ToString(CultureInfo.InvariantCulture),
                ["kind_ranges"] = KindRanges(postings),
            });
            Exec(c, "COMMIT");
        }
        catch
        {
            Exec(c, "ROLLBACK");
            throw;
        }

        // Readers may still be on the previous generation; anything older has been unused since the last build.
        foreach (var old in Generations(c).Where(x => x < generation - 1))
        {
            Exec(c, "BEGIN IMMEDIATE");
            DropGeneration(c, old);
            Exec(c, "COMMIT");
        }

        return generation;
    }

    /// <summary>The first tag id of each kind and the one after its last: <c>genre=0-15;style=15-772;…</c>.</summary>
    public static string KindRanges(Postings postings) =>
        string.Join(";", TagKinds.All.Select(k => $"{k.Name()}={postings.KindRange(k).Start}-{postings.KindRange(k).End}"));

    /// <summary>Work index → work number (ordinal) in the index's order.</summary>
    private static int[] Order(WorkGraph graph)
    {
        var n = graph.WorkCount;
        var works = new int[n];
        for (var i = 0; i < n; i++)
        {
            works[i] = i;
        }

        var videos = graph.Videos;
        var year = graph.Year;
        var master = graph.MasterId;
        var release = graph.FirstRelease;

        // The order as one 64-bit key per work, sorted as numbers: most videos first (19 bits),
        // then the earliest year (12 bits, unknown last), masters before releases (1 bit), then
        // the id (32 bits). A sort with a comparison of the four took 20 to 50 ms of the build.
        var keys = new ulong[n];
        var fits = true;
        for (var w = 0; w < n && fits; w++)
        {
            var count = videos[w]?.Count ?? 0;
            var id = master[w] != 0 ? master[w] : release[w];
            fits = count < (1 << 19) && id is >= 0 and <= uint.MaxValue && year[w] is 0 or (>= 1000 and < 1000 + 0xFFF);
            var y = year[w] == 0 ? 0xFFFu : (uint)(year[w] - 1000); // years are 1000 to 2999, or 0
            keys[w] = ((ulong)((1 << 19) - 1 - count) << 45) | ((ulong)y << 33) | (master[w] != 0 ? 0ul : 1ul << 32) | (ulong)id;
        }

        if (fits)
        {
            Array.Sort(keys, works);
        }
        else
        {
            Array.Sort(works, (a, b) =>
            {
                var c = (videos[b]?.Count ?? 0).CompareTo(videos[a]?.Count ?? 0);
                if (c != 0)
                {
                    return c;
                }

                var ya = year[a] == 0 ? int.MaxValue : year[a];
                var yb = year[b] == 0 ? int.MaxValue : year[b];
                c = ya.CompareTo(yb);
                if (c != 0)
                {
                    return c;
                }

                c = (master[b] != 0).CompareTo(master[a] != 0);
                return c != 0 ? c : (master[a] != 0 ? master[a].CompareTo(master[b]) : release[a].CompareTo(release[b]));
            });
        }

        var ordinal = new int[n];
        for (var i = 0; i < n; i++)
        {
            ordinal[works[i]] = i;
        }

        return ordinal;
    }

    private static void CreateTables(SqliteConnection c, long g)
    {
        Exec(c, $"""
            CREATE TABLE {IndexStore.Table(g, "work")} (
                ordinal INTEGER PRIMARY KEY,
                master_id INTEGER,
                release_id INTEGER,
                title TEXT,
                artists TEXT,
                labels TEXT,
                year INTEGER,
                country TEXT,
                video_count INTEGER NOT NULL,
                tags BLOB NOT NULL);
            CREATE TABLE {IndexStore.Table(g, "video")} (
                ordinal INTEGER NOT NULL,
                position INTEGER NOT NULL,
                youtube_id TEXT NOT NULL,
                title TEXT,
                duration INTEGER,
                PRIMARY KEY (ordinal, position)) WITHOUT ROWID;
            CREATE TABLE {IndexStore.Table(g, "tag")} (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                ref_id INTEGER,
                name TEXT NOT NULL,
                fold TEXT NOT NULL,
                token TEXT NOT NULL,
                works INTEGER NOT NULL,
                videos INTEGER NOT NULL,
                postings BLOB NOT NULL);
            CREATE TABLE {IndexStore.Table(g, "word")} (
                word TEXT NOT NULL,
                tag_id INTEGER NOT NULL,
                works INTEGER NOT NULL,
                PRIMARY KEY (word, tag_id)) WITHOUT ROWID;
            CREATE TABLE {IndexStore.Table(g, "prefix")} (
                prefix TEXT PRIMARY KEY,
                tags BLOB NOT NULL) WITHOUT ROWID;
            """);
    }

    private static void WriteWorks(SqliteConnection c, long g, WorkGraph graph, int[] ordinal, Postings postings, CancellationToken ct)
    {
        using var work = new BatchInsert(c, IndexStore.Table(g, "work"), 10);
        using var video = new BatchInsert(c, IndexStore.Table(g, "video"), 5);

        // In work-number order, so that both tables are appended to, not split page by page.
        var byOrdinal = new int[graph.WorkCount];
        for (var w = 0; w < graph.WorkCount; w++)
        {
            byOrdinal[ordinal[w]] = w;
        }

        for (var o = 0; o < graph.WorkCount; o++)
        {
            var w = byOrdinal[o];
            var videos = graph.Videos[w];
            work.Set(0, o);
            SetId(work, 1, graph.MasterId[w]);
            SetId(work, 2, graph.MasterId[w] != 0 ? 0 : graph.FirstRelease[w]);
            work.Set(3, graph.Title[w]);
            work.Set(4, TrimJoin(graph.Artists[w]));
            work.Set(5, graph.Labels[w]);
            SetId(work, 6, graph.Year[w]);
            work.Set(7, graph.Country[w]);
            work.Set(8, videos?.Count ?? 0);
            work.Set(9, MemoryMarshal.AsBytes(postings.TagsOf(o)));
            work.Insert();
            if (videos is not null)
            {
                for (var i = 0; i < videos.Count; i++)
                {
                    video.Set(0, o);
                    video.Set(1, i + 1);
                    video.Set(2, videos[i].YoutubeId);
                    video.Set(3, videos[i].Title);
                    if (videos[i].Duration is { } seconds)
                    {
                        video.Set(4, seconds);
                    }
                    else
                    {
                        video.SetNull(4);
                    }
                    video.Insert();
                }
            }

            if ((o & 0x3FFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Binds a value where 0 means "none" (an absent master, release, year or duration) as null.</summary>
    private static void SetId(BatchInsert insert, int column, long value)
    {
        if (value == 0)
        {
            insert.SetNull(column);
        }
        else
        {
            insert.Set(column, value);
        }
    }

    private static string? TrimJoin(string? artists) => artists?.TrimEnd(' ', ',', '&', '/', '-', '+').Trim();

    private static void WriteTags(SqliteConnection c, long g, WorkGraph graph, Postings postings, CancellationToken ct)
    {
        using var tag = new BatchInsert(c, IndexStore.Table(g, "tag"), 9);
        using var word = new BatchInsert(c, IndexStore.Table(g, "word"), 3, orIgnore: true);
        var prefixes = new Dictionary<string, List<int>>(StringComparer.Ordinal);

        // An artist or label whose name another of its kind shares is written with its id: artist:John Smith#123.
        var sameName = new Dictionary<(TagKind, string), int>();
        foreach (var k in graph.Kinds.Where(k => k.Kind.HasId()))
        {
            foreach (var n in k.Names)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(sameName, (k.Kind, n), out _)++;
            }
        }

        for (var id = 0; id < postings.TagCount; id++)
        {
            var (kind, local) = postings.Origin(id);
            var kt = graph.Kinds[(int)kind];
            var name = kt.Names[local];
            var fold = TextFold.Fold(name);
            var works = postings.WorksOf(id);
            var refId = kt.RefIds[local];
            tag.Set(0, id);
            tag.Set(1, kind.Name());
            if (refId is { } rid)
            {
                tag.Set(2, rid);
            }
            else
            {
                tag.SetNull(2);
            }

            tag.Set(3, name);
            tag.Set(4, fold);
            tag.Set(5, kind.Name() + ":" + name + (refId is not null && sameName.GetValueOrDefault((kind, name)) > 1 ? "#" + refId.Value.ToString(CultureInfo.InvariantCulture) : ""));
            tag.Set(6, works.Length);
            tag.Set(7, postings.VideosOfTag(id));
            tag.Set(8, MemoryMarshal.AsBytes(works));
            tag.Insert();
            foreach (var start in TextFold.WordStarts(fold).Distinct())
            {
                word.Set(0, start);
                word.Set(1, id);
                word.Set(2, works.Length);
                word.Insert();
                for (var len = 1; len <= Math.Min(StoredPrefixLength, start.Length); len++)
                {
                    var key = start[..len];
                    ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(prefixes, key, out _);
                    list ??= [];
                    if (list.Count == 0 || list[^1] != id)
                    {
                        list.Add(id);
                    }
                }
            }

            if ((id & 0x3FFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }

        using var prefix = new BatchInsert(c, IndexStore.Table(g, "prefix"), 2);
        foreach (var (key, ids) in prefixes)
        {
            var top = ids.OrderByDescending(postings.WorkCountOf).ThenBy(i => i).Take(PrefixTop).ToArray();
            prefix.Set(0, key);
            prefix.Set(1, MemoryMarshal.AsBytes(top.AsSpan()));
            prefix.Insert();
        }
    }

    private static List<long> Generations(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'tagidx%\\_work' ESCAPE '\\'";
        using var r = cmd.ExecuteReader();
        var list = new List<long>();
        while (r.Read())
        {
            var name = r.GetString(0);
            if (long.TryParse(name.AsSpan(6, name.Length - 6 - "_work".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var gen))
            {
                list.Add(gen);
            }
        }

        return list;
    }

    private static void DropGeneration(SqliteConnection c, long g)
    {
        foreach (var t in new[] { "work", "video", "tag", "word", "prefix" })
        {
            Exec(c, $"DROP TABLE IF EXISTS {IndexStore.Table(g, t)}");
        }
    }

    private static void SetMeta(SqliteConnection c, Dictionary<string, string> values)
    {
        using var cmd = Prepare(c, $"INSERT OR REPLACE INTO {IndexStore.MetaTable} (key, value) VALUES ($k, $v)", "$k", "$v");
        foreach (var (k, v) in values)
        {
            cmd.Parameters[0].Value = k;
            cmd.Parameters[1].Value = v;
            cmd.ExecuteNonQuery();
        }
    }

    private static SqliteCommand Prepare(SqliteConnection c, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var n in names)
        {
            cmd.Parameters.Add(new SqliteParameter { ParameterName = n });
        }

        cmd.Prepare();
        return cmd;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
