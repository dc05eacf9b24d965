using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Platter.Storage;

namespace Platter.Collection;

/// <summary>An artist among the most collected: what the dashboard shows of each.</summary>
/// <param name="Id">Discogs artist id.</param>
/// <param name="Name">The artist's name.</param>
/// <param name="Kind">group, person or unknown (see <see cref="Derive"/>).</param>
/// <param name="Thumbnail">The artist's image as Discogs gives it, or null.</param>
/// <param name="Items">Items (copies) with the artist as a main artist.</param>
/// <param name="Releases">Distinct releases of those items.</param>
public sealed record TopArtist(long Id, string Name, string Kind, string? Thumbnail, int Items, int Releases);

/// <summary>One decade's items per genre, aligned with <see cref="DecadeGenres.Genres"/>.</summary>
/// <param name="Decade">The decade ("1990s").</param>
/// <param name="Items">Items of the decade (each counted once).</param>
/// <param name="Counts">Per genre, the decade's items carrying it.</param>
public sealed record DecadeRow(string Decade, int Items, IReadOnlyList<int> Counts);

/// <summary>
/// Items per decade of release and genre. An item with two genres counts once in each of them, so
/// a decade's counts can sum to more than its items; items without a year are left out.
/// </summary>
/// <param name="Genres">The most frequent genres, then <see cref="CollectionViews.OtherGenres"/> when there are more.</param>
/// <param name="Decades">The decades, oldest first.</param>
public sealed record DecadeGenres(IReadOnlyList<string> Genres, IReadOnlyList<DecadeRow> Decades);

/// <summary>The top genre and style of the items added in one year.</summary>
/// <param name="Year">The year the items were added to the collection.</param>
/// <param name="Items">Items added that year.</param>
/// <param name="Genre">The genre most of them carry (ties: first by name), or null.</param>
/// <param name="GenreItems">Items of the year carrying it.</param>
/// <param name="Style">The style most of them carry, or null.</param>
/// <param name="StyleItems">Items of the year carrying it.</param>
public sealed record TasteYear(string Year, int Items, string? Genre, int GenreItems, string? Style, int StyleItems);

/// <summary>Everything the collection dashboard shows.</summary>
/// <param name="Summary">Items, releases, artists, wants, the value history and the top tags.</param>
/// <param name="SyncedAt">When the last complete sync ended, or null.</param>
/// <param name="AddedByMonth">Items per month added ("2021-04"), every month from the first to the last, zeros included.</param>
/// <param name="Decades">Items per decade and genre.</param>
/// <param name="Drift">Per year of adding, the top genre and style.</param>
/// <param name="Artists">The most collected artists.</param>
/// <param name="ArtistKinds">The collection's main artists by kind (group, person, unknown).</param>
public sealed record DashboardView(
    CollectionSummary Summary,
    string? SyncedAt,
    IReadOnlyList<Count> AddedByMonth,
    DecadeGenres Decades,
    IReadOnlyList<TasteYear> Drift,
    IReadOnlyList<TopArtist> Artists,
    IReadOnlyList<Count> ArtistKinds);

/// <summary>An artist another artist record links to (member, group, alias).</summary>
/// <param name="Id">Its id, or null when Discogs gives none.</param>
/// <param name="Name">Its name.</param>
/// <param name="Known">True when the artist has a page.</param>
/// <param name="Active">Members only, from the API: whether the member is active.</param>
public sealed record LinkedArtist(long? Id, string Name, bool Known, bool? Active);

/// <summary>One role of the artist on a release (a row of <c>der_role</c>).</summary>
/// <param name="Part">main, track or credit.</param>
/// <param name="Role">The role's name.</param>
/// <param name="Qualifier">What its bracket said, or null.</param>
/// <param name="Category">The role's category (<see cref="Roles.Categories"/>).</param>
/// <param name="Tracks">The tracks it applies to, or null for the whole release.</param>
public sealed record RoleView(string Part, string Role, string? Qualifier, string Category, string? Tracks);

/// <summary>A release of the collection the artist is on, with the artist's roles.</summary>
/// <param name="ReleaseId">The release.</param>
/// <param name="Title">Its title.</param>
/// <param name="Year">Its year, or null.</param>
/// <param name="Copies">Items (copies) of it in the collection.</param>
/// <param name="Roles">The artist's roles on it: main first, then track, then credits.</param>
public sealed record ArtistOnRelease(long ReleaseId, string Title, int? Year, int Copies, IReadOnlyList<RoleView> Roles);

/// <summary>A relation of the artist (a row of <c>der_relation</c>), seen from the artist.</summary>
/// <param name="Type">member_of, alias_of, together, credited_on or track_artist_on.</param>
/// <param name="Outgoing">True when the artist is the relation's source ("X is a member of Other").</param>
/// <param name="OtherId">The artist at the other end.</param>
/// <param name="OtherName">Its name.</param>
/// <param name="OtherKnown">True when Platter holds the other artist.</param>
/// <param name="Weight">Releases it rests on (1 for a link read from an artist record).</param>
/// <param name="Roles">credited_on: the roles.</param>
/// <param name="Evidence">The evidence as stored ("release 1, 3", "artists 2, 26").</param>
/// <param name="EvidenceKind">release or artist: what <paramref name="EvidenceIds"/> are.</param>
/// <param name="EvidenceIds">The releases or artist records the relation was read from.</param>
public sealed record RelationView(string Type, bool Outgoing, long OtherId, string OtherName, bool OtherKnown, int Weight, string? Roles, string Evidence, string EvidenceKind, IReadOnlyList<long> EvidenceIds);

/// <summary>Items and releases of an artist per part.</summary>
public sealed record PartCounts(int Main, int Track, int Credit);

/// <summary>Everything the artist page shows.</summary>
/// <param name="Id">Discogs artist id.</param>
/// <param name="Name">Name.</param>
/// <param name="Kind">group, person or unknown.</param>
/// <param name="Thumbnail">Image, or null.</param>
/// <param name="RealName">The real name, or null.</param>
/// <param name="Profile">The profile in Discogs markup, or null.</param>
/// <param name="Urls">The artist's web sites.</param>
/// <param name="Members">Members (of a group).</param>
/// <param name="Groups">Groups the artist is in.</param>
/// <param name="Aliases">Other names the artist records under.</param>
/// <param name="Items">Items per part.</param>
/// <param name="Releases">Releases per part.</param>
/// <param name="OnReleases">The collection's releases the artist is on, with roles.</param>
/// <param name="Relations">The artist's relations, heaviest first.</param>
/// <param name="Masters">How many masters the artist is a main artist of, or null when Platter has not stored the list (not a main artist of an item).</param>
/// <param name="Gaps">Those masters that no item of the collection belongs to, oldest first.</param>
public sealed record ArtistPage(
    long Id,
    string Name,
    string Kind,
    string? Thumbnail,
    string? RealName,
    string? Profile,
    IReadOnlyList<string> Urls,
    IReadOnlyList<LinkedArtist> Members,
    IReadOnlyList<LinkedArtist> Groups,
    IReadOnlyList<LinkedArtist> Aliases,
    PartCounts Items,
    PartCounts Releases,
    IReadOnlyList<ArtistOnRelease> OnReleases,
    IReadOnlyList<RelationView> Relations,
    int? Masters,
    IReadOnlyList<MissingMaster> Gaps);

/// <summary>A master of the artist's that the collection has no release of.</summary>
/// <param name="MasterId">The master.</param>
/// <param name="Title">Its title.</param>
/// <param name="Year">Its year, or null.</param>
/// <param name="MainRelease">Its main release, or null.</param>
public sealed record MissingMaster(long MasterId, string? Title, int? Year, long? MainRelease);

/// <summary>A credit on a release or a track.</summary>
/// <param name="ArtistId">The artist, or null.</param>
/// <param name="Name">The artist's name.</param>
/// <param name="Anv">The name as written on the release, or null.</param>
/// <param name="Join">The text joining it to the next artist (" &amp; "), or null.</param>
/// <param name="Role">Credits: the role text.</param>
/// <param name="Tracks">Credits: the tracks it applies to.</param>
/// <param name="Known">True when Platter holds the artist, so it has a page.</param>
public sealed record CreditView(long? ArtistId, string Name, string? Anv, string? Join, string? Role, string? Tracks, bool Known);

/// <summary>A track of the release.</summary>
/// <param name="Position">Its position ("A1"), or "" for a heading.</param>
/// <param name="Title">Its title, or null when only the credits are known.</param>
/// <param name="Duration">Its duration, or null.</param>
/// <param name="Artists">Its own artists (when not the release's).</param>
/// <param name="Credits">Its credits.</param>
public sealed record TrackView(string Position, string? Title, string? Duration, IReadOnlyList<CreditView> Artists, IReadOnlyList<CreditView> Credits);

/// <summary>A format of the release.</summary>
/// <param name="Name">Vinyl, CD...</param>
/// <param name="Quantity">How many, or null.</param>
/// <param name="Descriptions">LP, Album...</param>
/// <param name="Text">Free text, or null.</param>
public sealed record FormatView(string Name, string? Quantity, IReadOnlyList<string> Descriptions, string? Text);

/// <summary>A label of the release.</summary>
public sealed record LabelView(long? Id, string Name, string? CatalogNumber);

/// <summary>A video the catalog lists for the release.</summary>
public sealed record VideoView(string? YoutubeId, string Url, string? Title, int? Duration);

/// <summary>A custom field of a copy (Discogs' defaults: 1 Media, 2 Sleeve, 3 Notes).</summary>
public sealed record FieldView(int Id, string Name, string? Value);

/// <summary>One copy (collection item) of the release.</summary>
/// <param name="InstanceId">The item's instance id.</param>
/// <param name="FolderId">Its folder.</param>
/// <param name="Folder">The folder's name.</param>
/// <param name="Rating">0 (none) to 5.</param>
/// <param name="DateAdded">When it was added, as Discogs wrote it.</param>
/// <param name="Fields">Its notes and custom fields.</param>
public sealed record CopyView(long InstanceId, int FolderId, string Folder, int Rating, string? DateAdded, IReadOnlyList<FieldView> Fields);

/// <summary>Everything the release page shows.</summary>
/// <param name="Id">Release id.</param>
/// <param name="Title">Title.</param>
/// <param name="Year">Year, or null.</param>
/// <param name="Released">Release date as Discogs writes it, or null.</param>
/// <param name="Country">Country, or null.</param>
/// <param name="Source">Where the record came from: catalog, api, or null when Platter holds only the collection's data.</param>
/// <param name="InCatalog">True when the local catalog holds the release (tracklist and videos come from it).</param>
/// <param name="Artists">Main artists.</param>
/// <param name="Credits">Credits of the whole release.</param>
/// <param name="Tracks">Tracks.</param>
/// <param name="Formats">Formats.</param>
/// <param name="Labels">Labels.</param>
/// <param name="Genres">Genres.</param>
/// <param name="Styles">Styles.</param>
/// <param name="Videos">Videos (from the catalog).</param>
/// <param name="Copies">The collection's copies.</param>
public sealed record ReleasePage(
    long Id,
    string Title,
    int? Year,
    string? Released,
    string? Country,
    string? Source,
    bool InCatalog,
    IReadOnlyList<CreditView> Artists,
    IReadOnlyList<CreditView> Credits,
    IReadOnlyList<TrackView> Tracks,
    IReadOnlyList<FormatView> Formats,
    IReadOnlyList<LabelView> Labels,
    IReadOnlyList<string> Genres,
    IReadOnlyList<string> Styles,
    IReadOnlyList<VideoView> Videos,
    IReadOnlyList<CopyView> Copies);

/// <summary>
/// The collection as the site presents it: the dashboard's figures, an artist's page and a
/// release's page, read from the collection, record and derived tables. Each figure is defined
/// here once; the site only lays them out.
/// </summary>
public static class CollectionViews
{
    /// <summary>Genres the decade chart shows by name; the rest are summed into <see cref="OtherGenres"/>.</summary>
    public const int DecadeGenreCount = 7;

    /// <summary>The name of the decade chart's last column when there are more genres.</summary>
    public const string OtherGenres = "Other genres";

    /// <summary>Whether the database holds a stored collection.</summary>
    public static bool HasCollection(SqliteConnection db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return CollectionStore.TableExists(db, "collection_user") && Exists(db, "SELECT 1 FROM collection_user LIMIT 1");
    }

    /// <summary>Whether the derivations were made (a sync with its records, or <c>platter collection derive</c>, ran).</summary>
    public static bool HasDerivations(SqliteConnection db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return CollectionStore.TableExists(db, "der_artist_items");
    }

    /// <summary>The user whose collection was synced most recently, or null when none is stored.</summary>
    public static string? LatestUser(SqliteConnection db) => Users(db) is [var first, ..] ? first : null;

    /// <summary>The users with a stored collection, most recently synced first.</summary>
    public static IReadOnlyList<string> Users(SqliteConnection db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!CollectionStore.TableExists(db, "collection_user"))
        {
            return [];
        }

        return Strings(db, "SELECT username FROM collection_user ORDER BY coalesce(completed_at, started_at, '') DESC, username");
    }

    /// <summary>The most collected main artists (Discogs' "Various" left out), most items first.</summary>
    public static IReadOnlyList<TopArtist> TopArtists(SqliteConnection db, string username, int top)
    {
        using var cmd = CollectionStore.Command(db, """
            SELECT a.artist_id, a.name, a.kind, a.thumbnail, i.main_items, i.main_releases
            FROM der_artist_items i JOIN der_artist a ON a.artist_id = i.artist_id
            WHERE i.username = $u AND i.main_items > 0 AND a.artist_id <> $various
            ORDER BY i.main_items DESC, a.name LIMIT $n
            """, ("$u", username), ("$various", Derive.Various), ("$n", top));
        using var r = cmd.ExecuteReader();
        var list = new List<TopArtist>();
        while (r.Read())
        {
            list.Add(new TopArtist(r.GetInt64(0), r.GetString(1), r.GetString(2), Text(r, 3), r.GetInt32(4), r.GetInt32(5)));
        }

        return list;
    }

    /// <summary>The dashboard of <paramref name="username"/>'s collection, with the top <paramref name="top"/> of each kind.</summary>
    public static DashboardView Dashboard(SqliteConnection db, string username, int top = 15)
    {
        ArgumentNullException.ThrowIfNull(db);
        var u = ("$u", (object?)username);
        var summary = CollectionStats.Summarise(db, username, top);
        var synced = Strings(db, "SELECT coalesce(completed_at, started_at) FROM collection_user WHERE username = $u", u).FirstOrDefault();

        // Months as Discogs wrote the date (the collector's own clock), gaps filled with zeros.
        var months = Counts(db, "SELECT substr(date_added, 1, 7), count(*) FROM collection_item WHERE username = $u AND date_added IS NOT NULL GROUP BY 1 ORDER BY 1", u);
        var added = new List<Count>();
        if (months.Count > 0)
        {
            var have = months.ToDictionary(m => m.Name, m => m.Items, StringComparer.Ordinal);
            var first = DateTime.ParseExact(months[0].Name, "yyyy-MM", CultureInfo.InvariantCulture);
            var last = DateTime.ParseExact(months[^1].Name, "yyyy-MM", CultureInfo.InvariantCulture);
            for (var m = first; m <= last; m = m.AddMonths(1))
            {
                var key = m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                added.Add(new Count(key, have.GetValueOrDefault(key)));
            }
        }

        var kinds = Counts(db, """
            SELECT a.kind, count(*) FROM der_artist_items i JOIN der_artist a ON a.artist_id = i.artist_id
            WHERE i.username = $u AND i.main_items > 0 AND a.artist_id <> $various GROUP BY a.kind ORDER BY count(*) DESC, a.kind
            """, u, ("$various", Derive.Various));

        return new DashboardView(summary, synced, added, Decades(db, username), Drift(db, username), TopArtists(db, username, top), kinds);
    }

    /// <summary>Items per decade and genre (see <see cref="DecadeGenres"/>).</summary>
    public static DecadeGenres Decades(SqliteConnection db, string username)
    {
        ArgumentNullException.ThrowIfNull(db);
        var u = ("$u", (object?)username);
        var cells = new List<(int Decade, string Genre, int Items)>();
        using (var cmd = CollectionStore.Command(db, """
            SELECT r.year / 10 * 10, t.name, count(*) FROM collection_item i
            JOIN rec_release r ON r.id = i.release_id
            JOIN (SELECT DISTINCT release_id, name FROM rec_release_tag WHERE kind = 'genre') t ON t.release_id = i.release_id
            WHERE i.username = $u AND r.year IS NOT NULL GROUP BY 1, 2
            """, u))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                cells.Add((r.GetInt32(0), r.GetString(1), r.GetInt32(2)));
            }
        }

        var ranked = cells.GroupBy(c => c.Genre).OrderByDescending(g => g.Sum(c => c.Items)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        var shown = ranked.Take(ranked.Count > DecadeGenreCount + 1 ? DecadeGenreCount : ranked.Count).ToList();
        var genres = shown.Count < ranked.Count ? [.. shown, OtherGenres] : shown;
        var column = shown.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i, StringComparer.Ordinal);
        var items = Counts(db, "SELECT r.year / 10 * 10, count(*) FROM collection_item i JOIN rec_release r ON r.id = i.release_id WHERE i.username = $u AND r.year IS NOT NULL GROUP BY 1", u)
            .ToDictionary(c => int.Parse(c.Name, CultureInfo.InvariantCulture), c => c.Items);

        var rows = new List<DecadeRow>();
        foreach (var decade in items.Keys.Order())
        {
            var counts = new int[genres.Count];
            foreach (var c in cells.Where(c => c.Decade == decade))
            {
                counts[column.TryGetValue(c.Genre, out var i) ? i : genres.Count - 1] += c.Items;
            }

            rows.Add(new DecadeRow(decade.ToString(CultureInfo.InvariantCulture) + "s", items[decade], counts));
        }

        return new DecadeGenres(genres, rows);
    }

    /// <summary>Per year of adding, the genre and the style most of that year's items carry.</summary>
    public static IReadOnlyList<TasteYear> Drift(SqliteConnection db, string username)
    {
        ArgumentNullException.ThrowIfNull(db);
        var u = ("$u", (object?)username);
        var years = Counts(db, "SELECT substr(date_added, 1, 4), count(*) FROM collection_item WHERE username = $u AND date_added IS NOT NULL GROUP BY 1 ORDER BY 1", u);
        var tops = new Dictionary<(string Year, string Kind), (string Name, int Items)>();
        using (var cmd = CollectionStore.Command(db, """
            SELECT substr(i.date_added, 1, 4), t.kind, t.name, count(*) AS n FROM collection_item i
            JOIN (SELECT DISTINCT release_id, kind, name FROM rec_release_tag WHERE kind IN ('genre', 'style')) t ON t.release_id = i.release_id
            WHERE i.username = $u AND i.date_added IS NOT NULL
            GROUP BY 1, 2, 3 ORDER BY 1, 2, n DESC, 3
            """, u))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                tops.TryAdd((r.GetString(0), r.GetString(1)), (r.GetString(2), r.GetInt32(3)));
            }
        }

        return years.Select(y =>
        {
            var g = tops.GetValueOrDefault((y.Name, "genre"));
            var s = tops.GetValueOrDefault((y.Name, "style"));
            return new TasteYear(y.Name, y.Items, g.Name, g.Items, s.Name, s.Items);
        }).ToList();
    }

    /// <summary>The page of artist <paramref name="artistId"/> within <paramref name="username"/>'s collection, or null when Platter does not hold the artist.</summary>
    public static ArtistPage? Artist(SqliteConnection db, string username, long artistId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var view = CollectionStats.Artist(db, username, artistId.ToString(CultureInfo.InvariantCulture));
        if (view is null || view.Id != artistId)
        {
            return null;
        }

        var a = ("$a", (object?)artistId);
        string? realName = null, profile = null;
        using (var cmd = CollectionStore.Command(db, "SELECT realname, profile FROM rec_artist WHERE id = $a", a))
        using (var r = cmd.ExecuteReader())
        {
            if (r.Read())
            {
                (realName, profile) = (Text(r, 0), Text(r, 1));
            }
        }

        var links = new List<(string Kind, LinkedArtist Artist)>();
        using (var cmd = CollectionStore.Command(db, $"""
            SELECT l.kind, l.other_id, coalesce(l.name, ''), {KnownSql("l.other_id")}, l.active
            FROM rec_artist_link l WHERE l.artist_id = $a ORDER BY l.kind, l.position
            """, a))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                links.Add((r.GetString(0), new LinkedArtist(r.IsDBNull(1) ? null : r.GetInt64(1), r.GetString(2), r.GetBoolean(3), r.IsDBNull(4) ? null : r.GetBoolean(4))));
            }
        }

        var on = new List<ArtistOnRelease>();
        using (var cmd = CollectionStore.Command(db, """
            SELECT d.release_id, coalesce(rel.title, (SELECT c.title FROM collection_item c WHERE c.username = $u AND c.release_id = d.release_id LIMIT 1), ''), rel.year,
                (SELECT count(*) FROM collection_item c WHERE c.username = $u AND c.release_id = d.release_id),
                d.part, d.role, d.qualifier, d.category, d.tracks
            FROM der_role d LEFT JOIN rec_release rel ON rel.id = d.release_id
            WHERE d.artist_id = $a AND d.release_id IN (SELECT release_id FROM collection_item WHERE username = $u)
            ORDER BY d.release_id, CASE d.part WHEN 'main' THEN 0 WHEN 'track' THEN 1 ELSE 2 END, d.role, d.qualifier
            """, a, ("$u", username)))
        using (var r = cmd.ExecuteReader())
        {
            List<RoleView>? roles = null;
            while (r.Read())
            {
                var release = r.GetInt64(0);
                if (on.Count == 0 || on[^1].ReleaseId != release)
                {
                    roles = [];
                    on.Add(new ArtistOnRelease(release, r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetInt32(3), roles));
                }

                roles!.Add(new RoleView(r.GetString(4), r.GetString(5), Text(r, 6), r.GetString(7), Text(r, 8)));
            }
        }

        var known = Known(db, view.Relations.Select(x => x.OtherId));
        var relations = view.Relations.Select(x =>
        {
            // Derive writes "release 1, 3" or "artists 2, 26": the kind, then the ids.
            var space = x.Evidence.IndexOf(' ', StringComparison.Ordinal);
            var kind = x.Evidence.StartsWith("release", StringComparison.Ordinal) ? "release" : "artist";
            var ids = x.Evidence[(space + 1)..].Split(", ").Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
            return new RelationView(x.Type, x.Outgoing, x.OtherId, x.OtherName, known.Contains(x.OtherId), x.Weight, x.Roles, x.Evidence, kind, ids);
        }).ToList();

        IReadOnlyList<LinkedArtist> Links(string kind) => links.Where(l => l.Kind == kind).Select(l => l.Artist).ToList();
        int? masters = null;
        if (CollectionStore.TableExists(db, "rec_artist_masters"))
        {
            using var count = CollectionStore.Command(db, "SELECT masters FROM rec_artist_masters WHERE artist_id = $a", a);
            masters = count.ExecuteScalar() is long n ? (int)n : null;
        }

        return new ArtistPage(
            view.Id,
            view.Name,
            view.Kind,
            view.Thumbnail,
            realName,
            profile,
            Strings(db, "SELECT url FROM rec_artist_url WHERE artist_id = $a AND url IS NOT NULL ORDER BY position", a),
            Links("member"),
            Links("group"),
            Links("alias"),
            new PartCounts(view.Items.Main, view.Items.Track, view.Items.Credit),
            new PartCounts(view.Releases.Main, view.Releases.Track, view.Releases.Credit),
            on,
            relations,
            masters,
            Gaps(db, username, artistId));
    }

    /// <summary>
    /// The artist's masters (stored by the sync for the collection's main artists) that no item
    /// belongs to, by the item's own master id or its release's: the "gaps".
    /// </summary>
    private static List<MissingMaster> Gaps(SqliteConnection db, string username, long artistId)
    {
        var gaps = new List<MissingMaster>();
        if (!CollectionStore.TableExists(db, "rec_artist_master"))
        {
            return gaps;
        }

        using var cmd = CollectionStore.Command(db, """
            SELECT m.master_id, m.title, m.year, m.main_release FROM rec_artist_master m
            WHERE m.artist_id = $a
              AND m.master_id NOT IN (SELECT master_id FROM collection_item WHERE username = $u AND master_id > 0)
              AND m.master_id NOT IN (SELECT r.master_id FROM rec_release r WHERE r.master_id IS NOT NULL AND r.id IN (SELECT release_id FROM collection_item WHERE username = $u))
            ORDER BY coalesce(m.year, 9999), m.title, m.master_id
            """, ("$a", artistId), ("$u", username));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            gaps.Add(new MissingMaster(r.GetInt64(0), Text(r, 1), r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt64(3)));
        }

        return gaps;
    }

    /// <summary>The ids among <paramref name="ids"/> that Platter holds an artist for (so they have a page).</summary>
    public static HashSet<long> Known(SqliteConnection db, IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        var known = new HashSet<long>();
        using var cmd = CollectionStore.Command(db, $"SELECT {KnownSql("$id")}", ("$id", 0L));
        foreach (var id in ids.Distinct())
        {
            cmd.Parameters[0].Value = id;
            if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) == 1)
            {
                known.Add(id);
            }
        }

        return known;
    }

    /// <summary>The artist ids of the given names (exact, then case-insensitive), for links in profiles; names Platter does not hold are missing.</summary>
    public static Dictionary<string, long> ArtistIds(SqliteConnection db, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(names);
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        using var cmd = CollectionStore.Command(db, "SELECT artist_id FROM der_artist WHERE name = $n COLLATE NOCASE ORDER BY name <> $n, artist_id LIMIT 1", ("$n", ""));
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            cmd.Parameters[0].Value = name;
            if (cmd.ExecuteScalar() is long id)
            {
                found[name] = id;
            }
        }

        return found;
    }

    /// <summary>
    /// The page of release <paramref name="releaseId"/> as a copy in <paramref name="username"/>'s
    /// collection, or null when the collection has no copy of it. The release's tracks, formats,
    /// labels and videos come from the catalog: <paramref name="catalog"/> when it is in another
    /// store, else the catalog tables of <paramref name="db"/> if it has them.
    /// </summary>
    public static ReleasePage? Release(SqliteConnection db, string username, long releaseId, ICatalogReader? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        using var sameFile = catalog is null ? SqliteCatalog.Over(db) : null;
        var store = catalog ?? sameFile!;
        var r = ("$r", (object?)releaseId);
        var copies = new List<CopyView>();
        using (var cmd = CollectionStore.Command(db, """
            SELECT i.instance_id, i.folder_id, coalesce(f.name, 'Folder ' || i.folder_id), i.rating, i.date_added
            FROM collection_item i LEFT JOIN collection_folder f ON f.username = i.username AND f.folder_id = i.folder_id
            WHERE i.username = $u AND i.release_id = $r ORDER BY i.date_added, i.instance_id
            """, r, ("$u", username)))
        using (var rd = cmd.ExecuteReader())
        {
            while (rd.Read())
            {
                copies.Add(new CopyView(rd.GetInt64(0), rd.GetInt32(1), rd.GetString(2), rd.GetInt32(3), Text(rd, 4), []));
            }
        }

        if (copies.Count == 0)
        {
            return null;
        }

        copies = copies.Select(c => c with { Fields = Fields(db, username, c.InstanceId) }).ToList();

        string title;
        int? year;
        string? released = null, country = null, source = null;
        using (var cmd = CollectionStore.Command(db, "SELECT title, year, released, country, source FROM rec_release WHERE id = $r", r))
        using (var rd = cmd.ExecuteReader())
        {
            if (rd.Read())
            {
                (title, year, released, country, source) = (rd.IsDBNull(0) ? "" : rd.GetString(0), rd.IsDBNull(1) ? null : rd.GetInt32(1), Text(rd, 2), Text(rd, 3), rd.GetString(4));
            }
            else
            {
                // Discogs answered 404 for the record: what the collection itself says.
                using var item = CollectionStore.Command(db, "SELECT coalesce(title, ''), year FROM collection_item WHERE username = $u AND release_id = $r LIMIT 1", r, ("$u", username));
                using var ri = item.ExecuteReader();
                ri.Read();
                (title, year) = (ri.GetString(0), ri.IsDBNull(1) ? null : ri.GetInt32(1));
            }
        }

        var credits = ReadCredits(db, releaseId);
        IReadOnlyList<long> one = [releaseId];
        bool inCatalog;
        using (var probe = store.HasTable("release_track") ? store.Query("SELECT id FROM release WHERE id IN {ids}", one) : null)
        {
            inCatalog = probe?.Read() == true;
        }

        var tracks = inCatalog ? CatalogTracks(store, one, credits) : CreditTracks(credits);
        var formats = inCatalog ? CatalogFormats(store, one) : Strings(db, "SELECT name FROM rec_release_tag WHERE release_id = $r AND kind = 'format' ORDER BY position", r).Select(n => new FormatView(n, null, [], null)).ToList();
        var labels = new List<LabelView>();
        using (var recorded = inCatalog ? null : CollectionStore.Command(db, "SELECT ref_id, coalesce(name, ''), NULL FROM rec_release_tag WHERE release_id = $r AND kind = 'label' ORDER BY position", r))
        using (var rd = recorded?.ExecuteReader() ?? store.Query("SELECT nullif(label_id, 0), coalesce(name, ''), nullif(catno, '') FROM release_label WHERE release_id IN {ids} ORDER BY position", one))
        {
            while (rd.Read())
            {
                labels.Add(new LabelView(rd.IsDBNull(0) ? null : Convert.ToInt64(rd.GetValue(0), CultureInfo.InvariantCulture), rd.GetString(1), Text(rd, 2)));
            }
        }

        var videos = new List<VideoView>();
        if (inCatalog)
        {
            using var rd = store.Query("SELECT youtube_id, coalesce(src, ''), title, duration FROM release_video WHERE release_id IN {ids} ORDER BY position", one);
            while (rd.Read())
            {
                videos.Add(new VideoView(Text(rd, 0), rd.GetString(1), Text(rd, 2), rd.IsDBNull(3) ? null : Convert.ToInt32(rd.GetValue(3), CultureInfo.InvariantCulture)));
            }
        }

        return new ReleasePage(
            releaseId,
            title,
            year,
            released,
            country,
            source,
            inCatalog,
            credits.Where(c => c.Kind == "main").Select(c => c.View).ToList(),
            credits.Where(c => c.Kind == "extra").Select(c => c.View).ToList(),
            tracks,
            formats,
            labels,
            Strings(db, "SELECT name FROM rec_release_tag WHERE release_id = $r AND kind = 'genre' ORDER BY position", r),
            Strings(db, "SELECT name FROM rec_release_tag WHERE release_id = $r AND kind = 'style' ORDER BY position", r),
            videos,
            copies);
    }

    /// <summary>The name of artist <paramref name="id"/> when Platter holds it (so it has a page), else null.</summary>
    public static string? ArtistName(SqliteConnection db, long id)
    {
        ArgumentNullException.ThrowIfNull(db);
        using var cmd = CollectionStore.Command(db, "SELECT name FROM der_artist WHERE artist_id = $id", ("$id", id));
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>The name of label <paramref name="id"/> from the catalog or the collection's releases, else null.</summary>
    public static string? LabelName(SqliteConnection db, long id)
    {
        ArgumentNullException.ThrowIfNull(db);
        using var cmd = CollectionStore.Command(db, CollectionStore.TableExists(db, "label")
            ? "SELECT coalesce((SELECT name FROM main.label WHERE id = $id), (SELECT name FROM rec_release_tag WHERE kind = 'label' AND ref_id = $id LIMIT 1))"
            : "SELECT name FROM rec_release_tag WHERE kind = 'label' AND ref_id = $id LIMIT 1", ("$id", id));
        return cmd.ExecuteScalar() as string;
    }

    // An artist has a page when the derivations hold it (every artist credited on a collection's release).
    private static string KnownSql(string id) => $"EXISTS (SELECT 1 FROM der_artist k WHERE k.artist_id = {id})";

    private static List<FieldView> Fields(SqliteConnection db, string username, long instance)
    {
        var fields = new List<FieldView>();
        using var cmd = CollectionStore.Command(db, "SELECT field_id, value FROM collection_item_field WHERE username = $u AND instance_id = $i ORDER BY field_id", ("$u", username), ("$i", instance));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var id = r.GetInt32(0);

            // Platter does not store the field definitions; these are Discogs' default three.
            var name = id switch { 1 => "Media", 2 => "Sleeve", 3 => "Notes", _ => "Field " + id.ToString(CultureInfo.InvariantCulture) };
            fields.Add(new FieldView(id, name, Text(r, 1)));
        }

        return fields;
    }

    private sealed record StoredCredit(string Kind, string? Track, CreditView View);

    private static List<StoredCredit> ReadCredits(SqliteConnection db, long releaseId)
    {
        using var cmd = CollectionStore.Command(db, $"""
            SELECT c.kind, c.track, c.artist_id, coalesce(c.name, ''), c.anv, c.join_text, c.role, c.tracks, {KnownSql("c.artist_id")}
            FROM rec_release_credit c WHERE c.release_id = $r ORDER BY c.kind, c.position
            """, ("$r", releaseId));
        using var r = cmd.ExecuteReader();
        var list = new List<StoredCredit>();
        while (r.Read())
        {
            list.Add(new StoredCredit(r.GetString(0), Text(r, 1), new CreditView(r.IsDBNull(2) ? null : r.GetInt64(2), r.GetString(3), Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7), r.GetBoolean(8))));
        }

        return list;
    }

    private static List<TrackView> CatalogTracks(ICatalogReader store, IReadOnlyList<long> release, List<StoredCredit> credits)
    {
        var tracks = new List<TrackView>();
        using var r = store.Query("SELECT coalesce(track_position, ''), title, nullif(duration, '') FROM release_track WHERE release_id IN {ids} ORDER BY position", release);
        while (r.Read())
        {
            var position = r.GetString(0);
            tracks.Add(new TrackView(position, Text(r, 1), Text(r, 2), OnTrack(credits, "track", position), OnTrack(credits, "track_extra", position)));
        }

        return tracks;
    }

    private static List<TrackView> CreditTracks(List<StoredCredit> credits) =>
        credits.Where(c => c.Kind is "track" or "track_extra" && c.Track is not null).Select(c => c.Track!).Distinct(StringComparer.Ordinal)
            .Select(p => new TrackView(p, null, null, OnTrack(credits, "track", p), OnTrack(credits, "track_extra", p))).ToList();

    private static List<CreditView> OnTrack(List<StoredCredit> credits, string kind, string position) =>
        position.Length == 0 ? [] : credits.Where(c => c.Kind == kind && c.Track == position).Select(c => c.View).ToList();

    private static List<FormatView> CatalogFormats(ICatalogReader store, IReadOnlyList<long> release)
    {
        var descriptions = new Dictionary<long, List<string>>();
        using (var d = store.Query("SELECT format_position, description FROM release_format_description WHERE release_id IN {ids} ORDER BY format_position, position", release))
        {
            while (d.Read())
            {
                var format = Convert.ToInt64(d.GetValue(0), CultureInfo.InvariantCulture);
                (descriptions.TryGetValue(format, out var list) ? list : descriptions[format] = []).Add(d.GetString(1));
            }
        }

        var formats = new List<FormatView>();
        using var r = store.Query("SELECT name, nullif(qty, ''), nullif(text, ''), position FROM release_format WHERE release_id IN {ids} ORDER BY position", release);
        while (r.Read())
        {
            var described = descriptions.GetValueOrDefault(r.Int64At(3));
            formats.Add(new FormatView(r.IsDBNull(0) ? "" : r.GetString(0), Text(r, 1), described is null ? [] : [.. described], Text(r, 2)));
        }

        return formats;
    }

    private static bool Exists(SqliteConnection db, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = CollectionStore.Command(db, sql, args);
        return cmd.ExecuteScalar() is not null;
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static List<string> Strings(SqliteConnection db, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = CollectionStore.Command(db, sql, args);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    private static List<Count> Counts(SqliteConnection db, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = CollectionStore.Command(db, sql, args);
        using var r = cmd.ExecuteReader();
        var list = new List<Count>();
        while (r.Read())
        {
            list.Add(new Count(r.IsDBNull(0) ? "" : Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture)!, r.GetInt32(1)));
        }

        return list;
    }
}
