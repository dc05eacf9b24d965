using System.Globalization;
using Microsoft.Data.Sqlite;
using Platter.Storage;

namespace Platter.Collection;

/// <summary>An artist outside the collection that resembles the collection's main artists.</summary>
/// <param name="Id">Discogs artist id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Score">The weighted similarity to the collection (0 to 1), see <see cref="Discover"/>.</param>
/// <param name="BecauseOfId">The collection artist that contributes most to the score.</param>
/// <param name="BecauseOfName">That artist's name.</param>
/// <param name="Shared">What it shares with that artist, for a person to read ("styles: Techno, House; label: Svek").</param>
public sealed record SimilarArtist(long Id, string Name, double Score, long BecauseOfId, string BecauseOfName, string Shared);

/// <summary>An artist that resembles one artist (see <see cref="Discover.SimilarTo"/>).</summary>
/// <param name="Id">Discogs artist id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Score">Its similarity to the artist (0 to 1), see <see cref="Discover"/>.</param>
/// <param name="Shared">What the two share, for a person to read ("styles: Techno, House; labels: Svek; worked together").</param>
/// <param name="Items">Items of the collection with it as a main artist (0: not in the collection).</param>
/// <param name="Known">True when Platter holds the artist, so it has a page.</param>
public sealed record SimilarToArtist(long Id, string Name, double Score, string Shared, int Items, bool Known);

/// <summary>What <see cref="Discover.SimilarTo"/> found.</summary>
/// <param name="Source">catalog or collection, as in <see cref="Discoveries.Source"/>.</param>
/// <param name="Artists">The most similar artists, most similar first.</param>
public sealed record ArtistSimilarity(string Source, IReadOnlyList<SimilarToArtist> Artists);

/// <summary>An item of the collection to listen to again.</summary>
/// <param name="InstanceId">The item (a copy).</param>
/// <param name="ReleaseId">Its release.</param>
/// <param name="Title">The release's title (from its record, else as the collection listed it).</param>
/// <param name="Artists">The release's main artists, comma-separated.</param>
/// <param name="DateAdded">When it was added, as Discogs wrote it.</param>
public sealed record RediscoverItem(long InstanceId, long ReleaseId, string Title, string Artists, string DateAdded);

/// <summary>A genre or style the collection's top artists release in that the collection has none of.</summary>
/// <param name="Kind">genre or style.</param>
/// <param name="Name">The genre or style.</param>
/// <param name="Releases">Releases of the top artists that carry it.</param>
/// <param name="Artists">Those top artists, most releases first (at most three).</param>
public sealed record BlindSpot(string Kind, string Name, int Releases, IReadOnlyList<string> Artists);

/// <summary>What <see cref="Discover.Find"/> found.</summary>
/// <param name="Source">catalog (the imported catalog's tables) or collection (only the records behind the collection).</param>
/// <param name="Similar">Similar artists outside the collection, most similar first.</param>
/// <param name="Rediscover">Items drawn with a bias toward the oldest additions.</param>
/// <param name="ThisMonth">Items added in this calendar month of earlier years, oldest first.</param>
/// <param name="BlindSpots">Genres and styles the top artists release in and the collection lacks, most releases first.</param>
public sealed record Discoveries(string Source, IReadOnlyList<SimilarArtist> Similar, IReadOnlyList<RediscoverItem> Rediscover, IReadOnlyList<RediscoverItem> ThisMonth, IReadOnlyList<BlindSpot> BlindSpots);

/// <summary>How much <see cref="Discover.Find"/> looks at and returns.</summary>
public sealed record DiscoverOptions
{
    /// <summary>The collection's top artists (by items as main artist) that similarity and blind spots start from.</summary>
    public int Seeds { get; init; } = 25;

    /// <summary>Most similar artists returned.</summary>
    public int Similar { get; init; } = 20;

    /// <summary>Most candidates scored (those sharing the most labels and collaborators with the seeds).</summary>
    public int Candidates { get; init; } = 500;

    /// <summary>Items drawn for rediscovery.</summary>
    public int Rediscover { get; init; } = 12;

    /// <summary>Most blind spots returned.</summary>
    public int BlindSpots { get; init; } = 15;

    /// <summary>The day "this month" is taken from; null for today (UTC).</summary>
    public DateOnly? Today { get; init; }

    /// <summary>The draw's seed; null for the day number of <see cref="Today"/>, so the draw changes once a day.</summary>
    public int? Seed { get; init; }
}

/// <summary>
/// Suggestions from a collection, defined here once for the site and the CLI.
/// <para>
/// <b>Where artists appear.</b> An artist appears on a release when it is a main artist, a credited
/// artist or a track artist of it. With a catalog imported this reads the catalog's tables
/// (release_artist, release_credit, release_track_artist, release_genre, release_style,
/// release_label), so suggestions come from the whole catalog; without one, the records behind the
/// collection (rec_release_credit, rec_release_tag).
/// </para>
/// <para>
/// <b>Similar artists.</b> Each artist has four sets taken over the releases it appears on: genres G,
/// styles S, labels L (by label id) and collaborators C (the other artists on those releases, plus
/// itself, so that two artists who worked together share a member). The similarity of artists a and b
/// is <c>0.15·J(G) + 0.35·J(S) + 0.25·J(L) + 0.25·J(C)</c>, J being the Jaccard index |A∩B| / |A∪B|
/// (0 when both are empty). Styles weigh most because they are the most specific tags; genres least
/// because almost everything shares one. A candidate's score is the average of its similarity to
/// each seed (the collection's <see cref="DiscoverOptions.Seeds"/> top artists by items as main
/// artist), weighted by the seed's items: <c>Σ items(s)·sim(c, s) / Σ items(s)</c>. Candidates are
/// artists that are not a main artist of any item, not Various, and share a label or a release with a
/// seed; the <see cref="DiscoverOptions.Candidates"/> that share the most (seed, label) and (seed,
/// release) pairs are scored.
/// </para>
/// <para>
/// <b>Rediscover.</b> A weighted draw without replacement (Efraimidis–Spirakis: key u^(1/w), the
/// largest keys win) over the items ordered by date added then instance id, where the i-th oldest of
/// N items weighs N − i (the oldest N, the newest 1); u comes from <c>new Random(seed)</c>, drawn in
/// that order.
/// </para>
/// <para>
/// <b>Blind spots.</b> The genres and styles on the releases the seeds appear on that no release of
/// the collection's items carries, ranked by how many of those releases carry them.
/// </para>
/// </summary>
public static class Discover
{
    /// <summary>The weights of genres, styles, labels and collaborators in the similarity (they sum to 1).</summary>
    public static (double Genres, double Styles, double Labels, double Collaborators) Weights { get; } = (0.15, 0.35, 0.25, 0.25);

    /// <summary>Finds everything for <paramref name="username"/>.</summary>
    /// <param name="db">The collection's database.</param>
    /// <param name="username">Whose collection.</param>
    /// <param name="options">How many of each, the day and the draw.</param>
    /// <param name="catalog">The catalog when it is in another store (PostgreSQL); null when the catalog, if any, is in <paramref name="db"/>.</param>
    public static Discoveries Find(SqliteConnection db, string username, DiscoverOptions? options = null, ICatalogReader? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        options ??= new DiscoverOptions();
        var today = options.Today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var src = Source.Of(db, catalog);
        var seeds = Seeds(db, username, options.Seeds);
        return new Discoveries(
            src.Name,
            SimilarArtists(db, src, username, seeds, options),
            Rediscover(db, username, options.Rediscover, options.Seed ?? today.DayNumber),
            ThisMonth(db, username, today),
            BlindSpots(db, src, username, seeds, options.BlindSpots));
    }

    /// <summary>
    /// The artists most like <paramref name="artistId"/>: the similarity above with this one artist as
    /// the only seed, over every artist that shares a release or a label with it, those of the
    /// collection included (their <see cref="SimilarToArtist.Items"/> say so).
    /// </summary>
    /// <param name="db">The database.</param>
    /// <param name="username">Whose collection marks the artists in it.</param>
    /// <param name="artistId">The artist.</param>
    /// <param name="count">Most artists returned.</param>
    /// <param name="candidates">Most candidates scored (those sharing both a release and a label with the artist first).</param>
    /// <param name="catalog">The catalog when it is in another store (PostgreSQL); null when the catalog, if any, is in <paramref name="db"/>.</param>
    public static ArtistSimilarity SimilarTo(SqliteConnection db, string username, long artistId, int count = 10, int candidates = 500, ICatalogReader? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var src = Source.Of(db, catalog);
        var scored = Named(db, src, Score(src, [(artistId, "", 1)], [], candidates).Take(count));
        using var items = CollectionStore.Command(db, "SELECT main_items FROM der_artist_items WHERE username = $u AND artist_id = $a", ("$u", username), ("$a", 0L));
        using var known = CollectionStore.Command(db, "SELECT 1 FROM der_artist WHERE artist_id = $a", ("$a", 0L));
        var list = new List<SimilarToArtist>();
        foreach (var s in scored)
        {
            items.Parameters["$a"].Value = s.Id;
            known.Parameters["$a"].Value = s.Id;
            list.Add(new SimilarToArtist(s.Id, s.Name, s.Score, s.Shared, items.ExecuteScalar() is long n ? (int)n : 0, known.ExecuteScalar() is not null));
        }

        return new ArtistSimilarity(src.Name, list);
    }

    /// <summary>The Jaccard index of two sets: |A∩B| / |A∪B|, 0 when both are empty.</summary>
    public static double Jaccard<T>(IReadOnlySet<T> a, IReadOnlySet<T> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 && b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    /// <summary>
    /// The tables artists' appearances, tags and labels are read from, as SQL built from constant
    /// names only. Each query is a union of indexed lookups (by artist id, by release id, by label id)
    /// rather than a join over a union, which SQLite would materialise over the whole catalog.
    /// </summary>
    private sealed record Source(string Name, string[] Appear, string[] Tags, string Labels, ICatalogReader Rows, ICatalogReader Catalog)
    {
        /// <param name="db">The collection's database.</param>
        /// <param name="other">The catalog in another store, if there is one.</param>
        public static Source Of(SqliteConnection db, ICatalogReader? other)
        {
            // Both readers read through a connection that stays someone else's: nothing to dispose.
            var local = SqliteCatalog.Over(db);
            var catalog = other ?? local;
            bool holds;
            using (var probe = catalog.HasTable("release_artist") && catalog.HasTable("release_style") && catalog.HasTable("release_track_artist")
                ? catalog.Query("SELECT 1 FROM release_artist LIMIT 1")
                : null)
            {
                holds = probe?.Read() == true;
            }

            return holds
                ? new Source("catalog", ["release_artist", "release_credit", "release_track_artist"],
                    ["SELECT release_id, 'genre', genre, genre FROM release_genre", "SELECT release_id, 'style', style, style FROM release_style", "SELECT release_id, 'label', CAST(label_id AS TEXT), name FROM release_label"],
                    "release_label", catalog, catalog)
                : new Source("collection", ["rec_release_credit"],
                    ["SELECT release_id, kind, name, name FROM rec_release_tag", "SELECT release_id, 'label', CAST(ref_id AS TEXT), name FROM rec_release_tag"],
                    "(SELECT release_id, ref_id AS label_id FROM rec_release_tag WHERE kind = 'label') AS l", local, catalog);
        }

        /// <summary>The releases the artists in {ids} appear on.</summary>
        public string ReleasesOf => string.Join(" UNION ", Appear.Select(t => $"SELECT release_id FROM {t} WHERE artist_id IN {{ids}}"));

        /// <summary>The artists on the releases <paramref name="releases"/> (a parenthesised set: "(SELECT …)" or "{ids}") holds.</summary>
        public string ArtistsOn(string releases) => string.Join(" UNION ", Appear.Select(t => $"SELECT artist_id FROM {t} WHERE release_id IN {releases} AND artist_id IS NOT NULL"));

        /// <summary>(kind, value, name) of the genres, styles and labels on the releases <paramref name="releases"/> holds, with the release id first.</summary>
        public string TagsOn(string releases) => string.Join(" UNION ", Tags.Select((t, i) => $"{t} WHERE release_id IN {releases}" + (Name == "catalog" ? (i == 2 ? " AND label_id IS NOT NULL" : "") : (i == 0 ? " AND kind IN ('genre', 'style')" : " AND kind = 'label' AND ref_id IS NOT NULL"))));

        /// <summary>The releases on the labels of the releases <paramref name="releases"/> holds.</summary>
        public string LabelMates(string releases) => $"SELECT release_id FROM {Labels} WHERE label_id IN (SELECT label_id FROM {Labels} WHERE release_id IN {releases} AND label_id IS NOT NULL)";

        /// <summary>The first column of every row, as ids.</summary>
        public List<long> Ids(string sql, IReadOnlyList<long> ids)
        {
            using var r = Rows.Query(sql, ids);
            var list = new List<long>();
            while (r.Read())
            {
                list.Add(r.Int64At(0));
            }

            return list;
        }
    }

    private sealed record Profile(HashSet<string> Genres, HashSet<string> Styles, HashSet<string> Labels, HashSet<long> Collaborators, Dictionary<string, string> Names);

    private static List<(long Id, string Name, int Items)> Seeds(SqliteConnection db, string username, int count)
    {
        using var cmd = CollectionStore.Command(db, """
            SELECT i.artist_id, coalesce(a.name, ''), i.main_items FROM der_artist_items i LEFT JOIN der_artist a ON a.artist_id = i.artist_id
            WHERE i.username = $u AND i.main_items > 0 AND i.artist_id <> $various ORDER BY i.main_items DESC, i.artist_id LIMIT $n
            """, ("$u", username), ("$various", Derive.Various), ("$n", count));
        using var r = cmd.ExecuteReader();
        var seeds = new List<(long, string, int)>();
        while (r.Read())
        {
            seeds.Add((r.GetInt64(0), r.GetString(1), r.GetInt32(2)));
        }

        return seeds;
    }

    private static List<SimilarArtist> SimilarArtists(SqliteConnection db, Source src, string username, List<(long Id, string Name, int Items)> seeds, DiscoverOptions options)
    {
        var inCollection = CollectionStore.Ids(db, "SELECT artist_id FROM der_artist_items WHERE username = $u AND main_items > 0", ("$u", username)).ToHashSet();
        return Named(db, src, Score(src, seeds, inCollection, options.Candidates).Take(options.Similar))
            .Select(s => new SimilarArtist(s.Id, s.Name, s.Score, s.Seed.Id, s.Seed.Name, s.Shared)).ToList();
    }

    /// <summary>A candidate's score against the seeds, with the seed that gives most of it and what they share.</summary>
    private sealed record Scored(long Id, string Name, double Score, (long Id, string Name) Seed, string Shared);

    /// <summary>
    /// The similarity of every candidate to the seeds (the items-weighted average of its similarity to
    /// each), most similar first, those with a score of 0 left out. Candidates are the artists on a
    /// seed's releases or on releases of a seed's labels, but the seeds, <paramref name="exclude"/>,
    /// Various and unlinked credits; the <paramref name="limit"/> that share the most (seed, release or
    /// label) pairs with the seeds are scored.
    /// </summary>
    private static List<Scored> Score(Source src, List<(long Id, string Name, int Items)> seeds, HashSet<long> exclude, int limit)
    {
        if (seeds.Count == 0)
        {
            return [];
        }

        var skip = new HashSet<long>(exclude) { Derive.Various, 0 };
        skip.UnionWith(seeds.Select(s => s.Id));
        var links = new Dictionary<long, int>();
        foreach (var (seed, _, _) in seeds)
        {
            var near = src.Ids(src.ArtistsOn($"({src.ReleasesOf})") + " UNION ALL " + src.ArtistsOn($"({src.LabelMates($"({src.ReleasesOf})")})"), [seed]);
            foreach (var id in near.Where(id => !skip.Contains(id)))
            {
                links[id] = links.GetValueOrDefault(id) + 1;
            }
        }

        var candidates = links.OrderByDescending(x => x.Value).ThenBy(x => x.Key).Take(limit).Select(x => x.Key).ToList();
        var profiles = Profiles(src, [.. seeds.Select(s => s.Id), .. candidates]);
        var total = seeds.Sum(s => (double)s.Items);
        var scored = new List<Scored>();
        foreach (var c in candidates)
        {
            var profile = profiles[c];
            var score = 0.0;
            var best = (Id: 0L, Name: "", Part: -1.0);
            foreach (var (seed, name, items) in seeds)
            {
                var part = items * Similarity(profile, profiles[seed]);
                score += part;
                if (part > best.Part)
                {
                    best = (seed, name, part);
                }
            }

            if (score > 0)
            {
                scored.Add(new Scored(c, "", score / total, (best.Id, best.Name), Shared(profile, profiles[best.Id], best.Id)));
            }
        }

        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Id).ToList();
    }

    /// <summary>The scored artists with their names (looked up only for those shown).</summary>
    private static List<Scored> Named(SqliteConnection db, Source src, IEnumerable<Scored> scored) =>
        scored.Select(s => s with { Name = ArtistName(db, src, s.Id) }).ToList();

    private static double Similarity(Profile a, Profile b) =>
        (Weights.Genres * Jaccard(a.Genres, b.Genres)) + (Weights.Styles * Jaccard(a.Styles, b.Styles))
        + (Weights.Labels * Jaccard(a.Labels, b.Labels)) + (Weights.Collaborators * Jaccard(a.Collaborators, b.Collaborators));

    private static string Shared(Profile a, Profile b, long seed)
    {
        var parts = new List<string>();
        void Add(string what, IEnumerable<string> shared)
        {
            var list = shared.Order(StringComparer.Ordinal).Take(3).ToList();
            if (list.Count > 0)
            {
                parts.Add(what + ": " + string.Join(", ", list));
            }
        }

        Add("styles", a.Styles.Intersect(b.Styles));
        Add("labels", a.Labels.Intersect(b.Labels).Select(l => a.Names.GetValueOrDefault("label:" + l, l)));
        if (a.Collaborators.Contains(seed))
        {
            parts.Add("worked together");
        }
        else if (parts.Count == 0)
        {
            Add("genres", a.Genres.Intersect(b.Genres));
        }

        return string.Join("; ", parts);
    }

    /// <summary>
    /// The profiles of <paramref name="artists"/>, read in three queries whatever their number (the
    /// artists' releases, those releases' tags, and their artists) rather than two per artist.
    /// </summary>
    private static Dictionary<long, Profile> Profiles(Source src, IReadOnlyCollection<long> artists)
    {
        var profiles = artists.Distinct().ToDictionary(a => a, a => new Profile([], [], [], [a], []));
        var releasesOf = new Dictionary<long, List<long>>();
        using (var r = src.Rows.Query(string.Join(" UNION ", src.Appear.Select(t => $"SELECT release_id, artist_id FROM {t} WHERE artist_id IN {{ids}}")), [.. profiles.Keys]))
        {
            while (r.Read())
            {
                var release = r.Int64At(0);
                if (!releasesOf.TryGetValue(release, out var on))
                {
                    releasesOf[release] = on = [];
                }

                on.Add(r.Int64At(1));
            }
        }

        long[] releases = [.. releasesOf.Keys];
        using (var r = src.Rows.Query(src.TagsOn("{ids}"), releases))
        {
            while (r.Read())
            {
                var (kind, value) = (r.GetString(1), r.IsDBNull(2) ? "" : r.GetString(2));
                foreach (var artist in releasesOf[r.Int64At(0)])
                {
                    var p = profiles[artist];
                    (kind switch { "genre" => p.Genres, "style" => p.Styles, _ => p.Labels }).Add(value);
                    if (kind == "label" && !r.IsDBNull(3))
                    {
                        p.Names.TryAdd("label:" + value, r.GetString(3));
                    }
                }
            }
        }

        // Various (a constant, not input) and unlinked credits are no collaborators.
        using (var r = src.Rows.Query(string.Join(" UNION ", src.Appear.Select(t => $"SELECT release_id, artist_id FROM {t} WHERE release_id IN {{ids}} AND artist_id NOT IN (0, {Derive.Various})")), releases))
        {
            while (r.Read())
            {
                var collaborator = r.Int64At(1);
                foreach (var artist in releasesOf[r.Int64At(0)])
                {
                    profiles[artist].Collaborators.Add(collaborator);
                }
            }
        }

        return profiles;
    }

    private static string ArtistName(SqliteConnection db, Source src, long id)
    {
        IReadOnlyList<long> one = [id];
        string? FromCatalog(string table, string column)
        {
            if (!src.Catalog.HasTable(table))
            {
                return null;
            }

            using var r = src.Catalog.Query($"SELECT name FROM {table} WHERE {column} IN {{ids}} LIMIT 1", one);
            return r.Read() && !r.IsDBNull(0) ? r.GetString(0) : null;
        }

        using var cmd = CollectionStore.Command(db, "SELECT coalesce((SELECT name FROM der_artist WHERE artist_id = $id), (SELECT name FROM rec_artist WHERE id = $id), (SELECT name FROM rec_release_credit WHERE artist_id = $id LIMIT 1))", ("$id", id));

        // The catalog's own name first; then the collection's; then any credit in the catalog. Candidates
        // also come from track credits: without their names these showed as "artist 832770".
        return FromCatalog("artist", "id")
            ?? cmd.ExecuteScalar() as string
            ?? FromCatalog("release_artist", "artist_id")
            ?? FromCatalog("release_credit", "artist_id")
            ?? FromCatalog("release_track_artist", "artist_id")
            ?? "artist " + id.ToString(CultureInfo.InvariantCulture);
    }

    private const string ItemColumns = """
        SELECT i.instance_id, i.release_id, coalesce(r.title, i.title, ''), coalesce((SELECT group_concat(name, ', ') FROM (SELECT c.name FROM rec_release_credit c WHERE c.release_id = i.release_id AND c.kind = 'main' ORDER BY c.position)), ''), coalesce(i.date_added, '')
        FROM collection_item i LEFT JOIN rec_release r ON r.id = i.release_id
        """;

    private static List<RediscoverItem> Items(SqliteConnection db, string sql, params (string, object?)[] args)
    {
        using var cmd = CollectionStore.Command(db, ItemColumns + sql, args);
        using var r = cmd.ExecuteReader();
        var items = new List<RediscoverItem>();
        while (r.Read())
        {
            items.Add(new RediscoverItem(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4)));
        }

        return items;
    }

    private static List<RediscoverItem> Rediscover(SqliteConnection db, string username, int count, int seed)
    {
        var items = Items(db, " WHERE i.username = $u ORDER BY i.date_added, i.instance_id", ("$u", username));
        var random = new Random(seed);
        var n = items.Count;
        return items.Select((item, i) => (item, key: Math.Pow(random.NextDouble(), 1.0 / (n - i))))
            .OrderByDescending(x => x.key).Take(count).Select(x => x.item).ToList();
    }

    private static List<RediscoverItem> ThisMonth(SqliteConnection db, string username, DateOnly today) =>
        Items(db, " WHERE i.username = $u AND substr(i.date_added, 6, 2) = $m AND substr(i.date_added, 1, 4) < $y ORDER BY i.date_added, i.instance_id",
            ("$u", username), ("$m", today.Month.ToString("00", CultureInfo.InvariantCulture)), ("$y", today.Year.ToString("0000", CultureInfo.InvariantCulture)));

    private static List<BlindSpot> BlindSpots(SqliteConnection db, Source src, string username, List<(long Id, string Name, int Items)> seeds, int count)
    {
        var have = new HashSet<(string, string)>();
        using (var cmd = CollectionStore.Command(db, "SELECT DISTINCT kind, name FROM rec_release_tag WHERE kind IN ('genre', 'style') AND name IS NOT NULL AND release_id IN (SELECT release_id FROM collection_item WHERE username = $u)", ("$u", username)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                have.Add((r.GetString(0), r.GetString(1)));
            }
        }

        // (kind, name) → the releases carrying it, and per seed how many.
        var spots = new Dictionary<(string Kind, string Name), (HashSet<long> Releases, Dictionary<long, int> Seeds)>();
        foreach (var (seed, _, _) in seeds)
        {
            using var r = src.Rows.Query($"WITH t (release_id, kind, value, name) AS ({src.TagsOn($"({src.ReleasesOf})")}) SELECT DISTINCT kind, name, release_id FROM t WHERE kind IN ('genre', 'style') AND name IS NOT NULL", [seed]);
            while (r.Read())
            {
                var key = (r.GetString(0), r.GetString(1));
                if (have.Contains(key))
                {
                    continue;
                }

                if (!spots.TryGetValue(key, out var spot))
                {
                    spots[key] = spot = ([], []);
                }

                spot.Releases.Add(r.Int64At(2));
                spot.Seeds[seed] = spot.Seeds.GetValueOrDefault(seed) + 1;
            }
        }

        var names = seeds.ToDictionary(s => s.Id, s => s.Name);
        return spots.Select(s => new BlindSpot(s.Key.Kind, s.Key.Name, s.Value.Releases.Count,
                s.Value.Seeds.OrderByDescending(x => x.Value).ThenBy(x => x.Key).Take(3).Select(x => names[x.Key]).ToList()))
            .OrderByDescending(s => s.Releases).ThenBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).Take(count).ToList();
    }
}
