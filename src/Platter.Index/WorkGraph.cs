using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

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

    public static WorkGraph Read(string path, SqliteConnection connection, bool parallel, CancellationToken ct)
    {
        var g = new WorkGraph();
        g.ReadMainRows(connection, ct);
        g.Artists = new string?[g.WorkCount];
        g.Labels = new string?[g.WorkCount];
        g.Videos = new List<WorkVideo>?[g.WorkCount];
        Action<SqliteConnection>[] readers =
        [
            c => g.ReadArtists(c, ct),
            c => g.ReadLabels(c, ct),
            c => g.ReadVideos(c, ct),
            c => g.ReadNames(c, "master_genre", "release_genre", "genre", TagKind.Genre, ct),
            c => g.ReadNames(c, "master_style", "release_style", "style", TagKind.Style, ct),
            c => g.ReadNames(c, null, "release_format", "name", TagKind.Format, ct),
        ];
        if (parallel)
        {
            // Two threads, each with its own connection: SQLite reads scale across connections,
            // and every reader owns the tags of its kinds.
            System.Threading.Tasks.Parallel.ForEach(readers, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, r =>
            {
                using var c = IndexStore.OpenRead(path);
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

    private void ReadMainRows(SqliteConnection connection, CancellationToken ct)
    {
        var years = _kinds[(int)TagKind.Year];
        var decades = _kinds[(int)TagKind.Decade];
        var countries = _kinds[(int)TagKind.Country];
        if (IndexStore.TableExists(connection, "master"))
        {
            using var cmd = Command(connection, "SELECT id, title, year FROM master ORDER BY id");
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var w = NewWork(r.GetInt64(0), 0, r.IsDBNull(1) ? null : r.GetString(1));
                _workOfMaster[r.GetInt64(0)] = w;
                AddYear(w, r.IsDBNull(2) ? 0 : r.GetInt32(2), years, decades);
            }
        }

        ct.ThrowIfCancellationRequested();
        if (!IndexStore.TableExists(connection, "release"))
        {
            return;
        }

        var ids = new List<long>();
        var works = new List<int>();
        using (var cmd = Command(connection, "SELECT id, master_id, title, country, released_year FROM release ORDER BY id"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var id = r.GetInt64(0);
                int w;
                if (r.IsDBNull(1))
                {
                    w = NewWork(0, id, null);
                }
                else if (!_workOfMaster.TryGetValue(r.GetInt64(1), out w))
                {
                    // A master the catalog does not hold (not imported, or newer than the dump).
                    w = NewWork(r.GetInt64(1), id, null);
                    _workOfMaster[r.GetInt64(1)] = w;
                }

                if (FirstRelease[w] == 0)
                {
                    FirstRelease[w] = id;
                }

                // Only the first release's title is shown (a master's own comes first); the others are not read.
                if (Title[w] is null && !r.IsDBNull(2))
                {
                    Title[w] = r.GetString(2);
                }
                if (!r.IsDBNull(3))
                {
                    var country = r.GetString(3);
                    Country[w] ??= country;
                    countries.Add(w, country);
                }

                AddYear(w, r.IsDBNull(4) ? 0 : r.GetInt32(4), years, decades);
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

        var y = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        years.Add(work, y);
        decades.Add(work, (year / 10 * 10).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s");
        if (Year[work] == 0 || year < Year[work])
        {
            Year[work] = year;
        }
    }

    private void ReadNames(SqliteConnection connection, string? masterTable, string releaseTable, string column, TagKind kind, CancellationToken ct)
    {
        var tags = _kinds[(int)kind];
        if (masterTable is not null && IndexStore.TableExists(connection, masterTable))
        {
            using var cmd = Command(connection, $"SELECT master_id, {column} FROM {masterTable} ORDER BY master_id, position");
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (!r.IsDBNull(1) && _workOfMaster.TryGetValue(r.GetInt64(0), out var w))
                {
                    tags.Add(w, r.GetString(1));
                }
            }
        }

        ForEachReleaseRow(connection, releaseTable, column, (w, _, r) =>
        {
            if (!r.IsDBNull(1))
            {
                tags.Add(w, r.GetString(1));
            }
        }, ct);
    }

    private void ReadArtists(SqliteConnection connection, CancellationToken ct)
    {
        var tags = _kinds[(int)TagKind.Artist];
        var display = Artists;
        if (IndexStore.TableExists(connection, "master_artist"))
        {
            using var cmd = Command(connection, "SELECT master_id, artist_id, name, join_text FROM master_artist ORDER BY master_id, position");
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (!r.IsDBNull(2) && _workOfMaster.TryGetValue(r.GetInt64(0), out var w))
                {
                    var name = r.GetString(2);
                    tags.Add(w, name, r.IsDBNull(1) ? null : r.GetInt64(1));
                    display[w] = AppendCredit(display[w], name, r.IsDBNull(3) ? null : r.GetString(3));
                }
            }
        }

        // The master's own artists are the work's; a work without a master row shows its first release's.
        var fromMaster = display.Select(d => d is not null).ToArray();
        ForEachReleaseRow(connection, "release_artist", "artist_id, name, join_text", (w, releaseId, r) =>
        {
            if (r.IsDBNull(2))
            {
                return;
            }

            var name = r.GetString(2);
            tags.Add(w, name, r.IsDBNull(1) ? null : r.GetInt64(1));
            if (!fromMaster[w] && FirstRelease[w] == releaseId)
            {
                display[w] = AppendCredit(display[w], name, r.IsDBNull(3) ? null : r.GetString(3));
            }
        }, ct);
    }

    private static string AppendCredit(string? sofar, string name, string? join)
    {
        // The join of a credit links it to the next one ("&", ","); the last one's is dropped on display.
        sofar = sofar is null ? name : sofar + name;
        var j = join?.Trim();
        return string.IsNullOrEmpty(j) ? sofar + ", " : j == "," ? sofar + ", " : sofar + " " + j + " ";
    }

    private void ReadLabels(SqliteConnection connection, CancellationToken ct)
    {
        var tags = _kinds[(int)TagKind.Label];
        var display = Labels;
        ForEachReleaseRow(connection, "release_label", "label_id, name", (w, _, r) =>
        {
            if (r.IsDBNull(2))
            {
                return;
            }

            var name = r.GetString(2);
            tags.Add(w, name, r.IsDBNull(1) ? null : r.GetInt64(1));
            var d = display[w];
            if (d is null)
            {
                display[w] = name;
            }
            else if (!d.Split(", ").Contains(name) && d.Count(c => c == ',') < 2)
            {
                display[w] = d + ", " + name;
            }
        }, ct);
    }

    private void ReadVideos(SqliteConnection connection, CancellationToken ct)
    {
        var videos = Videos;
        void Add(int w, SqliteDataReader r)
        {
            if (r.IsDBNull(1))
            {
                return; // not a YouTube address: nothing the player can play
            }

            var id = r.GetString(1);
            var list = videos[w] ??= [];
            foreach (var v in list)
            {
                if (v.YoutubeId == id)
                {
                    return;
                }
            }

            list.Add(new WorkVideo(id, r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3)));
        }

        if (IndexStore.TableExists(connection, "master_video"))
        {
            using var cmd = Command(connection, "SELECT master_id, youtube_id, title, duration FROM master_video ORDER BY master_id, position");
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (_workOfMaster.TryGetValue(r.GetInt64(0), out var w))
                {
                    Add(w, r);
                }
            }
        }

        ForEachReleaseRow(connection, "release_video", "youtube_id, title, duration", (w, _, r) => Add(w, r), ct);
    }

    /// <summary>Runs <paramref name="row"/> for each row of a release child table, with the work of its release; column 0 is the release id.</summary>
    private void ForEachReleaseRow(SqliteConnection connection, string table, string columns, Action<int, long, SqliteDataReader> row, CancellationToken ct)
    {
        if (!IndexStore.TableExists(connection, table))
        {
            return;
        }

        // In key order, so each release id is found by walking forward, not searched.
        using var cmd = Command(connection, $"SELECT release_id, {columns} FROM {table} ORDER BY release_id, position");
        using var r = cmd.ExecuteReader();
        var cursor = 0;
        var n = 0;
        var ids = _releaseIds;
        while (r.Read())
        {
            var id = r.GetInt64(0);
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

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }
}

/// <summary>The tags of one kind and the works that carry them, as read (not yet deduplicated).</summary>
internal sealed class KindTags(TagKind kind)
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _byId = [];

    public TagKind Kind { get; } = kind;

    public List<string> Names { get; } = [];

    public List<long?> RefIds { get; } = [];

    /// <summary>(work, local tag) pairs, packed as work in the high half.</summary>
    public List<long> Pairs { get; } = [];

    public int Count => Names.Count;

    public void Add(int work, string name, long? refId = null)
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
    }

    private int NewTag(string name, long? refId)
    {
        Names.Add(name);
        RefIds.Add(refId);
        return Names.Count - 1;
    }
}
