using System.Runtime.InteropServices;

namespace Platter.Index;

/// <summary>A video of a work, as the index keeps it.</summary>
/// <param name="YoutubeId">The YouTube video id.</param>
/// <param name="Title">The title Discogs gives it.</param>
/// <param name="Duration">Seconds, when Discogs knows.</param>
public sealed record WorkVideo(string YoutubeId, string? Title, int? Duration);

/// <summary>
/// The catalog read into works, tags and (work, tag) pairs, ready to be ordered and written.
/// Each kind of tag is made by one reader only, so the readers can run on two threads without
/// sharing a dictionary.
/// </summary>
internal sealed class WorkGraph
{
    private readonly Dictionary<long, int> _workOfMaster = [];
    private readonly KindTags[] _kinds = TagKinds.All.Select(k => new KindTags(k)).ToArray();
    private readonly (int Year, int Decade)[] _yearTags = new (int, int)[2000]; // years 1000 to 2999, tag + 1
    private long[] _releaseIds = [];
    private int[] _releaseWork = [];

    public List<long> MasterId { get; } = [];

    public List<long> FirstRelease { get; } = [];

    public List<string?> Title { get; } = [];

    public List<int> Year { get; } = [];

    public List<string?> Country { get; } = [];

    public string?[] Artists { get; private set; } = [];

    public string?[] Labels { get; private set; } = [];

    public List<WorkVideo>?[] Videos { get; private set; } = [];

    public int WorkCount => MasterId.Count;

    public int WorksWithVideos => Videos.Count(v => v is { Count: > 0 });

    public long VideoCount => Videos.Sum(v => (long)(v?.Count ?? 0));

    public int TagCount => _kinds.Sum(k => k.Count);

    public long PostingCount => _kinds.Sum(k => (long)k.Pairs.Count);

    public IReadOnlyList<KindTags> Kinds => _kinds;

    public static WorkGraph Read(CatalogSource connection, bool parallel, CancellationToken ct)
    {
        var g = new WorkGraph();
        g.ReadMainRows(connection, ct);
        g.Artists = new string?[g.WorkCount];
        g.Labels = new string?[g.WorkCount];
        g.Videos = new List<WorkVideo>?[g.WorkCount];
        // Longest first (as measured on the amplified catalog), so that two threads taking the
        // next reader as they finish end close together.
        Action<CatalogSource>[] readers =
        [
            c => g.ReadVideos(c, ct),
            c => g.ReadLabels(c, ct),
            c => g.ReadArtists(c, ct),
            c => g.ReadNames(c, "master_style", "release_style", "style", TagKind.Style, ct),
            c => g.ReadNames(c, "master_genre", "release_genre", "genre", TagKind.Genre, ct),
            c => g.ReadNames(c, null, "release_format", "name", TagKind.Format, ct),
        ];
        if (parallel)
        {
            // Two threads, each with its own connection (SQLite reads scale across connections),
            // and every reader owns the tags of its kinds.
            // A load-balancing partitioner: over an array, ForEach would hand each thread a fixed half.
            var queue = System.Collections.Concurrent.Partitioner.Create(readers, loadBalance: true);
            System.Threading.Tasks.Parallel.ForEach(queue, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, r =>
            {
                using var c = connection.ForAnotherThread();
                r(c);
            });
        }
        else
        {
            foreach (var r in readers)
            {
                r(connection);
            }
        }

        return g;
    }

    /// <summary>An empty graph that works are added to in memory (the benchmark's synthetic full-scale catalog).</summary>
    internal static WorkGraph InMemory(int capacity) => new()
    {
        Artists = new string?[capacity],
        Labels = new string?[capacity],
        Videos = new List<WorkVideo>?[capacity],
    };

    /// <summary>Adds a work to a graph from <see cref="InMemory"/>, with its year and country tags; returns its number.</summary>
    internal int AddWork(long masterId, long releaseId, string? title, int year, string? country, string? artists, string? labels, List<WorkVideo>? videos)
    {
        var w = NewWork(masterId, releaseId, title);
        AddYear(w, year, _kinds[(int)TagKind.Year], _kinds[(int)TagKind.Decade]);
        if (country is not null)
        {
            Country[w] = country;
            _kinds[(int)TagKind.Country].Add(w, country);
        }

        Artists[w] = artists;
        Labels[w] = labels;
        Videos[w] = videos;
        return w;
    }

    private void ReadMainRows(CatalogSource connection, CancellationToken ct)
    {
        var years = _kinds[(int)TagKind.Year];
        var decades = _kinds[(int)TagKind.Decade];
        var countries = _kinds[(int)TagKind.Country];
        if (connection.HasTable("master"))
        {
            using var r = connection.Query("SELECT id, title, year FROM master ORDER BY id");
            while (r.Read())
            {
                var w = NewWork(r.Int64(0), 0, r.Text(1));
                _workOfMaster[r.Int64(0)] = w;
                AddYear(w, r.IsNull(2) ? 0 : r.Int32(2), years, decades);
            }
        }

        ct.ThrowIfCancellationRequested();
        if (!connection.HasTable("release"))
        {
            return;
        }

        var ids = new List<long>();
        var works = new List<int>();
        using (var r = connection.Query("SELECT id, master_id, title, country, released_year FROM release ORDER BY id"))
        {
            while (r.Read())
            {
                var id = r.Int64(0);
                int w;
                if (r.IsNull(1))
                {
                    w = NewWork(0, id, null);
                }
                else if (!_workOfMaster.TryGetValue(r.Int64(1), out w))
                {
                    // A master the catalog does not hold (not imported, or newer than the dump).
                    w = NewWork(r.Int64(1), id, null);
                    _workOfMaster[r.Int64(1)] = w;
                }

                if (FirstRelease[w] == 0)
                {
                    FirstRelease[w] = id;
                }

                // Only the first release's title is shown (a master's own comes first); the others are not read.
                if (Title[w] is null && !r.IsNull(2))
                {
                    Title[w] = r.Text(2);
                }

                if (!r.IsNull(3))
                {
                    var country = countries.Add(w, r.Utf8(3));
                    Country[w] ??= countries.Names[country];
                }

                AddYear(w, r.IsNull(4) ? 0 : r.Int32(4), years, decades);
                ids.Add(id);
                works.Add(w);
                if ((ids.Count & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
            }
        }

        _releaseIds = [.. ids];
        _releaseWork = [.. works];
    }

    private int NewWork(long masterId, long releaseId, string? title)
    {
        MasterId.Add(masterId);
        FirstRelease.Add(releaseId);
        Title.Add(title);
        Year.Add(0);
        Country.Add(null);
        return MasterId.Count - 1;
    }

    private void AddYear(int work, int year, KindTags years, KindTags decades)
    {
        // Discogs writes 0 (or nothing) for an unknown year; a few records carry typos far outside.
        if (year is < 1000 or > 2999)
        {
            return;
        }

        // The tags of each year, once made: a string per release and year was a tenth of the read.
        ref var tags = ref _yearTags[year - 1000];
        if (tags.Year == 0)
        {
            tags = (years.Add(work, year.ToString(System.Globalization.CultureInfo.InvariantCulture)) + 1,
                decades.Add(work, (year / 10 * 10).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s") + 1);
        }
        else
        {
            years.AddPair(work, tags.Year - 1);
            decades.AddPair(work, tags.Decade - 1);
        }

        if (Year[work] == 0 || year < Year[work])
        {
            Year[work] = year;
        }
    }

    private void ReadNames(CatalogSource connection, string? masterTable, string releaseTable, string column, TagKind kind, CancellationToken ct)
    {
        var tags = _kinds[(int)kind];
        if (masterTable is not null && connection.HasTable(masterTable))
        {
            using var r = connection.Query($"SELECT master_id, {column} FROM {masterTable} ORDER BY master_id, position");
            while (r.Read())
            {
                if (!r.IsNull(1) && _workOfMaster.TryGetValue(r.Int64(0), out var w))
                {
                    tags.Add(w, r.Utf8(1));
                }
            }
        }

        ForEachReleaseRow(connection, releaseTable, column, (w, _, r) =>
        {
            if (!r.IsNull(1))
            {
                tags.Add(w, r.Utf8(1));
            }
        }, ct);
    }

    private void ReadArtists(CatalogSource connection, CancellationToken ct)
    {
        var tags = _kinds[(int)TagKind.Artist];
        var display = Artists;
        if (connection.HasTable("master_artist"))
        {
            using var r = connection.Query("SELECT master_id, artist_id, name, join_text FROM master_artist ORDER BY master_id, position");
            while (r.Read())
            {
                if (!r.IsNull(2) && _workOfMaster.TryGetValue(r.Int64(0), out var w))
                {
                    AddCredit(tags, w, r);
                    display[w] = AppendCredit(display[w], r.Text(2)!, r.Text(3));
                }
            }
        }

        // The master's own artists are the work's; a work without a master row shows its first release's.
        var fromMaster = display.Select(d => d is not null).ToArray();
        ForEachReleaseRow(connection, "release_artist", "artist_id, name, join_text", (w, releaseId, r) =>
        {
            if (r.IsNull(2))
            {
                return;
            }

            AddCredit(tags, w, r);
            if (!fromMaster[w] && FirstRelease[w] == releaseId)
            {
                display[w] = AppendCredit(display[w], r.Text(2)!, r.Text(3));
            }
        }, ct);
    }

    /// <summary>An artist or label tag from a row whose column 1 is the Discogs id (or null) and column 2 the name; returns the tag.</summary>
    private static int AddCredit(KindTags tags, int work, CatalogRows r) =>
        r.IsNull(1) ? tags.Add(work, r.Utf8(2)) : tags.AddById(work, r.Int64(1), r.Utf8(2));

    private static string AppendCredit(string? sofar, string name, string? join)
    {
        // The join of a credit links it to the next one ("&", ","); the last one's is dropped on display.
        sofar = sofar is null ? name : sofar + name;
        var j = join?.Trim();
        return string.IsNullOrEmpty(j) ? sofar + ", " : j == "," ? sofar + ", " : sofar + " " + j + " ";
    }

    private void ReadLabels(CatalogSource connection, CancellationToken ct)
    {
        var tags = _kinds[(int)TagKind.Label];
        var display = Labels;
        ForEachReleaseRow(connection, "release_label", "label_id, name", (w, _, r) =>
        {
            if (r.IsNull(2))
            {
                return;
            }

            var name = tags.Names[AddCredit(tags, w, r)];
            var d = display[w];
            if (d is null)
            {
                display[w] = name;
            }
            else if (d.AsSpan().Count(", ") < 2)
            {
                // At most three labels are shown, each once.
                if (!ListHas(d, name))
                {
                    display[w] = d + ", " + name;
                }
            }
        }, ct);
    }

    private static bool ListHas(string list, string item)
    {
        foreach (var range in list.AsSpan().Split(", "))
        {
            if (list.AsSpan(range).SequenceEqual(item))
            {
                return true;
            }
        }

        return false;
    }

    private void ReadVideos(CatalogSource connection, CancellationToken ct)
    {
        var videos = Videos;
        void Add(int w, CatalogRows r)
        {
            if (r.IsNull(1))
            {
                return; // not a YouTube address: nothing the player can play
            }

            // Releases of one master mostly list the same videos: compare before making strings.
            var utf8 = r.Utf8(1);
            Span<char> id = utf8.Length <= 64 ? stackalloc char[64] : new char[utf8.Length];
            id = id[..System.Text.Encoding.UTF8.GetChars(utf8, id)];
            var list = videos[w] ??= [];
            foreach (var v in list)
            {
                if (id.SequenceEqual(v.YoutubeId))
                {
                    return;
                }
            }

            list.Add(new WorkVideo(new string(id), r.Text(2), r.IsNull(3) ? null : r.Int32(3)));
        }

        if (connection.HasTable("master_video"))
        {
            using var r = connection.Query("SELECT master_id, youtube_id, title, duration FROM master_video ORDER BY master_id, position");
            while (r.Read())
            {
                if (_workOfMaster.TryGetValue(r.Int64(0), out var w))
                {
                    Add(w, r);
                }
            }
        }

        ForEachReleaseRow(connection, "release_video", "youtube_id, title, duration", (w, _, r) => Add(w, r), ct);
    }

    /// <summary>Runs <paramref name="row"/> for each row of a release child table, with the work of its release; column 0 is the release id.</summary>
    private void ForEachReleaseRow(CatalogSource connection, string table, string columns, Action<int, long, CatalogRows> row, CancellationToken ct)
    {
        if (!connection.HasTable(table))
        {
            return;
        }

        // In key order, so each release id is found by walking forward, not searched.
        using var r = connection.Query($"SELECT release_id, {columns} FROM {table} ORDER BY release_id, position");
        var cursor = 0;
        var n = 0;
        var ids = _releaseIds;
        while (r.Read())
        {
            var id = r.Int64(0);
            while (cursor < ids.Length && ids[cursor] < id)
            {
                cursor++;
            }

            if (cursor < ids.Length && ids[cursor] == id)
            {
                row(_releaseWork[cursor], id, r);
            }
            else
            {
                var i = Array.BinarySearch(ids, id);
                if (i >= 0)
                {
                    row(_releaseWork[i], id, r);
                }
            }

            if ((++n & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }
    }

}

/// <summary>The tags of one kind and the works that carry them, as read (not yet deduplicated).</summary>
internal sealed class KindTags(TagKind kind)
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _byId = [];
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private bool _hasSpanLookup;

    public TagKind Kind { get; } = kind;

    public List<string> Names { get; } = [];

    public List<long?> RefIds { get; } = [];

    /// <summary>(work, local tag) pairs, packed as work in the high half.</summary>
    public List<long> Pairs { get; } = [];

    public int Count => Names.Count;

    /// <summary>Adds the pair (work, tag named by <paramref name="utf8"/>); the name becomes a string only when the tag is new. Returns the tag.</summary>
    public int Add(int work, ReadOnlySpan<byte> utf8)
    {
        if (!_hasSpanLookup)
        {
            _bySpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
            _hasSpanLookup = true;
        }

        Span<char> buffer = utf8.Length <= 256 ? stackalloc char[256] : new char[utf8.Length];
        var name = buffer[..System.Text.Encoding.UTF8.GetChars(utf8, buffer)];
        if (!_bySpan.TryGetValue(name, out var tag))
        {
            var text = new string(name);
            tag = NewTag(text, null);
            _byName.Add(text, tag);
        }

        Pairs.Add(((long)work << 32) | (uint)tag);
        return tag;
    }

    /// <summary>Adds the pair (work, tag of Discogs id <paramref name="id"/>), named by <paramref name="utf8"/> when new. Returns the tag.</summary>
    public int AddById(int work, long id, ReadOnlySpan<byte> utf8)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byId, id, out var exists);
        if (!exists)
        {
            slot = NewTag(System.Text.Encoding.UTF8.GetString(utf8), id);
        }

        var tag = slot;
        Pairs.Add(((long)work << 32) | (uint)tag);
        return tag;
    }

    /// <summary>Adds the pair (work, tag <paramref name="name"/>, or of Discogs id <paramref name="refId"/>). Returns the tag.</summary>
    public int Add(int work, string name, long? refId = null)
    {
        int tag;
        if (refId is long id)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byId, id, out var exists);
            if (!exists)
            {
                slot = NewTag(name, id);
            }

            tag = slot;
        }
        else
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byName, name, out var exists);
            if (!exists)
            {
                slot = NewTag(name, null);
            }

            tag = slot;
        }

        Pairs.Add(((long)work << 32) | (uint)tag);
        return tag;
    }

    /// <summary>Adds the pair (work, <paramref name="tag"/>) for a tag this kind already has.</summary>
    public void AddPair(int work, int tag) => Pairs.Add(((long)work << 32) | (uint)tag);

    private int NewTag(string name, long? refId)
    {
        Names.Add(name);
        RefIds.Add(refId);
        return Names.Count - 1;
    }
}
