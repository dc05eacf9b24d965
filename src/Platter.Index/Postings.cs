namespace Platter.Index;

/// <summary>
/// The index's numbers in compressed-row form: for every tag the sorted work numbers that carry
/// it, and for every work the sorted ids of its tags. Work numbers follow the index's order (most
/// videos first), so the works with videos are the numbers below <see cref="WorksWithVideos"/>.
/// Tag ids are grouped by kind, in the order of <see cref="TagKind"/>.
/// </summary>
internal sealed class Postings
{
    private readonly int[] _kindStart;

    public Postings(int workCount, int[] videoCount, TagKind[] kinds, int[] tagOffsets, int[] tagWorks, int[] workOffsets, int[] workTags)
    {
        WorkCount = workCount;
        VideoCount = videoCount;
        Kind = kinds;
        TagOffsets = tagOffsets;
        TagWorks = tagWorks;
        WorkOffsets = workOffsets;
        WorkTags = workTags;
        var v = 0;
        while (v < workCount && videoCount[v] > 0)
        {
            v++;
        }

        WorksWithVideos = v;
        _kindStart = new int[TagKinds.All.Count + 1];
        var k = 0;
        for (var i = 0; i <= TagKinds.All.Count; i++)
        {
            while (k < kinds.Length && (int)kinds[k] < i)
            {
                k++;
            }

            _kindStart[i] = k;
        }
    }

    public int WorkCount { get; }

    public int WorksWithVideos { get; }

    /// <summary>Videos per work number.</summary>
    public int[] VideoCount { get; }

    public TagKind[] Kind { get; }

    public int[] TagOffsets { get; }

    public int[] TagWorks { get; }

    public int[] WorkOffsets { get; }

    public int[] WorkTags { get; }

    public int TagCount => Kind.Length;

    /// <summary>The sorted work numbers that carry tag <paramref name="id"/>.</summary>
    public ReadOnlySpan<int> WorksOf(int id) => TagWorks.AsSpan(TagOffsets[id], TagOffsets[id + 1] - TagOffsets[id]);

    public int WorkCountOf(int id) => TagOffsets[id + 1] - TagOffsets[id];

    /// <summary>The sorted tag ids of work number <paramref name="ordinal"/>.</summary>
    public ReadOnlySpan<int> TagsOf(int ordinal) => WorkTags.AsSpan(WorkOffsets[ordinal], WorkOffsets[ordinal + 1] - WorkOffsets[ordinal]);

    /// <summary>The first tag id of a kind and the one after its last.</summary>
    public (int Start, int End) KindRange(TagKind kind) => (_kindStart[(int)kind], _kindStart[(int)kind + 1]);

    public long VideosOfTag(int id)
    {
        long sum = 0;
        foreach (var w in WorksOf(id))
        {
            sum += VideoCount[w];
        }

        return sum;
    }

    // Set by FromGraph only: the kind-local number of each tag, to find its name in the graph.
    private int[]? _local;

    public (TagKind Kind, int Local) Origin(int id) => (Kind[id], _local![id]);

    /// <summary>Makes the posting lists of a graph whose works are numbered by <paramref name="ordinal"/>.</summary>
    public static Postings FromGraph(WorkGraph graph, int[] ordinal)
    {
        var n = graph.WorkCount;
        var kinds = new List<TagKind>();
        var local = new List<int>();
        var start = new int[graph.Kinds.Count];
        foreach (var kt in graph.Kinds)
        {
            start[(int)kt.Kind] = kinds.Count;
            for (var i = 0; i < kt.Count; i++)
            {
                kinds.Add(kt.Kind);
                local.Add(i);
            }
        }

        // Counting sort of the (work, tag) pairs by work number, then each work's tags sorted and made distinct.
        var count = new int[n + 1];
        foreach (var kt in graph.Kinds)
        {
            foreach (var pair in kt.Pairs)
            {
                count[ordinal[(int)(pair >> 32)] + 1]++;
            }
        }

        for (var i = 0; i < n; i++)
        {
            count[i + 1] += count[i];
        }

        var fill = (int[])count.Clone();
        var tags = new int[count[n]];
        foreach (var kt in graph.Kinds)
        {
            var s = start[(int)kt.Kind];
            foreach (var pair in kt.Pairs)
            {
                tags[fill[ordinal[(int)(pair >> 32)]]++] = s + (int)(uint)pair;
            }
        }

        var workOffsets = new int[n + 1];
        var at = 0;
        for (var w = 0; w < n; w++)
        {
            var seg = tags.AsSpan(count[w], count[w + 1] - count[w]);
            seg.Sort();
            workOffsets[w] = at;
            for (var i = 0; i < seg.Length; i++)
            {
                if (i == 0 || seg[i] != seg[i - 1])
                {
                    tags[at++] = seg[i];
                }
            }
        }

        workOffsets[n] = at;
        Array.Resize(ref tags, at);

        var videoCount = new int[n];
        for (var w = 0; w < n; w++)
        {
            videoCount[ordinal[w]] = graph.Videos[w]?.Count ?? 0;
        }

        var p = Invert(n, videoCount, [.. kinds], workOffsets, tags);
        p._local = [.. local];
        return p;
    }

    /// <summary>Builds the tag → works lists from the work → tags lists; each list comes out sorted because works are visited in order.</summary>
    public static Postings Invert(int workCount, int[] videoCount, TagKind[] kinds, int[] workOffsets, int[] workTags)
    {
        var t = kinds.Length;
        var offsets = new int[t + 1];
        foreach (var tag in workTags)
        {
            offsets[tag + 1]++;
        }

        for (var i = 0; i < t; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var fill = offsets[..t];
        var works = new int[workTags.Length];
        for (var w = 0; w < workCount; w++)
        {
            for (var i = workOffsets[w]; i < workOffsets[w + 1]; i++)
            {
                works[fill[workTags[i]]++] = w;
            }
        }

        return new Postings(workCount, videoCount, kinds, offsets, works, workOffsets, workTags);
    }
}
