using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Platter.Index;

/// <summary>
/// What the site keeps in memory of one index generation, sized for the full catalog (about 10
/// million works): for the few thousand tags of the small kinds (genre to format) their posting
/// lists, as a bitset where a tag is carried by at least 1/32 of the works (a bitset is then the
/// smaller form) and as a sorted list otherwise, and for every work the ids of its small-kind tags
/// as 16-bit numbers, for the facets. The millions of label and artist tags stay in the database;
/// a query reads the posting list of the one it names (and keeps the last few hundred read).
/// </summary>
internal sealed class MemoryIndex
{
    private const int DenseShare = 32;
    /// <summary>Below this many works no tag is worth a bitset.</summary>
    public const int DenseMinWorks = 4096;
    private const int CachedLists = 512;

    private readonly ConcurrentDictionary<int, int[]> _idLists = new();
    private readonly Func<int, int[]> _readList;

    private MemoryIndex(int works, ushort[] videoCount, (int Start, int End)[] ranges, int[] smallWorks, int[] smallOffsets, int[] smallLists, ulong[]?[] dense, int[] fwdOffsets, ushort[] fwd, Func<int, int[]> readList)
    {
        WorkCount = works;
        VideoCount = videoCount;
        Ranges = ranges;
        SmallWorks = smallWorks;
        SmallOffsets = smallOffsets;
        SmallLists = smallLists;
        Dense = dense;
        FwdOffsets = fwdOffsets;
        Fwd = fwd;
        _readList = readList;
        var v = 0;
        while (v < works && videoCount[v] > 0)
        {
            v++;
        }

        WorksWithVideos = v;
    }

    public int WorkCount { get; }

    public int WorksWithVideos { get; }

    /// <summary>Videos per work number (at most 65,535 counted).</summary>
    public ushort[] VideoCount { get; }

    /// <summary>The tag ids of each kind: [Start, End).</summary>
    public (int Start, int End)[] Ranges { get; }

    /// <summary>Tags with ids below this are of the small kinds and live in memory.</summary>
    public int SmallCount => Ranges[(int)TagKind.Label].Start;

    public int TagCount => Ranges[^1].End;

    public int[] SmallWorks { get; }

    public int[] SmallOffsets { get; }

    public int[] SmallLists { get; }

    public ulong[]?[] Dense { get; }

    public int[] FwdOffsets { get; }

    public ushort[] Fwd { get; }

    /// <summary>Approximate bytes held (arrays only).</summary>
    public long Bytes =>
        (VideoCount.Length * 2L) + (SmallWorks.Length * 4L) + (SmallOffsets.Length * 4L) + (SmallLists.Length * 4L) +
        Dense.Sum(d => (d?.Length ?? 0) * 8L) + (FwdOffsets.Length * 4L) + (Fwd.Length * 2L);

    public TagKind KindOf(int id)
    {
        for (var k = 0; k < Ranges.Length; k++)
        {
            if (id < Ranges[k].End)
            {
                return (TagKind)k;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(id), id, "not a tag of this index");
    }

    /// <summary>The small-kind tag ids of work number <paramref name="ordinal"/>, sorted.</summary>
    public ReadOnlySpan<ushort> SmallTagsOf(int ordinal) => Fwd.AsSpan(FwdOffsets[ordinal], FwdOffsets[ordinal + 1] - FwdOffsets[ordinal]);

    /// <summary>True when tag <paramref name="id"/> is held as a bitset.</summary>
    public bool IsDense(int id) => id < SmallCount && Dense[id] is not null;

    public bool Has(int id, int work) => Dense[id] is ulong[] bits && (bits[work >> 6] & (1UL << work)) != 0;

    /// <summary>The sorted works of a tag: from memory, from a bitset, or from the database for an artist or label.</summary>
    public ArraySegment<int> WorksOf(int id)
    {
        if (id >= SmallCount)
        {
            if (_idLists.TryGetValue(id, out var cached))
            {
                return cached;
            }

            var list = _readList(id);
            if (_idLists.Count >= CachedLists)
            {
                _idLists.Clear();
            }

            _idLists[id] = list;
            return list;
        }

        if (Dense[id] is ulong[] bits)
        {
            return Expand(bits, SmallWorks[id]);
        }

        return new ArraySegment<int>(SmallLists, SmallOffsets[id], SmallOffsets[id + 1] - SmallOffsets[id]);
    }

    public static int[] Expand(ulong[] bits, int count)
    {
        var list = new int[count];
        var n = 0;
        for (var i = 0; i < bits.Length; i++)
        {
            var word = bits[i];
            while (word != 0)
            {
                list[n++] = (i << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }

        return n == count ? list : list[..n];
    }

    /// <summary>Reads generation <paramref name="g"/> of the index tables.</summary>
    public static MemoryIndex Load(SqliteConnection c, string databasePath, long g, Dictionary<string, string> meta, int denseMinWorks, CancellationToken ct)
    {
        var works = int.Parse(meta["works"], CultureInfo.InvariantCulture);
        var ranges = ParseRanges(meta["kind_ranges"]);
        var small = ranges[(int)TagKind.Label].Start;
        var smallWorks = new int[small];
        var smallOffsets = new int[small + 1];
        var dense = new ulong[]?[small];
        var dense32 = works >= denseMinWorks;
        long sparse;
        using (var cmd = c.CreateCommand())
        {
            // Sized up front: a growing list would hold twice the memory for a moment at full scale.
            cmd.CommandText = $"SELECT coalesce(sum(works), 0) FROM {IndexStore.Table(g, "tag")} WHERE id < $s AND ($dense = 0 OR works * {DenseShare} < $n)";
            cmd.Parameters.AddWithValue("$s", small);
            cmd.Parameters.AddWithValue("$dense", dense32 ? 1 : 0);
            cmd.Parameters.AddWithValue("$n", works);
            sparse = (long)cmd.ExecuteScalar()!;
        }

        var lists = new int[sparse];
        var filled = 0;
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT id, works, postings FROM {IndexStore.Table(g, "tag")} WHERE id < $s ORDER BY id";
            cmd.Parameters.AddWithValue("$s", small);
            using var r = cmd.ExecuteReader();

            // One buffer for every blob: a new array per tag would leave hundreds of MB of freed
            // large objects that the process keeps at full scale.
            var buffer = Array.Empty<byte>();
            while (r.Read())
            {
                var id = r.GetInt32(0);
                var n = r.GetInt32(1);
                smallWorks[id] = n;
                var length = (int)r.GetBytes(2, 0, null, 0, 0);
                if (buffer.Length < length)
                {
                    buffer = new byte[Math.Max(length, buffer.Length * 2)];
                }

                r.GetBytes(2, 0, buffer, 0, length);
                var postings = MemoryMarshal.Cast<byte, int>(buffer.AsSpan(0, length));
                if (dense32 && (long)n * DenseShare >= works)
                {
                    var bits = new ulong[(works + 63) / 64];
                    foreach (var w in postings)
                    {
                        bits[w >> 6] |= 1UL << w;
                    }

                    dense[id] = bits;
                }
                else
                {
                    postings.CopyTo(lists.AsSpan(filled));
                    filled += postings.Length;
                }

                smallOffsets[id + 1] = filled;
            }
        }

        ct.ThrowIfCancellationRequested();
        var pairs = smallWorks.Sum(n => (long)n);
        var fwd = new ushort[pairs];
        var fwdOffsets = new int[works + 1];
        var videoCount = new ushort[works];
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT ordinal, video_count, tags FROM {IndexStore.Table(g, "work")} ORDER BY ordinal";
            using var r = cmd.ExecuteReader();
            var at = 0;
            while (r.Read())
            {
                var o = r.GetInt32(0);
                videoCount[o] = (ushort)Math.Min(ushort.MaxValue, r.GetInt32(1));
                foreach (var t in MemoryMarshal.Cast<byte, int>((byte[])r.GetValue(2)))
                {
                    if (t < small)
                    {
                        fwd[at++] = (ushort)t;
                    }
                }

                fwdOffsets[o + 1] = at;
                if ((o & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
            }
        }

        var path = databasePath;
        return new MemoryIndex(works, videoCount, ranges, smallWorks, smallOffsets, lists, dense, fwdOffsets, fwd, id => ReadList(path, g, id));
    }

    private static int[] ReadList(string path, long g, int id)
    {
        using var c = IndexStore.OpenRead(path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT postings FROM {IndexStore.Table(g, "tag")} WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        return cmd.ExecuteScalar() is byte[] blob ? MemoryMarshal.Cast<byte, int>(blob).ToArray() : [];
    }

    private static (int Start, int End)[] ParseRanges(string text)
    {
        var ranges = new (int Start, int End)[TagKinds.All.Count];
        foreach (var part in text.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var dash = part.IndexOf('-', eq);
            var kind = TagKinds.Parse(part[..eq]) ?? throw new IndexException($"The tag index names an unknown kind '{part[..eq]}'; rebuild it with: platter index");
            ranges[(int)kind] = (int.Parse(part[(eq + 1)..dash], CultureInfo.InvariantCulture), int.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture));
        }

        return ranges;
    }
}
