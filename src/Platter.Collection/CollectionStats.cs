using Microsoft.Data.Sqlite;

namespace Platter.Collection;

/// <summary>A name and how many items carry it.</summary>
public sealed record Count(string Name, int Items);

/// <summary>A collection in figures: what <c>platter collection stats</c> prints.</summary>
public sealed record CollectionSummary(
    string Username,
    int Items,
    int Releases,
    int Artists,
    int Wants,
    IReadOnlyList<ValueSnapshot> Values,
    IReadOnlyDictionary<string, IReadOnlyList<Count>> Top);

/// <summary>An artist as the collection sees it: what <c>platter collection artist</c> prints.</summary>
public sealed record ArtistView(
    long Id,
    string Name,
    string Kind,
    string? Thumbnail,
    (int Main, int Track, int Credit) Items,
    (int Main, int Track, int Credit) Releases,
    IReadOnlyList<(long ReleaseId, string Title, string Roles)> OnReleases,
    IReadOnlyList<(string Type, long OtherId, string OtherName, bool Outgoing, int Weight, string? Roles, string Evidence)> Relations);

/// <summary>Reads the derived tables for the terminal (and, later, the site).</summary>
public static class CollectionStats
{
    /// <summary>The kinds <see cref="CollectionSummary.Top"/> has, in print order.</summary>
    public static IReadOnlyList<string> TopKinds { get; } = ["artists", "labels", "genres", "styles", "decades", "formats", "countries"];

    /// <summary>The user to show when none is named: the only one in the database, else null.</summary>
    public static string? OnlyUser(SqliteConnection db)
    {
        var users = new List<string>();
        using var cmd = CollectionStore.Command(db, "SELECT username FROM collection_user ORDER BY username LIMIT 2");
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            users.Add(r.GetString(0));
        }

        return users.Count == 1 ? users[0] : null;
    }

    /// <summary>Whether the database holds a sync of <paramref name="username"/>.</summary>
    public static bool HasUser(SqliteConnection db, string username)
    {
        using var cmd = CollectionStore.Command(db, "SELECT 1 FROM collection_user WHERE username = $u", ("$u", username));
        return cmd.ExecuteScalar() is not null;
    }

    /// <summary>The figures of <paramref name="username"/>'s collection, with the top <paramref name="top"/> of each kind.</summary>
    public static CollectionSummary Summarise(SqliteConnection db, string username, int top)
    {
        var u = ("$u", (object?)username);
        int Int(string sql)
        {
            using var cmd = CollectionStore.Command(db, sql, u);
            return Convert.ToInt32(cmd.ExecuteScalar() ?? 0, System.Globalization.CultureInfo.InvariantCulture);
        }

        const string Items = "SELECT release_id FROM collection_item WHERE username = $u";

        // Items per tag: each copy counts once per tag its release carries.
        List<Count> Tops(string sql)
        {
            using var cmd = CollectionStore.Command(db, sql, u, ("$n", top));
            using var r = cmd.ExecuteReader();
            var list = new List<Count>();
            while (r.Read())
            {
                list.Add(new Count(r.GetString(0), r.GetInt32(1)));
            }

            return list;
        }

        string Tag(string kind) => $"""
            SELECT t.name, count(*) AS n FROM collection_item i JOIN (SELECT DISTINCT release_id, name FROM rec_release_tag WHERE kind = '{kind}') t ON t.release_id = i.release_id
            WHERE i.username = $u GROUP BY t.name ORDER BY n DESC, t.name LIMIT $n
            """;
        var tops = new Dictionary<string, IReadOnlyList<Count>>(StringComparer.Ordinal)
        {
            ["artists"] = CollectionViews.TopArtists(db, username, top).Select(a => new Count(a.Name, a.Items)).ToList(),
            ["labels"] = Tops(Tag("label")),
            ["genres"] = Tops(Tag("genre")),
            ["styles"] = Tops(Tag("style")),
            ["decades"] = Tops("SELECT (r.year / 10 * 10) || 's', count(*) AS n FROM collection_item i JOIN rec_release r ON r.id = i.release_id WHERE i.username = $u AND r.year IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT $n"),
            ["formats"] = Tops(Tag("format")),
            ["countries"] = Tops("SELECT r.country, count(*) AS n FROM collection_item i JOIN rec_release r ON r.id = i.release_id WHERE i.username = $u AND r.country IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT $n"),
        };

        var values = new List<ValueSnapshot>();
        using (var cmd = CollectionStore.Command(db, "SELECT taken_at, currency, minimum, median, maximum FROM collection_value WHERE username = $u ORDER BY taken_at", u))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                decimal? D(int i) => r.IsDBNull(i) ? null : decimal.Parse(r.GetString(i), System.Globalization.CultureInfo.InvariantCulture);
                values.Add(new ValueSnapshot(DateTimeOffset.Parse(r.GetString(0), System.Globalization.CultureInfo.InvariantCulture), r.IsDBNull(1) ? null : r.GetString(1), D(2), D(3), D(4)));
            }
        }

        return new CollectionSummary(
            username,
            Int("SELECT count(*) FROM collection_item WHERE username = $u"),
            Int($"SELECT count(DISTINCT release_id) FROM ({Items})"),
            Int("SELECT count(*) FROM der_artist_items WHERE username = $u AND main_items > 0"),
            Int("SELECT count(*) FROM collection_want WHERE username = $u"),
            values,
            tops);
    }

    /// <summary>The artist with id <paramref name="nameOrId"/>, else the one of that name (case-insensitive) with the most items; null when none.</summary>
    public static ArtistView? Artist(SqliteConnection db, string username, string nameOrId)
    {
        long? id = long.TryParse(nameOrId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        using var find = CollectionStore.Command(db, """
            SELECT a.artist_id, a.name, a.kind, a.thumbnail,
                coalesce(i.main_items, 0), coalesce(i.track_items, 0), coalesce(i.credit_items, 0),
                coalesce(i.main_releases, 0), coalesce(i.track_releases, 0), coalesce(i.credit_releases, 0)
            FROM der_artist a LEFT JOIN der_artist_items i ON i.artist_id = a.artist_id AND i.username = $u
            WHERE a.artist_id = $id OR ($id IS NULL AND a.name = $name COLLATE NOCASE)
            ORDER BY coalesce(i.main_items + i.track_items + i.credit_items, 0) DESC LIMIT 1
            """, ("$u", username), ("$id", id), ("$name", nameOrId));
        using var r = find.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        var artist = r.GetInt64(0);
        var on = new List<(long, string, string)>();
        using (var cmd = CollectionStore.Command(db, """
            SELECT d.release_id, coalesce(rel.title, ''),
                group_concat(d.role || coalesce(' [' || d.qualifier || ']', '') || coalesce(' (' || d.tracks || ')', ''), ', ')
            FROM der_role d LEFT JOIN rec_release rel ON rel.id = d.release_id
            WHERE d.artist_id = $a AND d.release_id IN (SELECT release_id FROM collection_item WHERE username = $u)
            GROUP BY d.release_id ORDER BY d.release_id
            """, ("$a", artist), ("$u", username)))
        using (var rr = cmd.ExecuteReader())
        {
            while (rr.Read())
            {
                on.Add((rr.GetInt64(0), rr.GetString(1), rr.GetString(2)));
            }
        }

        var relations = new List<(string, long, string, bool, int, string?, string)>();
        using (var cmd = CollectionStore.Command(db, """
            SELECT x.type, CASE WHEN x.source_id = $a THEN x.target_id ELSE x.source_id END AS other, coalesce(o.name, (SELECT l.name FROM rec_artist_link l WHERE l.other_id = (CASE WHEN x.source_id = $a THEN x.target_id ELSE x.source_id END) LIMIT 1), '?'), x.source_id = $a, x.weight, x.roles, x.evidence
            FROM der_relation x LEFT JOIN der_artist o ON o.artist_id = (CASE WHEN x.source_id = $a THEN x.target_id ELSE x.source_id END)
            WHERE x.username = $u AND (x.source_id = $a OR x.target_id = $a)
            ORDER BY x.weight DESC, x.type, other
            """, ("$a", artist), ("$u", username)))
        using (var rr = cmd.ExecuteReader())
        {
            while (rr.Read())
            {
                relations.Add((rr.GetString(0), rr.GetInt64(1), rr.GetString(2), rr.GetBoolean(3), rr.GetInt32(4), rr.IsDBNull(5) ? null : rr.GetString(5), rr.GetString(6)));
            }
        }

        return new ArtistView(artist, r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), (r.GetInt32(4), r.GetInt32(5), r.GetInt32(6)), (r.GetInt32(7), r.GetInt32(8), r.GetInt32(9)), on, relations);
    }
}
