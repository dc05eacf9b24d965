using System.Globalization;

namespace Platter.Testing;

/// <summary>
/// The discoveries of a collection worked out the plain way, for tests to compare with the library:
/// every catalog table read whole into memory, every artist considered (no candidate limit), the
/// definitions of Platter.Collection's Discover followed word for word.
/// </summary>
public sealed class DiscoverReference
{
    private const long Various = 194;
    private readonly Dictionary<long, HashSet<long>> _releasesOf = [];
    private readonly Dictionary<long, HashSet<long>> _artistsOn = [];
    private readonly Dictionary<long, List<(string Kind, string Value)>> _tags = [];
    private readonly Dictionary<string, HashSet<long>> _labelReleases = [];

    public DiscoverReference(string database, string user, int seeds = 25)
    {
        Database = database;
        User = user;
        foreach (var row in SqliteRead.Column(database, "SELECT release_id || ' ' || artist_id FROM release_artist WHERE artist_id IS NOT NULL UNION ALL SELECT release_id || ' ' || artist_id FROM release_credit WHERE artist_id IS NOT NULL UNION ALL SELECT release_id || ' ' || artist_id FROM release_track_artist WHERE artist_id IS NOT NULL"))
        {
            var p = row.Split(' ').Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            Add(_releasesOf, p[1], p[0]);
            Add(_artistsOn, p[0], p[1]);
        }

        foreach (var row in SqliteRead.Column(database, "SELECT release_id || char(9) || 'genre' || char(9) || genre FROM release_genre UNION ALL SELECT release_id || char(9) || 'style' || char(9) || style FROM release_style UNION ALL SELECT release_id || char(9) || 'label' || char(9) || label_id FROM release_label WHERE label_id IS NOT NULL"))
        {
            var p = row.Split('\t');
            var release = long.Parse(p[0], CultureInfo.InvariantCulture);
            if (!_tags.TryGetValue(release, out var list))
            {
                _tags[release] = list = [];
            }

            list.Add((p[1], p[2]));
            if (p[1] == "label")
            {
                Add(_labelReleases, p[2], release);
            }
        }

        Seeds = SqliteRead.Column(database, $"SELECT i.artist_id || char(9) || i.main_items || char(9) || a.name FROM der_artist_items i JOIN der_artist a ON a.artist_id = i.artist_id WHERE i.username = '{user}' AND i.main_items > 0 AND i.artist_id <> 194 ORDER BY i.main_items DESC, i.artist_id LIMIT {seeds}")
            .Select(r => r.Split('\t')).Select(p => (long.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture), p[2])).ToList();
        InCollection = SqliteRead.Column(database, $"SELECT artist_id FROM der_artist_items WHERE username = '{user}' AND main_items > 0").Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();
    }

    public string Database { get; }

    public string User { get; }

    /// <summary>(id, items, name) of the collection's top artists by items as main artist.</summary>
    public List<(long Id, int Items, string Name)> Seeds { get; }

    public HashSet<long> InCollection { get; }

    /// <summary>Every artist that shares a release or a label with a seed and is no main artist of an item.</summary>
    public HashSet<long> Candidates()
    {
        var found = new HashSet<long>();
        foreach (var (seed, _, _) in Seeds)
        {
            var releases = _releasesOf.GetValueOrDefault(seed, []);
            var labels = releases.SelectMany(r => _tags.GetValueOrDefault(r, [])).Where(t => t.Kind == "label").Select(t => t.Value).ToHashSet();
            var near = releases.Concat(labels.SelectMany(l => _labelReleases[l]));
            foreach (var a in near.SelectMany(r => _artistsOn.GetValueOrDefault(r, [])))
            {
                found.Add(a);
            }
        }

        found.ExceptWith(InCollection);
        found.Remove(Various);
        found.Remove(0);
        return found;
    }

    /// <summary>(id, score) of the most similar candidates, most similar first.</summary>
    public List<(long Id, double Score)> Similar(int count)
    {
        var seedSets = Seeds.Select(s => Sets(s.Id)).ToList();
        var total = Seeds.Sum(s => (double)s.Items);
        return Candidates().Select(c =>
        {
            var mine = Sets(c);
            var score = 0.0;
            for (var i = 0; i < Seeds.Count; i++)
            {
                var theirs = seedSets[i];
                var sim = (0.15 * J(mine.G, theirs.G)) + (0.35 * J(mine.S, theirs.S)) + (0.25 * J(mine.L, theirs.L)) + (0.25 * J(mine.C, theirs.C));
                score += Seeds[i].Items * sim;
            }

            return (Id: c, Score: score / total);
        }).Where(x => x.Score > 0).OrderByDescending(x => x.Score).ThenBy(x => x.Id).Take(count).ToList();
    }

    /// <summary>
    /// (id, score) of the artists most like <paramref name="artist"/> alone: every artist that shares a
    /// release or a label with it (the collection's own included), scored by the similarity to it.
    /// </summary>
    public List<(long Id, double Score)> SimilarTo(long artist, int count)
    {
        var releases = _releasesOf.GetValueOrDefault(artist, []);
        var labels = releases.SelectMany(r => _tags.GetValueOrDefault(r, [])).Where(t => t.Kind == "label").Select(t => t.Value).ToHashSet();
        var near = releases.Concat(labels.SelectMany(l => _labelReleases[l])).SelectMany(r => _artistsOn.GetValueOrDefault(r, [])).ToHashSet();
        near.ExceptWith([artist, Various, 0]);
        var theirs = Sets(artist);
        return near.Select(c =>
        {
            var mine = Sets(c);
            return (Id: c, Score: (0.15 * J(mine.G, theirs.G)) + (0.35 * J(mine.S, theirs.S)) + (0.25 * J(mine.L, theirs.L)) + (0.25 * J(mine.C, theirs.C)));
        }).Where(x => x.Score > 0).OrderByDescending(x => x.Score).ThenBy(x => x.Id).Take(count).ToList();
    }

    /// <summary>(kind, name, releases) of the genres and styles on the seeds' releases that no item's release carries.</summary>
    public List<(string Kind, string Name, int Releases, List<string> Artists)> BlindSpots(int count)
    {
        var have = SqliteRead.Column(Database, $"SELECT kind || char(9) || name FROM rec_release_tag WHERE kind IN ('genre', 'style') AND release_id IN (SELECT release_id FROM collection_item WHERE username = '{User}')").ToHashSet();
        var spots = new Dictionary<string, (HashSet<long> Releases, Dictionary<long, int> BySeed)>();
        foreach (var (seed, _, _) in Seeds)
        {
            foreach (var r in _releasesOf.GetValueOrDefault(seed, []))
            {
                foreach (var (kind, value) in _tags.GetValueOrDefault(r, []).Where(t => t.Kind != "label").Distinct())
                {
                    var key = kind + "\t" + value;
                    if (have.Contains(key))
                    {
                        continue;
                    }

                    if (!spots.TryGetValue(key, out var s))
                    {
                        spots[key] = s = ([], []);
                    }

                    s.Releases.Add(r);
                    s.BySeed[seed] = s.BySeed.GetValueOrDefault(seed) + 1;
                }
            }
        }

        var names = Seeds.ToDictionary(s => s.Id, s => s.Name);
        return spots.Select(s => (Kind: s.Key.Split('\t')[0], Name: s.Key.Split('\t')[1], Releases: s.Value.Releases.Count,
                Artists: s.Value.BySeed.OrderByDescending(x => x.Value).ThenBy(x => x.Key).Take(3).Select(x => names[x.Key]).ToList()))
            .OrderByDescending(s => s.Releases).ThenBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).Take(count).ToList();
    }

    /// <summary>Instance ids of the rediscovery draw: the i-th oldest of N weighs N − i, key u^(1/w) with u from new Random(seed) in age order.</summary>
    public List<long> Rediscover(int seed, int count)
    {
        var items = SqliteRead.Column(Database, $"SELECT instance_id FROM collection_item WHERE username = '{User}' ORDER BY date_added, instance_id").Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var random = new Random(seed);
        var keys = items.Select((id, i) => (id, key: Math.Pow(random.NextDouble(), 1.0 / (items.Count - i)))).ToList();
        return keys.OrderByDescending(k => k.key).Take(count).Select(k => k.id).ToList();
    }

    /// <summary>Instance ids added in the month of <paramref name="today"/> in an earlier year, oldest first.</summary>
    public List<long> ThisMonth(DateOnly today) =>
        SqliteRead.Column(Database, $"SELECT instance_id || char(9) || date_added FROM collection_item WHERE username = '{User}' ORDER BY date_added, instance_id")
            .Select(r => r.Split('\t')).Where(p => DateOnly.ParseExact(p[1][..10], "yyyy-MM-dd", CultureInfo.InvariantCulture) is var d && d.Month == today.Month && d.Year < today.Year)
            .Select(p => long.Parse(p[0], CultureInfo.InvariantCulture)).ToList();

    private (HashSet<string> G, HashSet<string> S, HashSet<string> L, HashSet<long> C) Sets(long artist)
    {
        var releases = _releasesOf.GetValueOrDefault(artist, []);
        var tags = releases.SelectMany(r => _tags.GetValueOrDefault(r, [])).ToList();
        var c = releases.SelectMany(r => _artistsOn[r]).Where(a => a != 0 && a != Various).ToHashSet();
        c.Add(artist);
        return (tags.Where(t => t.Kind == "genre").Select(t => t.Value).ToHashSet(), tags.Where(t => t.Kind == "style").Select(t => t.Value).ToHashSet(), tags.Where(t => t.Kind == "label").Select(t => t.Value).ToHashSet(), c);
    }

    private static double J<T>(HashSet<T> a, HashSet<T> b) => a.Count + b.Count == 0 ? 0 : (double)a.Count(b.Contains) / a.Union(b).Count();

    private static void Add<TKey, TValue>(Dictionary<TKey, HashSet<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = [];
        }

        set.Add(value);
    }
}
