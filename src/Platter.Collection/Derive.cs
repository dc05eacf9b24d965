using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Platter.Collection;

/// <summary>What a derivation run produced for one user.</summary>
/// <param name="Artists">Artists named on the collection's releases (with an id).</param>
/// <param name="Groups">Of those, groups (Discogs lists members).</param>
/// <param name="People">Of those, people (no members, and a real name or groups).</param>
/// <param name="Roles">(release, artist, role) rows over the collection's releases.</param>
/// <param name="Relations">Relations between artists, each with its weight and evidence.</param>
/// <param name="Elapsed">Time taken.</param>
public sealed record DeriveReport(int Artists, int Groups, int People, int Roles, int Relations, TimeSpan Elapsed);

/// <summary>
/// Derives, from the stored collection and the records behind it, what the collector wants to
/// know: whether each artist is a band or a person, how many items each artist has in each part
/// (main, track, credited; counted as copies and as releases), each artist's roles on each
/// release, and the relations between artists. Each is defined here once; the CLI, the site and
/// the network read these tables. A run replaces the user's derived rows in one transaction.
/// </summary>
public static class Derive
{
    /// <summary>Discogs' "Various" (compilations): not an artist, so it has no relations.</summary>
    public const long Various = 194;

    /// <summary>Derives everything for <paramref name="username"/> in the database at <paramref name="databasePath"/>.</summary>
    public static DeriveReport Run(string databasePath, string username)
    {
        using var db = CollectionStore.Open(databasePath);
        return Run(db, username);
    }

    /// <summary>Derives everything for <paramref name="username"/> over an open store.</summary>
    public static DeriveReport Run(SqliteConnection db, string username)
    {
        var watch = Stopwatch.StartNew();
        CreateTables(db);
        var credits = ReadCredits(db, username);
        var items = ReadItems(db, username);
        using var tx = db.BeginTransaction();
        var (artists, groups, people) = WriteArtists(db, credits);
        var roles = WriteRoles(db, credits);
        WriteItems(db, username, credits, items);
        var relations = WriteRelations(db, username, credits, items);
        tx.Commit();
        return new DeriveReport(artists, groups, people, roles, relations, watch.Elapsed);
    }

    private sealed record Credit(long Release, string Kind, string? Track, long Artist, string Name, string? Role, string? Tracks);

    private static void CreateTables(SqliteConnection db) => CollectionStore.Exec(db, """
        CREATE TABLE IF NOT EXISTS der_artist (
            artist_id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL, -- group, person, unknown
            thumbnail TEXT);
        CREATE TABLE IF NOT EXISTS der_role (
            release_id INTEGER NOT NULL,
            artist_id INTEGER NOT NULL,
            part TEXT NOT NULL, -- main, track, credit
            role TEXT NOT NULL,
            qualifier TEXT,
            category TEXT NOT NULL,
            tracks TEXT);
        CREATE INDEX IF NOT EXISTS der_role_by_release ON der_role (release_id, artist_id);
        CREATE INDEX IF NOT EXISTS der_role_by_artist ON der_role (artist_id);
        CREATE TABLE IF NOT EXISTS der_artist_items (
            username TEXT NOT NULL,
            artist_id INTEGER NOT NULL,
            main_items INTEGER NOT NULL,
            main_releases INTEGER NOT NULL,
            track_items INTEGER NOT NULL,
            track_releases INTEGER NOT NULL,
            credit_items INTEGER NOT NULL,
            credit_releases INTEGER NOT NULL,
            PRIMARY KEY (username, artist_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS der_relation (
            username TEXT NOT NULL,
            source_id INTEGER NOT NULL,
            target_id INTEGER NOT NULL,
            type TEXT NOT NULL, -- member_of, alias_of, together, credited_on, track_artist_on
            weight INTEGER NOT NULL,
            roles TEXT, -- credited_on: the roles, comma-separated
            evidence TEXT NOT NULL, -- "release 1, 3" or "artist 2"
            PRIMARY KEY (username, source_id, target_id, type)) WITHOUT ROWID;
        """);

    /// <summary>Every credit with an artist id on the releases of the user's collection and wantlist.</summary>
    private static List<Credit> ReadCredits(SqliteConnection db, string username)
    {
        using var cmd = CollectionStore.Command(db, """
            SELECT release_id, kind, track, artist_id, coalesce(name, ''), role, tracks FROM rec_release_credit
            WHERE artist_id IS NOT NULL AND release_id IN (
                SELECT release_id FROM collection_item WHERE username = $u UNION SELECT release_id FROM collection_want WHERE username = $u)
            ORDER BY release_id, kind, position
            """, ("$u", username));
        using var r = cmd.ExecuteReader();
        var credits = new List<Credit>();
        while (r.Read())
        {
            credits.Add(new Credit(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
        }

        return credits;
    }

    /// <summary>Copies per release in the user's collection (the wantlist holds none).</summary>
    private static Dictionary<long, int> ReadItems(SqliteConnection db, string username)
    {
        using var cmd = CollectionStore.Command(db, "SELECT release_id, count(*) FROM collection_item WHERE username = $u GROUP BY release_id", ("$u", username));
        using var r = cmd.ExecuteReader();
        var items = new Dictionary<long, int>();
        while (r.Read())
        {
            items[r.GetInt64(0)] = r.GetInt32(1);
        }

        return items;
    }

    private static (int Artists, int Groups, int People) WriteArtists(SqliteConnection db, List<Credit> credits)
    {
        var names = new SortedDictionary<long, string>();
        foreach (var c in credits)
        {
            names.TryAdd(c.Artist, c.Name);
        }

        CollectionStore.Exec(db, "CREATE TEMP TABLE IF NOT EXISTS derive_artist (id INTEGER PRIMARY KEY, name TEXT); DELETE FROM temp.derive_artist;");
        using (var insert = CollectionStore.Command(db, "INSERT INTO temp.derive_artist VALUES ($id, $n)", ("$id", 0L), ("$n", "")))
        {
            foreach (var (id, name) in names)
            {
                insert.Parameters["$id"].Value = id;
                insert.Parameters["$n"].Value = name;
                insert.ExecuteNonQuery();
            }
        }

        // Band or person, as the README defines it: a group when Discogs lists members; a person when
        // it lists none and the artist has a real name or groups; unknown without data for the artist.
        CollectionStore.Exec(db, """
            INSERT OR REPLACE INTO der_artist
            SELECT d.id, coalesce(a.name, d.name),
                CASE
                    WHEN a.id IS NULL THEN 'unknown'
                    WHEN EXISTS (SELECT 1 FROM rec_artist_link l WHERE l.artist_id = a.id AND l.kind = 'member') THEN 'group'
                    WHEN a.realname IS NOT NULL OR EXISTS (SELECT 1 FROM rec_artist_link l WHERE l.artist_id = a.id AND l.kind = 'group') THEN 'person'
                    ELSE 'unknown'
                END,
                (SELECT i.uri FROM rec_artist_image i WHERE i.artist_id = a.id AND i.uri IS NOT NULL ORDER BY i.type <> 'primary', i.position LIMIT 1)
            FROM temp.derive_artist d LEFT JOIN rec_artist a ON a.id = d.id;
            """);
        using var count = CollectionStore.Command(db, "SELECT count(*), coalesce(sum(kind = 'group'), 0), coalesce(sum(kind = 'person'), 0) FROM der_artist WHERE artist_id IN (SELECT id FROM temp.derive_artist)");
        using var r = count.ExecuteReader();
        r.Read();
        return (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2));
    }

    private static int WriteRoles(SqliteConnection db, List<Credit> credits)
    {
        // (release, artist, part, role key, qualifier key) → the row; track positions gathered.
        var rows = new Dictionary<(long, long, string, string, string), (string Role, string? Qualifier, string Category, List<string> Tracks)>();
        void Add(Credit c, string part, string role, string? qualifier, string category, string? tracks)
        {
            var key = (c.Release, c.Artist, part, role.ToUpperInvariant(), qualifier?.ToUpperInvariant() ?? "");
            if (!rows.TryGetValue(key, out var row))
            {
                row = (role, qualifier, category, []);
                rows[key] = row;
            }

            if (tracks is not null && !row.Tracks.Contains(tracks))
            {
                row.Tracks.Add(tracks);
            }
        }

        foreach (var c in credits)
        {
            switch (c.Kind)
            {
                case "main":
                    Add(c, "main", "Main Artist", null, "performance", null);
                    break;
                case "track":
                    Add(c, "track", "Track Artist", null, "performance", c.Track);
                    break;
                default:
                    var tracks = c.Kind == "track_extra" ? c.Track : c.Tracks;
                    foreach (var role in Roles.Parse(c.Role))
                    {
                        Add(c, "credit", role.Name, role.Qualifier, role.Category, tracks);
                    }

                    break;
            }
        }

        var releases = credits.Select(c => c.Release).Distinct().ToList();
        using (var delete = CollectionStore.Command(db, "DELETE FROM der_role WHERE release_id = $r", ("$r", 0L)))
        {
            foreach (var id in releases)
            {
                delete.Parameters[0].Value = id;
                delete.ExecuteNonQuery();
            }
        }

        using var insert = CollectionStore.Command(db, "INSERT INTO der_role VALUES ($r, $a, $p, $role, $q, $c, $t)", ("$r", 0L), ("$a", 0L), ("$p", ""), ("$role", ""), ("$q", null), ("$c", ""), ("$t", null));
        foreach (var ((release, artist, part, _, _), row) in rows)
        {
            var p = insert.Parameters;
            p["$r"].Value = release;
            p["$a"].Value = artist;
            p["$p"].Value = part;
            p["$role"].Value = row.Role;
            p["$q"].Value = (object?)row.Qualifier ?? DBNull.Value;
            p["$c"].Value = row.Category;
            p["$t"].Value = row.Tracks.Count > 0 ? string.Join(", ", row.Tracks) : DBNull.Value;
            insert.ExecuteNonQuery();
        }

        return rows.Count;
    }

    private static void WriteItems(SqliteConnection db, string username, List<Credit> credits, Dictionary<long, int> items)
    {
        // For each artist and part, the distinct releases of the collection it is on.
        var parts = new Dictionary<long, HashSet<long>[]>();
        foreach (var c in credits)
        {
            if (!parts.TryGetValue(c.Artist, out var sets))
            {
                parts[c.Artist] = sets = [[], [], []];
            }

            if (items.ContainsKey(c.Release))
            {
                sets[c.Kind switch { "main" => 0, "track" => 1, _ => 2 }].Add(c.Release);
            }
        }

        CollectionStore.Exec(db, "DELETE FROM der_artist_items WHERE username = $u", ("$u", username));
        using var insert = CollectionStore.Command(db, "INSERT INTO der_artist_items VALUES ($u, $a, $mi, $mr, $ti, $tr, $ci, $cr)",
            ("$u", username), ("$a", 0L), ("$mi", 0), ("$mr", 0), ("$ti", 0), ("$tr", 0), ("$ci", 0), ("$cr", 0));
        foreach (var (artist, sets) in parts)
        {
            var p = insert.Parameters;
            p["$a"].Value = artist;
            p["$mi"].Value = sets[0].Sum(r => items[r]);
            p["$mr"].Value = sets[0].Count;
            p["$ti"].Value = sets[1].Sum(r => items[r]);
            p["$tr"].Value = sets[1].Count;
            p["$ci"].Value = sets[2].Sum(r => items[r]);
            p["$cr"].Value = sets[2].Count;
            insert.ExecuteNonQuery();
        }
    }

    private static int WriteRelations(SqliteConnection db, string username, List<Credit> credits, Dictionary<long, int> items)
    {
        var relations = new Dictionary<(long Source, long Target, string Type), (SortedSet<long> Evidence, SortedSet<string> Roles)>();
        void Relate(long source, long target, string type, long evidence, string? role = null)
        {
            if (source == target || source == Various || target == Various)
            {
                return;
            }

            if (type is "together" or "alias_of" && source > target)
            {
                (source, target) = (target, source); // one row for a pair that has no direction
            }

            if (!relations.TryGetValue((source, target, type), out var r))
            {
                relations[(source, target, type)] = r = ([], new SortedSet<string>(StringComparer.OrdinalIgnoreCase));
            }

            r.Evidence.Add(evidence);
            if (role is not null)
            {
                r.Roles.Add(role);
            }
        }

        // On the collection's releases: main artists together, credited and track artists on main artists' releases.
        foreach (var release in credits.Where(c => items.ContainsKey(c.Release)).GroupBy(c => c.Release))
        {
            var main = release.Where(c => c.Kind == "main").Select(c => c.Artist).Distinct().ToList();
            foreach (var a in main)
            {
                foreach (var b in main)
                {
                    if (a < b)
                    {
                        Relate(a, b, "together", release.Key);
                    }
                }
            }

            var trackArtists = release.Where(c => c.Kind == "track" && c.Track is not null).GroupBy(c => c.Track!).ToDictionary(g => g.Key, g => g.Select(c => c.Artist).Distinct().ToList());
            foreach (var c in release.Where(c => c.Kind != "main"))
            {
                // A credit on a track relates to that track's artists (the remixed one), else to the release's.
                var targets = c.Kind == "track_extra" && c.Track is not null && trackArtists.TryGetValue(c.Track, out var onTrack) ? onTrack : main;
                foreach (var m in targets)
                {
                    if (c.Kind == "track")
                    {
                        Relate(c.Artist, m, "track_artist_on", release.Key);
                    }
                    else
                    {
                        var roles = Roles.Parse(c.Role);
                        if (roles.Count == 0)
                        {
                            Relate(c.Artist, m, "credited_on", release.Key);
                        }

                        foreach (var role in roles)
                        {
                            Relate(c.Artist, m, "credited_on", release.Key, role.Name);
                        }
                    }
                }
            }
        }

        // From the artist records of every artist the collection names: members, groups, aliases.
        var named = credits.Select(c => c.Artist).ToHashSet();
        using (var cmd = CollectionStore.Command(db, "SELECT artist_id, kind, other_id FROM rec_artist_link WHERE other_id IS NOT NULL"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var (artist, kind, other) = (r.GetInt64(0), r.GetString(1), r.GetInt64(2));
                if (!named.Contains(artist))
                {
                    continue;
                }

                switch (kind)
                {
                    case "member":
                        Relate(other, artist, "member_of", -artist);
                        break;
                    case "group":
                        Relate(artist, other, "member_of", -artist);
                        break;
                    default:
                        Relate(artist, other, "alias_of", -artist);
                        break;
                }
            }
        }

        CollectionStore.Exec(db, "DELETE FROM der_relation WHERE username = $u", ("$u", username));
        using var insert = CollectionStore.Command(db, "INSERT INTO der_relation VALUES ($u, $s, $t, $type, $w, $roles, $e)",
            ("$u", username), ("$s", 0L), ("$t", 0L), ("$type", ""), ("$w", 0), ("$roles", null), ("$e", ""));
        foreach (var ((source, target, type), (evidence, roles)) in relations)
        {
            // Positive evidence is a release id; negative, the artist record the link was read from.
            var records = evidence.Where(e => e < 0).Select(e => -e).Order().ToList();
            var releases = evidence.Where(e => e > 0).ToList();
            var p = insert.Parameters;
            p["$s"].Value = source;
            p["$t"].Value = target;
            p["$type"].Value = type;
            p["$w"].Value = releases.Count > 0 ? releases.Count : 1;
            p["$roles"].Value = roles.Count > 0 ? string.Join(", ", roles) : DBNull.Value;
            p["$e"].Value = releases.Count > 0
                ? (releases.Count == 1 ? "release " : "releases ") + string.Join(", ", releases.Select(x => x.ToString(CultureInfo.InvariantCulture)))
                : (records.Count == 1 ? "artist " : "artists ") + string.Join(", ", records.Select(x => x.ToString(CultureInfo.InvariantCulture)));
            insert.ExecuteNonQuery();
        }

        return relations.Count;
    }
}
