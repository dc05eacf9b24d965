using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Platter.Index;

/// <summary>What an index generation holds and whether it is current.</summary>
/// <param name="Generation">The generation.</param>
/// <param name="BuiltAt">When it was built.</param>
/// <param name="Works">Works.</param>
/// <param name="WorksWithVideos">Works with at least one video.</param>
/// <param name="Videos">Videos.</param>
/// <param name="Tags">Tags.</param>
/// <param name="Stale">True when masters or releases were imported after it was built.</param>
public sealed record IndexInfo(long Generation, DateTimeOffset BuiltAt, int Works, int WorksWithVideos, long Videos, int Tags, bool Stale);

/// <summary>
/// One generation of the tag index, loaded: posting lists in memory for the set algebra and the
/// facets; names, titles and videos read from the database as a page needs them. Safe for
/// concurrent queries.
/// </summary>
public sealed class TagIndex
{
    /// <summary>The layout of the index tables; a database with another needs <c>platter index</c>.</summary>
    public const int FormatVersion = 2;

    /// <summary>Most clauses one query may have.</summary>
    public const int MaxClauses = 50;

    /// <summary>Facets of the small kinds (genre to format) are counted over every work of a result up to this size, over an even sample of this many beyond.</summary>
    public const int FacetSample = 10_000;

    /// <summary>Label and artist facets are counted from the database over at most this many works of a result (an even sample beyond).</summary>
    public const int IdFacetSample = 1_000;

    private readonly MemoryIndex _mem;
    private readonly string _databasePath;
    private readonly Tag[] _smallTags;
    private readonly ConcurrentDictionary<int, Tag> _idTags = new();
    private readonly ConcurrentBag<int[]> _counters = [];
    private readonly ConcurrentDictionary<string, int[]> _setWorks = new(StringComparer.Ordinal);

    private TagIndex(MemoryIndex mem, string databasePath, long generation, Tag[] smallTags, IndexInfo info)
    {
        _mem = mem;
        _databasePath = databasePath;
        Generation = generation;
        _smallTags = smallTags;
        Info = info;
    }

    /// <summary>The generation loaded.</summary>
    public long Generation { get; }

    /// <summary>What the index holds.</summary>
    public IndexInfo Info { get; }

    /// <summary>Bytes of posting lists and work tags held in memory.</summary>
    public long MemoryBytes => _mem.Bytes;

    /// <summary>Tags held as bitsets.</summary>
    internal int DenseTagCount => _mem.Dense.Count(d => d is not null);

    /// <summary>
    /// Loads the current index of the catalog at <paramref name="databasePath"/>. Throws
    /// <see cref="IndexException"/> with what to run when there is none.
    /// </summary>
    public static TagIndex Open(string databasePath, CancellationToken cancellationToken = default) =>
        Open(databasePath, databasePath, MemoryIndex.DenseMinWorks, cancellationToken);

    /// <summary>
    /// Loads the current index from the SQLite file <paramref name="indexPath"/>, built from the
    /// catalog <paramref name="catalog"/> names (the same file, or a PostgreSQL database); the index
    /// is stale when that catalog changed since.
    /// </summary>
    public static TagIndex Open(string indexPath, string catalog, CancellationToken cancellationToken = default) =>
        Open(indexPath, catalog, MemoryIndex.DenseMinWorks, cancellationToken);

    /// <summary>Loads the index, keeping large tags as bitsets from <paramref name="denseMinWorks"/> works on (tests lower it to reach the bitset paths on the sample).</summary>
    internal static TagIndex Open(string databasePath, int denseMinWorks, CancellationToken cancellationToken) =>
        Open(databasePath, databasePath, denseMinWorks, cancellationToken);

    private static TagIndex Open(string databasePath, string catalog, int denseMinWorks, CancellationToken cancellationToken)
    {
        if (!File.Exists(databasePath))
        {
            throw new IndexException(catalog == databasePath
                ? $"The database {databasePath} does not exist. Import the catalog first: platter import --db {databasePath} DUMPS"
                : $"There is no tag index at {databasePath} yet. Build it with: {IndexStore.IndexHint(catalog, databasePath)}");
        }

        using var c = IndexStore.OpenRead(databasePath);
        var meta = IndexStore.ReadMeta(c);
        if (!meta.TryGetValue("generation", out var gs))
        {
            throw new IndexException($"The database {databasePath} has no tag index yet. Build it with: {IndexStore.IndexHint(catalog, databasePath)}");
        }

        if (!meta.TryGetValue("format", out var f) || f != FormatVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new IndexException($"The tag index in {databasePath} was built by another version of Platter. Rebuild it with: {IndexStore.IndexHint(catalog, databasePath)}");
        }

        var g = long.Parse(gs, CultureInfo.InvariantCulture);
        var mem = MemoryIndex.Load(c, databasePath, g, meta, denseMinWorks, cancellationToken);
        var smallTags = new Tag[mem.SmallCount];
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT id, kind, ref_id, name, token, works FROM {IndexStore.Table(g, "tag")} WHERE id < $s ORDER BY id";
            cmd.Parameters.AddWithValue("$s", mem.SmallCount);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                smallTags[r.GetInt32(0)] = ReadTag(r);
            }
        }

        var info = new IndexInfo(
            g,
            DateTimeOffset.Parse(meta["built_at"], CultureInfo.InvariantCulture),
            mem.WorkCount,
            mem.WorksWithVideos,
            long.Parse(meta["videos"], CultureInfo.InvariantCulture),
            mem.TagCount,
            Stale(c, catalog == databasePath ? null : catalog, meta.GetValueOrDefault("catalog_state")));
        return new TagIndex(mem, databasePath, g, smallTags, info);
    }

    private static bool Stale(SqliteConnection index, string? otherCatalog, string? builtFrom)
    {
        if (otherCatalog is null)
        {
            using var own = new SqliteSource(index);
            return own.State() != builtFrom;
        }

        try
        {
            return IndexStore.CatalogState(otherCatalog) != builtFrom;
        }
        catch (IndexException)
        {
            // The catalog's server cannot be reached: the index is all the site needs, so it serves what it has.
            return false;
        }
    }

    /// <summary>The current generation recorded in the database (0 when it has no index), read cheaply to notice a rebuild.</summary>
    public static long CurrentGeneration(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return 0;
        }

        using var c = IndexStore.OpenRead(databasePath);
        return IndexStore.ReadMeta(c).TryGetValue("generation", out var g) ? long.Parse(g, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>
    /// Parses tags as written (<c>style:Deep House</c>, <c>style:House|Techno</c> for either,
    /// <c>-style:House</c> or <c>not:style:House</c> to exclude). Throws <see cref="TagQueryException"/>
    /// naming the tag that cannot be read and what would work.
    /// </summary>
    public TagQuery Parse(IEnumerable<string> tags, bool videosOnly = false) => Parse(tags, videosOnly, null);

    /// <summary>
    /// Parses tags as <see cref="Parse(IEnumerable{string}, bool)"/> does, and also the tags of
    /// <paramref name="sets"/> (<c>in:collection</c>, <c>-in:wantlist</c>), which combine with the
    /// others like any tag.
    /// </summary>
    public TagQuery Parse(IEnumerable<string> tags, bool videosOnly, IReleaseSets? sets)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var clauses = new List<TagClause>();
        using var c = Connect();
        foreach (var raw in tags)
        {
            var text = raw?.Trim() ?? "";
            if (text.Length == 0)
            {
                continue;
            }

            if (clauses.Count == MaxClauses)
            {
                throw new TagQueryException($"A query may have at most {MaxClauses} tags.");
            }

            clauses.Add(ParseClause(c, text, sets));
        }

        return new TagQuery(clauses, videosOnly);
    }

    /// <summary>The works of a set's releases: found once per set content, then kept.</summary>
    private int[] WorksOf(SqliteConnection c, ReleaseSet set)
    {
        var key = string.Join(',', set.Releases) + "|" + string.Join(',', set.Masters);
        if (_setWorks.TryGetValue(key, out var cached))
        {
            return cached;
        }

        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT ordinal FROM {Table("work")}
            WHERE release_id IN (SELECT value FROM json_each($r)) OR master_id IN (SELECT value FROM json_each($m))
            ORDER BY ordinal
            """;
        cmd.Parameters.AddWithValue("$r", "[" + string.Join(',', set.Releases) + "]");
        cmd.Parameters.AddWithValue("$m", "[" + string.Join(',', set.Masters) + "]");
        var works = new List<int>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                works.Add(r.GetInt32(0));
            }
        }

        // A handful of sets per user; the index is replaced (and this with it) at a rebuild.
        if (_setWorks.Count > 64)
        {
            _setWorks.Clear();
        }

        return _setWorks[key] = [.. works];
    }

    /// <summary>Runs a query: the count of works and videos, a page of works, and the facets.</summary>
    public QueryResult Query(TagQuery query, QueryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new QueryOptions();
        if (options.Limit is < 0 or > QueryOptions.MaxLimit)
        {
            throw new TagQueryException($"A page holds 0 to {QueryOptions.MaxLimit} works; {options.Limit} was asked for.");
        }

        if (options.Offset < 0)
        {
            throw new TagQueryException($"The offset must be 0 or more; {options.Offset} was given.");
        }

        var set = Evaluate(query);
        long videos = 0;
        foreach (var w in set)
        {
            videos += _mem.VideoCount[w];
        }

        var page = PageOrdinals(set, options);
        var items = ReadWorks(page, options.WithVideos);
        var facets = options.FacetsPerKind > 0 ? Facets(set, query, options.FacetsPerKind) : null;
        return new QueryResult(query, set.Length, videos, options.Offset, items, facets);
    }

    /// <summary>The work numbers that match, in the index's order.</summary>
    public int[] Match(TagQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Evaluate(query);
    }

    /// <summary>
    /// The videos of the matching works in page order, work after work, starting at work
    /// <paramref name="offset"/>: whole works, until the next would pass <paramref name="maxVideos"/>
    /// (the first work always comes whole). <see cref="PlaylistPage.NextOffset"/> continues it.
    /// </summary>
    public PlaylistPage Playlist(TagQuery query, int offset, int maxVideos, WorkOrder order = WorkOrder.Stable, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (offset < 0)
        {
            throw new TagQueryException($"The offset must be 0 or more; {offset} was given.");
        }

        var set = Evaluate(query);
        var list = new List<PlaylistVideo>();
        const int pageSize = 100;
        var at = offset;
        while (at < set.Length)
        {
            var ordinals = PageOrdinals(set, new QueryOptions { Offset = at, Limit = pageSize, Order = order, Seed = seed });
            foreach (var work in ReadWorks(ordinals, withVideos: true))
            {
                if (list.Count > 0 && list.Count + work.Videos.Count > maxVideos)
                {
                    return new PlaylistPage(list, at);
                }

                var bare = work with { Videos = [] };
                list.AddRange(work.Videos.Select(v => new PlaylistVideo(v.YoutubeId, v.Title, v.Duration, bare)));
                at++;
            }
        }

        return new PlaylistPage(list, null);
    }

    /// <summary>
    /// Tags whose name, or a word of it, starts with <paramref name="prefix"/>, ignoring case and
    /// accents; most works first. A prefix <c>kind:…</c> looks in that kind only.
    /// </summary>
    public IReadOnlyList<TagSuggestion> Suggest(string prefix, int limit = 10, TagKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        limit = Math.Clamp(limit, 1, 100);
        var colon = prefix.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && TagKinds.Parse(prefix[..colon]) is TagKind k)
        {
            kind = k;
            prefix = prefix[(colon + 1)..];
        }

        var fold = TextFold.Fold(prefix);
        using var c = Connect();
        List<int> ids;
        if (fold.Length == 0)
        {
            ids = TopTags(c, kind, limit);
        }
        else if (fold.Length <= IndexWriter.StoredPrefixLength && kind is null)
        {
            ids = StoredPrefix(c, fold).Take(limit).ToList();
        }
        else
        {
            ids = WordRange(c, fold, kind, limit);
        }

        var tags = TagsById(c, ids);
        var videos = VideosOfTags(c, ids);
        return ids.Select(i => new TagSuggestion(tags[i], videos.GetValueOrDefault(i))).ToList();
    }

    /// <summary>The tag with id <paramref name="id"/>.</summary>
    public Tag GetTag(int id)
    {
        if (id < _smallTags.Length)
        {
            return _smallTags[id];
        }

        using var c = Connect();
        return TagsById(c, [id])[id];
    }

    internal SqliteConnection Connect() => IndexStore.OpenRead(_databasePath);

    internal string Table(string name) => IndexStore.Table(Generation, name);

    private TagClause ParseClause(SqliteConnection c, string text, IReleaseSets? sets)
    {
        var negated = false;
        var body = text;
        if (body.StartsWith("not:", StringComparison.OrdinalIgnoreCase))
        {
            negated = true;
            body = body[4..];
        }
        else if (body[0] is '-' or '!')
        {
            negated = true;
            body = body[1..];
        }

        var colon = body.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            var guesses = body.Length == 0 ? [] : Suggest(body, 3).Select(s => s.Tag.Token).ToList();
            throw new TagQueryException(
                $"'{text}' is not a tag. Write KIND:NAME, for example style:Techno; the kinds are {TagKinds.List}." + DidYouMean(guesses))
            { Suggestions = guesses };
        }

        var kindName = body[..colon];
        if (sets is not null && string.Equals(kindName.Trim(), sets.Kind, StringComparison.OrdinalIgnoreCase))
        {
            var setName = body[(colon + 1)..].Trim();
            var set = sets.Find(setName) ?? throw new TagQueryException(
                $"'{text}' names no set; write {string.Join(" or ", sets.Names.Select(n => sets.Kind + ":" + n))}.")
            { Suggestions = sets.Names.Select(n => sets.Kind + ":" + n).ToList() };
            return new TagClause(negated, []) { SetToken = set.Token, SetWorks = WorksOf(c, set) };
        }

        if (TagKinds.Parse(kindName) is not TagKind kind)
        {
            throw new TagQueryException($"Unknown tag kind '{kindName}' in '{text}'. The kinds are: {TagKinds.List}{(sets is null ? "" : ", " + sets.Kind)}.");
        }

        var names = body[(colon + 1)..].Split('|');
        var alternatives = new List<Tag>();
        foreach (var n in names)
        {
            var name = n.Trim();
            if (name.Length == 0)
            {
                throw new TagQueryException($"'{text}' names no {kind.Name()}. Write {kind.Name()}:NAME, for example {Example(kind)}.");
            }

            var tag = Resolve(c, kind, name);
            if (!alternatives.Contains(tag))
            {
                alternatives.Add(tag);
            }
        }

        return new TagClause(negated, alternatives);
    }

    private Tag Resolve(SqliteConnection c, TagKind kind, string name)
    {
        List<Tag> found;
        var hash = name.LastIndexOf('#');
        if (kind.HasId() && hash > 0 && long.TryParse(name.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var refId))
        {
            found = QueryTags(c, $"kind = $k AND ref_id = $r", ("$k", kind.Name()), ("$r", refId));
            found = found.Where(t => t.Name == name[..hash]).DefaultIfEmpty(found.FirstOrDefault()).Where(t => t is not null).ToList()!;
        }
        else
        {
            found = QueryTags(c, "kind = $k AND fold = $f", ("$k", kind.Name()), ("$f", TextFold.Fold(name)));
        }

        // Exact spelling first; otherwise the one tag that matches ignoring case and accents.
        var exact = found.Where(t => t.Name == name || t.Token == kind.Name() + ":" + name).ToList();
        var pick = exact.Count > 0 ? exact : found;
        if (pick.Count > 1)
        {
            var plain = pick.Where(t => t.RefId is null).ToList();
            if (plain.Count == 1)
            {
                return plain[0];
            }

            throw new TagQueryException(
                $"{kind.Name()}:{name} names {pick.Count} {kind.Name()}s; write one of {string.Join(", ", pick.Select(t => t.Token))}.")
            { Suggestions = pick.Select(t => t.Token).ToList() };
        }

        if (pick.Count == 1)
        {
            return pick[0];
        }

        var guesses = Suggest(name.Length > 3 ? name[..3] : name, 3, kind).Select(s => s.Tag.Token).ToList();
        throw new TagQueryException($"No work has the tag {kind.Name()}:{name}." + DidYouMean(guesses)) { Suggestions = guesses };
    }

    private static string DidYouMean(List<string> guesses) =>
        guesses.Count == 0 ? "" : " Did you mean " + string.Join(" or ", guesses) + "?";

    private static string Example(TagKind kind) => kind switch
    {
        TagKind.Genre => "genre:Electronic",
        TagKind.Style => "style:Deep House",
        TagKind.Decade => "decade:1990s",
        TagKind.Year => "year:1999",
        TagKind.Country => "country:Germany",
        TagKind.Label => "label:Planet E",
        TagKind.Artist => "artist:The Persuader",
        _ => "format:Vinyl",
    };

    private List<Tag> QueryTags(SqliteConnection c, string where, params (string Name, object Value)[] args)
    {
        using var cmd = c.CreateCommand();
        // "+works": without it SQLite walks the (kind, works) index to save a sort of a row or two,
        // that is every artist for one artist's name (seconds at full scale), not the name or id index.
        cmd.CommandText = $"SELECT id, kind, ref_id, name, token, works FROM {Table("tag")} WHERE {where} ORDER BY +works DESC, id";
        foreach (var (n, v) in args)
        {
            cmd.Parameters.AddWithValue(n, v);
        }

        using var r = cmd.ExecuteReader();
        var list = new List<Tag>();
        while (r.Read())
        {
            list.Add(ReadTag(r));
        }

        return list;
    }

    private static Tag ReadTag(SqliteDataReader r) =>
        new(r.GetInt32(0), TagKinds.Parse(r.GetString(1))!.Value, r.GetString(3), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetString(4), r.GetInt32(5));

    private Dictionary<int, Tag> TagsById(SqliteConnection c, IReadOnlyCollection<int> ids)
    {
        var result = new Dictionary<int, Tag>();
        var missing = new List<int>();
        foreach (var id in ids)
        {
            if (id < _smallTags.Length)
            {
                result[id] = _smallTags[id];
            }
            else if (_idTags.TryGetValue(id, out var t))
            {
                result[id] = t;
            }
            else
            {
                missing.Add(id);
            }
        }

        if (missing.Count > 0)
        {
            foreach (var t in QueryTags(c, "id IN (" + string.Join(",", missing.Select((_, i) => "$i" + i.ToString(CultureInfo.InvariantCulture))) + ")", missing.Select((id, i) => ("$i" + i.ToString(CultureInfo.InvariantCulture), (object)id)).ToArray()))
            {
                result[t.Id] = t;
                if (_idTags.Count > 100_000)
                {
                    _idTags.Clear();
                }

                _idTags[t.Id] = t;
            }
        }

        return result;
    }

    private Dictionary<int, long> VideosOfTags(SqliteConnection c, List<int> ids)
    {
        var result = new Dictionary<int, long>();
        if (ids.Count == 0)
        {
            return result;
        }

        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT id, videos FROM {Table("tag")} WHERE id IN (" + string.Join(",", ids.Select((_, i) => "$i" + i.ToString(CultureInfo.InvariantCulture))) + ")";
        for (var i = 0; i < ids.Count; i++)
        {
            cmd.Parameters.AddWithValue("$i" + i.ToString(CultureInfo.InvariantCulture), ids[i]);
        }

        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            result[r.GetInt32(0)] = r.GetInt64(1);
        }

        return result;
    }

    private List<int> TopTags(SqliteConnection c, TagKind? kind, int limit)
    {
        if (kind is TagKind k && k.HasId())
        {
            // Millions of them: the database's (kind, works) index gives the top ones.
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT id FROM {Table("tag")} WHERE kind = $k ORDER BY works DESC, id LIMIT $n";
            cmd.Parameters.AddWithValue("$k", k.Name());
            cmd.Parameters.AddWithValue("$n", limit);
            using var r = cmd.ExecuteReader();
            var top = new List<int>();
            while (r.Read())
            {
                top.Add(r.GetInt32(0));
            }

            return top;
        }

        var (start, end) = kind is TagKind sk ? _mem.Ranges[(int)sk] : (0, _mem.SmallCount);
        return _smallTags[start..end].OrderByDescending(t => t.Works).ThenBy(t => t.Id).Take(limit).Select(t => t.Id).ToList();
    }

    private int[] StoredPrefix(SqliteConnection c, string fold)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT tags FROM {Table("prefix")} WHERE prefix = $p";
        cmd.Parameters.AddWithValue("$p", fold);
        return cmd.ExecuteScalar() is byte[] blob ? MemoryMarshal.Cast<byte, int>(blob).ToArray() : [];
    }

    private List<int> WordRange(SqliteConnection c, string fold, TagKind? kind, int limit)
    {
        using var cmd = c.CreateCommand();
        var kindFilter = kind is null ? "" : $" AND tag_id BETWEEN $ks AND $ke";
        cmd.CommandText = $"SELECT tag_id, max(works) AS w FROM {Table("word")} WHERE word >= $lo AND word < $hi{kindFilter} GROUP BY tag_id ORDER BY w DESC, tag_id LIMIT $n";
        cmd.Parameters.AddWithValue("$lo", fold);
        cmd.Parameters.AddWithValue("$hi", fold[..^1] + (char)(fold[^1] + 1));
        cmd.Parameters.AddWithValue("$n", limit);
        if (kind is TagKind k)
        {
            var (s, e) = _mem.Ranges[(int)k];
            cmd.Parameters.AddWithValue("$ks", s);
            cmd.Parameters.AddWithValue("$ke", e - 1);
        }

        using var r = cmd.ExecuteReader();
        var ids = new List<int>();
        while (r.Read())
        {
            ids.Add(r.GetInt32(0));
        }

        return ids;
    }

    private int[] Evaluate(TagQuery query)
    {
        var positives = query.Clauses.Where(c => !c.Negated).OrderBy(c => c.SetWorks?.Length ?? c.Tags.Sum(t => (long)t.Works)).ToList();
        var end = query.VideosOnly ? _mem.WorksWithVideos : _mem.WorkCount;
        int[] set;
        int n;
        if (positives.Count == 0)
        {
            set = new int[end];
            for (var i = 0; i < end; i++)
            {
                set[i] = i;
            }

            n = end;
        }
        else if (positives.All(c => c.SetWorks is null && c.Tags.All(t => _mem.IsDense(t.Id))))
        {
            // Every clause is a large tag: AND the bitsets a word at a time.
            set = DenseIntersection(positives, end);
            n = set.Length;
        }
        else
        {
            set = Union(positives[0], end);
            n = set.Length;
            foreach (var clause in positives.Skip(1))
            {
                n = Filter(set, n, clause, keep: true);
            }
        }

        foreach (var clause in query.Clauses.Where(c => c.Negated))
        {
            n = Filter(set, n, clause, keep: false);
        }

        Array.Resize(ref set, n);
        return set;
    }

    private int[] DenseIntersection(List<TagClause> clauses, int end)
    {
        var words = (end + 63) / 64;
        var acc = new ulong[words];
        Array.Fill(acc, ulong.MaxValue);
        if ((end & 63) != 0)
        {
            acc[words - 1] = (1UL << (end & 63)) - 1;
        }

        foreach (var clause in clauses)
        {
            var bitsets = clause.Tags.Select(t => _mem.Dense[t.Id]!).ToArray();
            for (var i = 0; i < words; i++)
            {
                var any = 0UL;
                foreach (var b in bitsets)
                {
                    any |= b[i];
                }

                acc[i] &= any;
            }
        }

        var count = 0;
        foreach (var w in acc)
        {
            count += System.Numerics.BitOperations.PopCount(w);
        }

        return MemoryIndex.Expand(acc, count);
    }

    private int[] Union(TagClause clause, int end)
    {
        if (clause.SetWorks is { } setWorks)
        {
            return setWorks.AsSpan(0, LowerBound(setWorks, end)).ToArray();
        }

        if (clause.Tags.Count == 1)
        {
            var works = _mem.WorksOf(clause.Tags[0].Id).AsSpan();
            return works[..LowerBound(works, end)].ToArray();
        }

        var all = new List<int>();
        foreach (var t in clause.Tags)
        {
            var works = _mem.WorksOf(t.Id).AsSpan();
            all.AddRange(works[..LowerBound(works, end)]);
        }

        var arr = all.ToArray();
        Array.Sort(arr);
        var n = 0;
        for (var i = 0; i < arr.Length; i++)
        {
            if (i == 0 || arr[i] != arr[i - 1])
            {
                arr[n++] = arr[i];
            }
        }

        Array.Resize(ref arr, n);
        return arr;
    }

    /// <summary>Keeps (or drops) the first <paramref name="n"/> works of <paramref name="set"/> that carry a tag of the clause; returns how many remain.</summary>
    private int Filter(int[] set, int n, TagClause clause, bool keep)
    {
        if (clause.SetWorks is { } setWorks)
        {
            var cursor = 0;
            var left = 0;
            for (var i = 0; i < n; i++)
            {
                if (Gallop(setWorks, ref cursor, set[i]) == keep)
                {
                    set[left++] = set[i];
                }
            }

            return left;
        }

        var tags = clause.Tags;
        var lists = new ArraySegment<int>[tags.Count];
        var dense = new bool[tags.Count];
        for (var a = 0; a < tags.Count; a++)
        {
            dense[a] = _mem.IsDense(tags[a].Id);
            lists[a] = dense[a] ? ArraySegment<int>.Empty : _mem.WorksOf(tags[a].Id);
        }

        Span<int> cursors = stackalloc int[tags.Count];
        var kept = 0;
        for (var i = 0; i < n; i++)
        {
            var w = set[i];
            var has = false;
            for (var a = 0; a < tags.Count && !has; a++)
            {
                has = dense[a] ? _mem.Has(tags[a].Id, w) : Gallop(lists[a], ref cursors[a], w);
            }

            if (has == keep)
            {
                set[kept++] = w;
            }
        }

        return kept;
    }

    /// <summary>Moves <paramref name="pos"/> to the first item of <paramref name="list"/> not below <paramref name="x"/> (items are sorted; calls come with rising x) and says whether it is x.</summary>
    private static bool Gallop(ReadOnlySpan<int> list, ref int pos, int x)
    {
        if (pos >= list.Length)
        {
            return false;
        }

        if (list[pos] >= x)
        {
            return list[pos] == x;
        }

        var lo = pos;
        var step = 1;
        var hi = pos + 1;
        while (hi < list.Length && list[hi] < x)
        {
            lo = hi;
            step <<= 1;
            hi = pos + step;
        }

        hi = Math.Min(hi, list.Length);

        // list[lo] < x, and list[hi] >= x or hi is the end.
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (list[mid] < x)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        pos = hi;
        return hi < list.Length && list[hi] == x;
    }

    private static int LowerBound(ReadOnlySpan<int> list, int x)
    {
        var i = list.BinarySearch(x);
        return i >= 0 ? i : ~i;
    }

    private static int[] PageOrdinals(int[] set, QueryOptions options)
    {
        var from = Math.Min(options.Offset, set.Length);
        var to = (int)Math.Min((long)from + options.Limit, set.Length);
        var page = new int[to - from];
        if (options.Order == WorkOrder.Stable)
        {
            Array.Copy(set, from, page, 0, page.Length);
        }
        else
        {
            var shuffle = new Shuffle(set.Length, options.Seed);
            for (var i = 0; i < page.Length; i++)
            {
                page[i] = set[shuffle.At(from + i)];
            }
        }

        return page;
    }

    private List<WorkItem> ReadWorks(int[] ordinals, bool withVideos)
    {
        if (ordinals.Length == 0)
        {
            return [];
        }

        using var c = Connect();
        var list = string.Join(",", ordinals.Select((_, i) => "$o" + i.ToString(CultureInfo.InvariantCulture)));
        var byOrdinal = new Dictionary<int, WorkItem>(ordinals.Length);
        var videos = new Dictionary<int, List<WorkVideo>>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT ordinal, master_id, release_id, title, artists, labels, year, country, video_count FROM {Table("work")} WHERE ordinal IN ({list})";
            Bind(cmd, ordinals);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var o = r.GetInt32(0);
                byOrdinal[o] = new WorkItem(
                    o,
                    r.IsDBNull(1) ? null : r.GetInt64(1),
                    r.IsDBNull(2) ? null : r.GetInt64(2),
                    r.IsDBNull(3) ? null : r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetString(4),
                    r.IsDBNull(5) ? null : r.GetString(5),
                    r.IsDBNull(6) ? null : r.GetInt32(6),
                    r.IsDBNull(7) ? null : r.GetString(7),
                    r.GetInt32(8),
                    []);
            }
        }

        if (withVideos)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT ordinal, youtube_id, title, duration FROM {Table("video")} WHERE ordinal IN ({list}) ORDER BY ordinal, position";
            Bind(cmd, ordinals);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var o = r.GetInt32(0);
                if (!videos.TryGetValue(o, out var l))
                {
                    videos[o] = l = [];
                }

                l.Add(new WorkVideo(r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3)));
            }
        }

        return ordinals.Select(o => byOrdinal.TryGetValue(o, out var w)
            ? (videos.TryGetValue(o, out var v) ? w with { Videos = v } : w)
            : throw new IndexException($"Work {o} is missing from the index tables; rebuild the index with: platter index --db {_databasePath}")).ToList();
    }

    private static void Bind(SqliteCommand cmd, int[] ordinals)
    {
        for (var i = 0; i < ordinals.Length; i++)
        {
            cmd.Parameters.AddWithValue("$o" + i.ToString(CultureInfo.InvariantCulture), ordinals[i]);
        }
    }

    private FacetSet Facets(int[] set, TagQuery query, int perKind)
    {
        var inQuery = query.Clauses.SelectMany(c => c.Tags).Select(t => t.Id).ToHashSet();
        if (set.Length == _mem.WorkCount && set.Length > 0)
        {
            return WholeCatalogFacets(inQuery, perKind);
        }

        var counted = Math.Min(set.Length, FacetSample);
        var small = CountSmall(set, counted, inQuery, perKind);
        var idCounted = Math.Min(set.Length, IdFacetSample);
        var ids = CountIds(set, idCounted, inQuery, perKind);
        var facets = new List<Facet>();
        using var c = Connect();
        var named = TagsById(c, ids.SelectMany(kv => kv.Value.Select(x => x.Tag)).ToList());
        foreach (var kind in TagKinds.All)
        {
            var idKind = kind.HasId();
            var n = idKind ? idCounted : counted;
            var top = idKind ? ids[kind] : small[kind];
            facets.Add(new Facet(
                kind,
                top.Select(x => new FacetCount(idKind ? named[x.Tag] : _smallTags[x.Tag], n < set.Length ? (int)Math.Round((double)x.Count * set.Length / n) : x.Count)).ToList(),
                n < set.Length,
                n));
        }

        return new FacetSet(counted < set.Length || idCounted < set.Length, counted, facets);
    }

    /// <summary>
    /// The facets of a result that is every work (the explorer's first page): each tag's count is
    /// its number of works, which the index keeps, so they are exact at any size and read from the
    /// (kind, works) index instead of being counted, or estimated, over the works.
    /// </summary>
    private FacetSet WholeCatalogFacets(HashSet<int> inQuery, int perKind)
    {
        var facets = new List<Facet>();
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT id, kind, ref_id, name, token, works FROM {Table("tag")} WHERE kind = $k ORDER BY works DESC, id LIMIT $n";
        var kindParameter = cmd.Parameters.Add("$k", SqliteType.Text);
        cmd.Parameters.AddWithValue("$n", (long)perKind + inQuery.Count);
        foreach (var kind in TagKinds.All)
        {
            kindParameter.Value = kind.Name();
            var tags = new List<FacetCount>();
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read() && tags.Count < perKind)
                {
                    var tag = ReadTag(r);
                    if (!inQuery.Contains(tag.Id))
                    {
                        tags.Add(new FacetCount(tag, tag.Works));
                    }
                }
            }

            facets.Add(new Facet(kind, tags, Estimated: false, _mem.WorkCount));
        }

        return new FacetSet(Estimated: false, _mem.WorkCount, facets);
    }

    /// <summary>The work of a result to count at sample position <paramref name="i"/> of <paramref name="counted"/>: every work, or evenly spread.</summary>
    private static int Sampled(int[] set, int i, int counted) => counted < set.Length ? set[(int)((long)i * set.Length / counted)] : set[i];

    private Dictionary<TagKind, List<(int Tag, int Count)>> CountSmall(int[] set, int counted, HashSet<int> inQuery, int perKind)
    {
        if (!_counters.TryTake(out var counts))
        {
            counts = new int[_mem.SmallCount];
        }

        var touched = new List<int>();
        try
        {
            for (var i = 0; i < counted; i++)
            {
                foreach (var t in _mem.SmallTagsOf(Sampled(set, i, counted)))
                {
                    if (counts[t]++ == 0)
                    {
                        touched.Add(t);
                    }
                }
            }

            return Top(touched.Where(t => !inQuery.Contains(t)).Select(t => (t, counts[t])), perKind, TagKinds.All.Where(k => !k.HasId()));
        }
        finally
        {
            foreach (var t in touched)
            {
                counts[t] = 0;
            }

            _counters.Add(counts);
        }
    }

    private Dictionary<TagKind, List<(int Tag, int Count)>> CountIds(int[] set, int counted, HashSet<int> inQuery, int perKind)
    {
        var counts = new Dictionary<int, int>();
        using (var c = Connect())
        {
            const int chunk = 500;
            for (var from = 0; from < counted; from += chunk)
            {
                var ordinals = Enumerable.Range(from, Math.Min(chunk, counted - from)).Select(i => Sampled(set, i, counted)).ToArray();
                using var cmd = c.CreateCommand();
                cmd.CommandText = $"SELECT tags FROM {Table("work")} WHERE ordinal IN ({string.Join(",", ordinals.Select((_, i) => "$o" + i.ToString(CultureInfo.InvariantCulture)))})";
                Bind(cmd, ordinals);
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    foreach (var t in MemoryMarshal.Cast<byte, int>((byte[])r.GetValue(0)))
                    {
                        if (t >= _mem.SmallCount && !inQuery.Contains(t))
                        {
                            CollectionsMarshal.GetValueRefOrAddDefault(counts, t, out _)++;
                        }
                    }
                }
            }
        }

        return Top(counts.Select(kv => (kv.Key, kv.Value)), perKind, TagKinds.All.Where(k => k.HasId()));
    }

    private Dictionary<TagKind, List<(int Tag, int Count)>> Top(IEnumerable<(int Tag, int Count)> counts, int perKind, IEnumerable<TagKind> kinds)
    {
        var byKind = kinds.ToDictionary(k => k, _ => new List<(int Tag, int Count)>());
        foreach (var x in counts)
        {
            byKind[_mem.KindOf(x.Tag)].Add(x);
        }

        return byKind.ToDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(x => x.Count).ThenBy(x => x.Tag).Take(perKind).ToList());
    }
}

/// <summary>
/// A permutation of 0..n-1 fixed by a seed: a four-round Feistel network over the next power of
/// two, walking past values outside the range. Any position maps to its element without
/// shuffling the whole result.
/// </summary>
internal readonly struct Shuffle
{
    private readonly int _n;
    private readonly int _halfBits;
    private readonly uint _mask;
    private readonly ulong _seed;

    public Shuffle(int n, long seed)
    {
        _n = n;
        var bits = 2;
        while ((1L << bits) < n)
        {
            bits += 2;
        }

        _halfBits = bits / 2;
        _mask = (1u << _halfBits) - 1;
        _seed = (ulong)seed * 0x9E3779B97F4A7C15UL;
    }

    public int At(int i)
    {
        var x = (uint)i;
        do
        {
            x = Permute(x);
        }
        while (x >= _n);
        return (int)x;
    }

    private uint Permute(uint x)
    {
        var l = x >> _halfBits;
        var r = x & _mask;
        for (var round = 0UL; round < 4; round++)
        {
            var f = (uint)(Mix((r | (round << 32)) ^ _seed) & _mask);
            (l, r) = (r, l ^ f);
        }

        return (l << _halfBits) | r;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
