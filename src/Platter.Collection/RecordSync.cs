using System.Globalization;
using Microsoft.Data.Sqlite;
using Platter.Api;
using Platter.Api.Models;
using Platter.Storage;

namespace Platter.Collection;

/// <summary>Where the records behind a collection came from, and what could not be had.</summary>
/// <param name="Releases">Releases stored by this run: from the catalog and from the API.</param>
/// <param name="Masters">Masters stored by this run.</param>
/// <param name="Artists">Artists stored by this run.</param>
/// <param name="Missing">Records Discogs answered 404 for in this run, as "release 123".</param>
/// <param name="Calls">API calls this step made.</param>
public sealed record RecordsReport((int Catalog, int Api) Releases, (int Catalog, int Api) Masters, (int Catalog, int Api) Artists, IReadOnlyList<string> Missing, int Calls)
{
    /// <summary>Main artists of the collection whose masters this run stored: from the catalog and from the API.</summary>
    public (int Catalog, int Api) ArtistMasters { get; init; }

    /// <summary>Releases whose community figures (have, want, rating) this run stored.</summary>
    public int Stats { get; init; }

    /// <summary>Thumbnails downloaded by this run (with <see cref="RecordSync.ImageFolder"/>).</summary>
    public int Images { get; init; }

    /// <summary>Thumbnails that could not be downloaded, as "artist 12: why"; tried again on the next run.</summary>
    public IReadOnlyList<string> ImageProblems { get; init; } = [];
}

/// <summary>
/// Stores the releases of a user's collection and wantlist, their masters, and every artist
/// they name (main, track and credited artists), each record once: from the local catalog's
/// tables where the catalog holds it, through the API otherwise (a release newer than the dump,
/// or no catalog at all). Both sources are written in one shape (<c>rec_*</c> tables), so
/// everything derived from them is the same whichever source a record came from.
/// </summary>
/// <remarks>
/// Records already stored are not fetched again; each record fetched through the API is stored
/// in its own transaction, so an interrupted run loses at most the call in flight. A 404 (a
/// deleted release, an artist Discogs no longer shows) is noted in <c>rec_missing</c>, reported
/// and skipped; any other failure stops the run with what was stored kept.
/// </remarks>
public sealed class RecordSync
{
    private readonly DiscogsClient _client;
    private readonly SqliteConnection _db;
    private int _callsBase;

    /// <summary>A step over <paramref name="db"/> (a connection from <see cref="CollectionStore.Open"/>).</summary>
    public RecordSync(DiscogsClient client, SqliteConnection db)
    {
        _client = client;
        _db = db;
    }

    /// <summary>
    /// A catalog in another store (PostgreSQL) to take records from, read through its store's
    /// reader; null when the catalog, if any, is in the collection's own SQLite file.
    /// </summary>
    public ICatalogReader? Catalog { get; init; }

    /// <summary>
    /// Also fetch the community figures (have, want, rating) of every release that has none stored:
    /// one call per release that came from the catalog (a release fetched through the API brings
    /// its figures along at no cost).
    /// </summary>
    public bool WithStats { get; init; }

    /// <summary>
    /// Where to keep the collection's main artists' thumbnails as files (null: not at all). Artists
    /// that came from the catalog need one call each to learn their images; the downloads
    /// themselves go to Discogs' image host, outside the API's rate limit.
    /// </summary>
    public string? ImageFolder { get; init; }

    /// <summary>Stores what <paramref name="username"/>'s collection and wantlist need and the store lacks.</summary>
    /// <remarks>Progress counts calls from <paramref name="callsBefore"/> on (the calls the sync made before this step).</remarks>
    public async Task<RecordsReport> RunAsync(string username, IProgress<SyncProgress>? progress, CancellationToken ct, int callsBefore = 0)
    {
        var start = _client.RequestsSent;
        _callsBase = callsBefore - start;
        var missing = new List<string>();

        const string Items = "SELECT release_id FROM collection_item WHERE username = $u UNION SELECT release_id FROM collection_want WHERE username = $u";
        async Task<(int, int)> Step<T>(string kind, string wanted, Action copy, Func<int, CancellationToken, Task<T>> fetch, Action<T> store)
        {
            var ids = Needed(kind, wanted, username);
            var fromCatalog = Catalog is null ? FromCatalog(kind, ids, copy) : FromStore(Catalog, kind, ids, _storeCopies[kind]);
            var fromApi = await FromApiAsync(kind, ids, kind + "s", id => fetch(checked((int)id), ct), store, missing, progress, ct);
            return (fromCatalog, fromApi);
        }

        // In this order: the masters and artists to fetch are those the stored releases name.
        var releases = await Step("release", $"SELECT release_id AS id FROM ({Items})", CopyReleases, _client.Releases.GetAsync, StoreRelease);
        var masters = await Step("master", $"SELECT master_id AS id FROM rec_release WHERE master_id IS NOT NULL AND id IN ({Items})", CopyMasters, _client.Masters.GetAsync, StoreMaster);
        var artists = await Step("artist", $"SELECT artist_id AS id FROM rec_release_credit WHERE artist_id IS NOT NULL AND release_id IN ({Items})", CopyArtists, _client.Artists.GetAsync, StoreArtist);
        var artistMasters = await ArtistMastersAsync(username, missing, progress, ct);
        var stats = WithStats ? await StatsAsync($"SELECT release_id AS id FROM ({Items})", username, missing, progress, ct) : 0;
        var (images, imageProblems) = ImageFolder is { } folder ? await ImagesAsync(username, folder, missing, progress, ct) : (0, []);
        return new RecordsReport(releases, masters, artists, missing, _client.RequestsSent - start)
        {
            ArtistMasters = artistMasters,
            Stats = stats,
            Images = images,
            ImageProblems = imageProblems,
        };
    }

    // The collection's main artists (not the wantlist's), without the placeholders Discogs credits
    // on compilations and unknown releases (Various, Unknown Artist, No Artist), whose
    // "discographies" are much of the catalog.
    private const string MainArtists = """
        SELECT DISTINCT artist_id AS id FROM rec_release_credit
        WHERE kind = 'main' AND artist_id IS NOT NULL AND artist_id NOT IN (194, 355, 118760)
          AND release_id IN (SELECT release_id FROM collection_item WHERE username = $u)
        """;

    private const string MastersOfArtist = "masters of artist";

    /// <summary>
    /// The masters each main artist of the collection is a main artist of: from the catalog's
    /// <c>master_artist</c> when the catalog holds the artist, else from the artist's releases list
    /// (the entries of type <c>master</c> with role <c>Main</c>), every page of it.
    /// </summary>
    private async Task<(int, int)> ArtistMastersAsync(string username, List<string> missing, IProgress<SyncProgress>? progress, CancellationToken ct)
    {
        var ids = CollectionStore.Ids(_db, $"""
            SELECT id FROM ({MainArtists}) AS wanted
            WHERE id NOT IN (SELECT artist_id FROM rec_artist_masters) AND id NOT IN (SELECT id FROM rec_missing WHERE kind = $k)
            ORDER BY id
            """, ("$u", username), ("$k", MastersOfArtist));
        var fromCatalog = Catalog is not null
            ? (Catalog.HasTable("master_artist") && Catalog.HasTable("master") ? FromStore(Catalog, "artist", ids, _storeCopies[MastersOfArtist], ArtistMastersCounted) : 0)
            : CollectionStore.TableExists(_db, "master_artist") && CollectionStore.TableExists(_db, "master")
            ? FromCatalog("artist", ids, CopyArtistMasters)
            : 0;
        var fromApi = await FromApiAsync(MastersOfArtist, ids, "artist masters", async id =>
        {
            var masters = new List<ArtistRelease>();
            await foreach (var entry in _client.Artists.GetReleasesAsync(checked((int)id), ct))
            {
                if (entry.Type == "master" && string.Equals(entry.Role, "Main", StringComparison.OrdinalIgnoreCase))
                {
                    masters.Add(entry);
                }
            }

            return (Artist: id, Masters: masters);
        }, StoreArtistMasters, missing, progress, ct);
        return (fromCatalog, fromApi);
    }

    private const string ArtistMastersCounted = """
        INSERT OR REPLACE INTO rec_artist_masters
            SELECT w.id, (SELECT count(*) FROM rec_artist_master x WHERE x.artist_id = w.id), 'catalog', $now FROM temp.wanted_id w;
        """;

    private void CopyArtistMasters() => CollectionStore.Exec(_db, """
        INSERT OR IGNORE INTO rec_artist_master
            SELECT ma.artist_id, m.id, m.title, nullif(m.year, 0), m.main_release
            FROM main.master_artist ma JOIN main.master m ON m.id = ma.master_id
            WHERE ma.artist_id IN (SELECT id FROM temp.wanted_id);
        """ + ArtistMastersCounted, ("$now", CollectionStore.Now()));

    private void StoreArtistMasters((long Artist, List<ArtistRelease> Masters) list)
    {
        CollectionStore.Exec(_db, "DELETE FROM rec_artist_master WHERE artist_id = $a", ("$a", list.Artist));
        foreach (var m in list.Masters)
        {
            CollectionStore.Exec(_db, "INSERT OR IGNORE INTO rec_artist_master VALUES ($a, $m, $t, $y, $main)",
                ("$a", list.Artist), ("$m", m.Id), ("$t", m.Title), ("$y", m.Year is > 0 ? m.Year : null), ("$main", m.MainRelease is > 0 ? m.MainRelease : null));
        }

        CollectionStore.Exec(_db, "INSERT OR REPLACE INTO rec_artist_masters VALUES ($a, (SELECT count(*) FROM rec_artist_master WHERE artist_id = $a), 'api', $now)",
            ("$a", list.Artist), ("$now", CollectionStore.Now()));
    }

    /// <summary>Community figures for the releases in <paramref name="wanted"/> that have none stored.</summary>
    private async Task<int> StatsAsync(string wanted, string username, List<string> missing, IProgress<SyncProgress>? progress, CancellationToken ct)
    {
        const string Kind = "stats of release";
        var ids = CollectionStore.Ids(_db, $"""
            SELECT DISTINCT id FROM ({wanted}) AS w
            WHERE id IN (SELECT id FROM rec_release) AND id NOT IN (SELECT release_id FROM rec_release_stats) AND id NOT IN (SELECT id FROM rec_missing WHERE kind = $k)
            ORDER BY id
            """, ("$u", username), ("$k", Kind));
        return await FromApiAsync(Kind, ids, "community figures", id => _client.Releases.GetAsync(checked((int)id), ct), StoreStats, missing, progress, ct);
    }

    private void StoreStats(Release r)
    {
        // Discogs leaves the figures out of some answers: stored as unknown (null), not as "0 have",
        // and not asked for again.
        var c = r.Community;
        CollectionStore.Exec(_db, "INSERT OR REPLACE INTO rec_release_stats VALUES ($r, $have, $want, $avg, $count, $now)",
            ("$r", r.Id), ("$have", c?.Have), ("$want", c?.Want), ("$avg", c?.Rating?.Average), ("$count", c?.Rating?.Count), ("$now", CollectionStore.Now()));
    }

    /// <summary>
    /// Downloads the primary image (else the first) of each main artist of the collection into
    /// <paramref name="folder"/>, learning the images of catalog artists through the API first.
    /// An artist Discogs shows no image for is noted (no file, not asked again); a failed download
    /// is reported and tried again on the next run.
    /// </summary>
    private async Task<(int, IReadOnlyList<string>)> ImagesAsync(string username, string folder, List<string> missing, IProgress<SyncProgress>? progress, CancellationToken ct)
    {
        const string Kind = "images of artist";
        var needed = $"SELECT id FROM ({MainArtists}) AS a WHERE id IN (SELECT id FROM rec_artist) AND id NOT IN (SELECT artist_id FROM rec_artist_image_file) AND id NOT IN (SELECT id FROM rec_missing WHERE kind = $k)";
        var unknown = CollectionStore.Ids(_db, $"""
            SELECT id FROM ({needed}) AS n
            WHERE id IN (SELECT id FROM rec_artist WHERE source = 'catalog') AND id NOT IN (SELECT artist_id FROM rec_artist_image)
            ORDER BY id
            """, ("$u", username), ("$k", Kind));
        await FromApiAsync(Kind, unknown, "artist images", id => _client.Artists.GetAsync(checked((int)id), ct), StoreImages, missing, progress, ct);

        // Now every artist still needed has its images stored, or Discogs shows none.
        var directory = Directory.CreateDirectory(Path.Combine(folder, "artists")).FullName;
        var todo = new List<(long Artist, string? Url)>();
        using (var cmd = CollectionStore.Command(_db, $"""
            SELECT n.id, (SELECT coalesce(nullif(i.uri150, ''), i.uri) FROM rec_artist_image i WHERE i.artist_id = n.id ORDER BY i.type = 'primary' DESC, i.position LIMIT 1)
            FROM ({needed}) AS n
            ORDER BY n.id
            """, ("$u", username), ("$k", Kind)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                todo.Add((r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1)));
            }
        }

        var problems = new List<string>();
        var downloaded = 0;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", _client.UserAgent);
        for (var i = 0; i < todo.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var (artist, url) = todo[i];
            if (url is null)
            {
                // Discogs shows no image for this artist: nothing to keep, nothing to ask again.
                CollectionStore.Exec(_db, "INSERT OR REPLACE INTO rec_artist_image_file VALUES ($a, '', '', 0, $now)", ("$a", artist), ("$now", CollectionStore.Now()));
                continue;
            }

            var address = new Uri(_client.BaseAddress, url);
            try
            {
                var bytes = await http.GetByteArrayAsync(address, ct);
                var extension = Path.GetExtension(address.AbsolutePath) is { Length: > 1 and <= 5 } e ? e.ToLowerInvariant() : ".jpg";
                var path = Path.Combine(directory, artist.ToString(System.Globalization.CultureInfo.InvariantCulture) + extension);

                // Whole files only: a download cut short leaves no thumbnail behind.
                var temp = path + ".part";
                await File.WriteAllBytesAsync(temp, bytes, ct);
                File.Move(temp, path, overwrite: true);
                CollectionStore.Exec(_db, "INSERT OR REPLACE INTO rec_artist_image_file VALUES ($a, $url, $p, $b, $now)",
                    ("$a", artist), ("$url", address.ToString()), ("$p", path), ("$b", bytes.Length), ("$now", CollectionStore.Now()));
                downloaded++;
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                problems.Add($"artist {artist}: {address} could not be downloaded ({e.Message})");
            }

            progress?.Report(new SyncProgress("thumbnails", i + 1, todo.Count, _callsBase + _client.RequestsSent, 0));
        }

        return (downloaded, problems);
    }

    private void StoreImages(Artist a)
    {
        CollectionStore.Exec(_db, "DELETE FROM rec_artist_image WHERE artist_id = $a", ("$a", a.Id));
        StoreArtistImages(a);
    }

    /// <summary>The ids <paramref name="sql"/> names (as column <c>id</c>) that are neither stored nor known to be missing.</summary>
    private List<long> Needed(string kind, string sql, string username) => CollectionStore.Ids(_db, $"""
        SELECT DISTINCT id FROM ({sql}) AS wanted
        WHERE id NOT IN (SELECT id FROM rec_{kind}) AND id NOT IN (SELECT id FROM rec_missing WHERE kind = $k)
        ORDER BY id
        """, ("$u", username), ("$k", kind));

    /// <summary>Copies the records the catalog holds out of <paramref name="ids"/> (and removes them from it); returns how many.</summary>
    private int FromCatalog(string table, List<long> ids, Action copy)
    {
        if (ids.Count == 0 || !CollectionStore.TableExists(_db, table))
        {
            return 0;
        }

        using var tx = _db.BeginTransaction();
        Wanted(ids);

        // Only what the catalog has; the rest goes to the API.
        CollectionStore.Exec(_db, $"DELETE FROM temp.wanted_id WHERE id NOT IN (SELECT id FROM main.\"{table}\")");
        var found = CollectionStore.Ids(_db, "SELECT id FROM temp.wanted_id");
        if (found.Count > 0)
        {
            copy();
        }

        tx.Commit();
        var set = found.ToHashSet();
        ids.RemoveAll(set.Contains);
        return found.Count;
    }

    /// <summary>
    /// What <see cref="CopyReleases"/>, <see cref="CopyMasters"/>, <see cref="CopyArtists"/> and
    /// <see cref="CopyArtistMasters"/> copy within one SQLite file, as queries of another store and
    /// the inserts their rows go to (<c>$0</c>… the row's columns, <c>$now</c> the time).
    /// </summary>
    private static readonly Dictionary<string, (string Select, string Insert)[]> _storeCopies = new(StringComparer.Ordinal)
    {
        ["release"] =
        [
            ("SELECT id, master_id, title, nullif(released_year, 0), nullif(released, ''), nullif(country, '') FROM release WHERE id IN {ids}", "INSERT INTO rec_release VALUES ($0, $1, $2, $3, $4, $5, 'catalog', $now)"),
            ("SELECT release_id, 'genre', position, genre, NULL FROM release_genre WHERE release_id IN {ids}", RecTag),
            ("SELECT release_id, 'style', position, style, NULL FROM release_style WHERE release_id IN {ids}", RecTag),
            ("SELECT release_id, 'format', position, name, NULL FROM release_format WHERE release_id IN {ids}", RecTag),
            ("SELECT release_id, 'label', position, name, nullif(label_id, 0) FROM release_label WHERE release_id IN {ids}", RecTag),
            ("SELECT release_id, 'main', position, NULL, nullif(artist_id, 0), name, nullif(anv, ''), nullif(join_text, ''), nullif(role, ''), nullif(tracks, '') FROM release_artist WHERE release_id IN {ids}", RecCredit),
            ("SELECT release_id, 'extra', position, NULL, nullif(artist_id, 0), name, nullif(anv, ''), nullif(join_text, ''), nullif(role, ''), nullif(tracks, '') FROM release_credit WHERE release_id IN {ids}", RecCredit),
            ("""
                SELECT a.release_id, CASE a.kind WHEN 'artist' THEN 'track' ELSE 'track_extra' END,
                    row_number() OVER (PARTITION BY a.release_id, a.kind ORDER BY a.track, a.position),
                    t.track_position, nullif(a.artist_id, 0), a.name, nullif(a.anv, ''), nullif(a.join_text, ''), nullif(a.role, ''), nullif(a.tracks, '')
                FROM release_track_artist a
                LEFT JOIN release_track t ON t.release_id = a.release_id AND t.position = a.track
                WHERE a.release_id IN {ids}
                """, RecCredit),
        ],
        ["master"] = [("SELECT id, title, nullif(year, 0), main_release FROM master WHERE id IN {ids}", "INSERT INTO rec_master VALUES ($0, $1, $2, $3, 'catalog', $now)")],
        ["artist"] =
        [
            ("SELECT id, name, nullif(realname, ''), nullif(profile, '') FROM artist WHERE id IN {ids}", "INSERT INTO rec_artist VALUES ($0, $1, $2, $3, 'catalog', $now)"),
            ("SELECT artist_id, 'member', position, nullif(member_id, 0), name, NULL FROM artist_member WHERE artist_id IN {ids}", RecLink),
            ("SELECT artist_id, 'group', position, nullif(group_id, 0), name, NULL FROM artist_group WHERE artist_id IN {ids}", RecLink),
            ("SELECT artist_id, 'alias', position, nullif(alias_id, 0), name, NULL FROM artist_alias WHERE artist_id IN {ids}", RecLink),
            ("SELECT artist_id, position, url FROM artist_url WHERE artist_id IN {ids}", "INSERT INTO rec_artist_url VALUES ($0, $1, $2)"),
        ],
        [MastersOfArtist] =
        [
            ("SELECT ma.artist_id, m.id, m.title, nullif(m.year, 0), m.main_release FROM master_artist ma JOIN master m ON m.id = ma.master_id WHERE ma.artist_id IN {ids}", "INSERT OR IGNORE INTO rec_artist_master VALUES ($0, $1, $2, $3, $4)"),
        ],
    };

    private const string RecTag = "INSERT INTO rec_release_tag VALUES ($0, $1, $2, $3, $4)";
    private const string RecCredit = "INSERT INTO rec_release_credit VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9)";
    private const string RecLink = "INSERT INTO rec_artist_link VALUES ($0, $1, $2, $3, $4, $5)";

    /// <summary>
    /// <see cref="FromCatalog"/> for a catalog in another store: the records of <paramref name="table"/>
    /// it holds out of <paramref name="ids"/> are read there and written here in one transaction
    /// (then <paramref name="local"/>, if any, runs over them in temp.wanted_id); returns how many.
    /// </summary>
    private int FromStore(ICatalogReader catalog, string table, List<long> ids, (string Select, string Insert)[] copies, string? local = null)
    {
        if (ids.Count == 0 || !catalog.HasTable(table))
        {
            return 0;
        }

        var found = new List<long>();
        using (var r = catalog.Query($"SELECT id FROM {table} WHERE id IN {{ids}}", ids))
        {
            while (r.Read())
            {
                found.Add(r.Int64At(0));
            }
        }

        if (found.Count == 0)
        {
            return 0;
        }

        var now = CollectionStore.Now();
        using (var tx = _db.BeginTransaction())
        {
            foreach (var (select, insert) in copies)
            {
                using var rows = catalog.Query(select, found);
                using var cmd = CollectionStore.Command(_db, insert);
                for (var i = 0; i < rows.FieldCount; i++)
                {
                    cmd.Parameters.AddWithValue("$" + i.ToString(CultureInfo.InvariantCulture), DBNull.Value);
                }

                if (insert.Contains("$now", StringComparison.Ordinal))
                {
                    cmd.Parameters.AddWithValue("$now", now);
                }

                while (rows.Read())
                {
                    for (var i = 0; i < rows.FieldCount; i++)
                    {
                        cmd.Parameters[i].Value = rows.GetValue(i);
                    }

                    cmd.ExecuteNonQuery();
                }
            }

            if (local is not null)
            {
                Wanted(found);
                CollectionStore.Exec(_db, local, ("$now", now));
            }

            tx.Commit();
        }

        var set = found.ToHashSet();
        ids.RemoveAll(set.Contains);
        return found.Count;
    }

    /// <summary>Puts <paramref name="ids"/> (and only them) into temp.wanted_id.</summary>
    private void Wanted(IEnumerable<long> ids)
    {
        CollectionStore.Exec(_db, "CREATE TEMP TABLE IF NOT EXISTS wanted_id (id INTEGER PRIMARY KEY); DELETE FROM temp.wanted_id;");
        using var insert = CollectionStore.Command(_db, "INSERT OR IGNORE INTO temp.wanted_id VALUES ($id)", ("$id", 0L));
        foreach (var id in ids)
        {
            insert.Parameters[0].Value = id;
            insert.ExecuteNonQuery();
        }
    }

    private void CopyReleases()
    {
        var now = CollectionStore.Now();
        CollectionStore.Exec(_db, """
            INSERT INTO rec_release
                SELECT r.id, r.master_id, r.title, nullif(r.released_year, 0), nullif(r.released, ''), nullif(r.country, ''), 'catalog', $now
                FROM main.release r WHERE r.id IN (SELECT id FROM temp.wanted_id);
            INSERT INTO rec_release_tag SELECT release_id, 'genre', position, genre, NULL FROM main.release_genre WHERE release_id IN (SELECT id FROM temp.wanted_id);
            INSERT INTO rec_release_tag SELECT release_id, 'style', position, style, NULL FROM main.release_style WHERE release_id IN (SELECT id FROM temp.wanted_id);
            INSERT INTO rec_release_tag SELECT release_id, 'format', position, name, NULL FROM main.release_format WHERE release_id IN (SELECT id FROM temp.wanted_id);
            INSERT INTO rec_release_tag SELECT release_id, 'label', position, name, nullif(label_id, 0) FROM main.release_label WHERE release_id IN (SELECT id FROM temp.wanted_id);
            INSERT INTO rec_release_credit
                SELECT release_id, 'main', position, NULL, nullif(artist_id, 0), name, nullif(anv, ''), nullif(join_text, ''), nullif(role, ''), nullif(tracks, '')
                FROM main.release_artist WHERE release_id IN (SELECT id FROM temp.wanted_id);
            INSERT INTO rec_release_credit
                SELECT release_id, 'extra', position, NULL, nullif(artist_id, 0), name, nullif(anv, ''), nullif(join_text, ''), nullif(role, ''), nullif(tracks, '')
                FROM main.release_credit WHERE release_id IN (SELECT id FROM temp.wanted_id);
            INSERT INTO rec_release_credit
                SELECT a.release_id, CASE a.kind WHEN 'artist' THEN 'track' ELSE 'track_extra' END,
                    row_number() OVER (PARTITION BY a.release_id, a.kind ORDER BY a.track, a.position),
                    t.track_position, nullif(a.artist_id, 0), a.name, nullif(a.anv, ''), nullif(a.join_text, ''), nullif(a.role, ''), nullif(a.tracks, '')
                FROM main.release_track_artist a
                LEFT JOIN main.release_track t ON t.release_id = a.release_id AND t.position = a.track
                WHERE a.release_id IN (SELECT id FROM temp.wanted_id);
            """, ("$now", now));
    }

    private void CopyMasters() => CollectionStore.Exec(_db, """
        INSERT INTO rec_master
            SELECT id, title, nullif(year, 0), main_release, 'catalog', $now FROM main.master WHERE id IN (SELECT id FROM temp.wanted_id);
        """, ("$now", CollectionStore.Now()));

    private void CopyArtists() => CollectionStore.Exec(_db, """
        INSERT INTO rec_artist
            SELECT id, name, nullif(realname, ''), nullif(profile, ''), 'catalog', $now FROM main.artist WHERE id IN (SELECT id FROM temp.wanted_id);
        INSERT INTO rec_artist_link SELECT artist_id, 'member', position, nullif(member_id, 0), name, NULL FROM main.artist_member WHERE artist_id IN (SELECT id FROM temp.wanted_id);
        INSERT INTO rec_artist_link SELECT artist_id, 'group', position, nullif(group_id, 0), name, NULL FROM main.artist_group WHERE artist_id IN (SELECT id FROM temp.wanted_id);
        INSERT INTO rec_artist_link SELECT artist_id, 'alias', position, nullif(alias_id, 0), name, NULL FROM main.artist_alias WHERE artist_id IN (SELECT id FROM temp.wanted_id);
        INSERT INTO rec_artist_url SELECT artist_id, position, url FROM main.artist_url WHERE artist_id IN (SELECT id FROM temp.wanted_id);
        """, ("$now", CollectionStore.Now()));

    private async Task<int> FromApiAsync<T>(string kind, List<long> ids, string step, Func<long, Task<T>> fetch, Action<T> store, List<string> missing, IProgress<SyncProgress>? progress, CancellationToken ct)
    {
        var stored = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var id = ids[i];
            try
            {
                var record = await fetch(id);
                using var tx = _db.BeginTransaction();
                store(record);
                tx.Commit();
                stored++;
            }
            catch (DiscogsNotFoundException e)
            {
                // Deleted on Discogs, or never public: noted, skipped, not asked for again.
                CollectionStore.Exec(_db, "INSERT OR REPLACE INTO rec_missing VALUES ($k, $id, $why, $t)", ("$k", kind), ("$id", id), ("$why", e.Message), ("$t", CollectionStore.Now()));
                missing.Add($"{kind} {id}");
            }
            catch (DiscogsApiException e)
            {
                throw new CollectionSyncException($"{e.Message} The {stored:N0} {step} fetched before it are kept; run `platter collection sync` again and it continues with {kind} {id}.", e);
            }

            progress?.Report(new SyncProgress(step, i + 1, ids.Count, _callsBase + _client.RequestsSent, ids.Count - i - 1));
        }

        return stored;
    }

    private void StoreRelease(Release r)
    {
        StoreStats(r);
        CollectionStore.Exec(_db, "INSERT INTO rec_release VALUES ($id, $m, $t, $y, $rel, $c, 'api', $now)",
            ("$id", r.Id), ("$m", r.MasterId is > 0 ? r.MasterId : null), ("$t", r.Title), ("$y", r.Year is > 0 ? r.Year : null),
            ("$rel", CollectionStore.Blank(r.Released)), ("$c", CollectionStore.Blank(r.Country)), ("$now", CollectionStore.Now()));
        using var tag = CollectionStore.Command(_db, "INSERT INTO rec_release_tag VALUES ($r, $k, $p, $n, $ref)", ("$r", r.Id), ("$k", ""), ("$p", 0), ("$n", ""), ("$ref", null));
        void Tags(string kind, IEnumerable<(string Name, long? Ref)> values)
        {
            var position = 0;
            foreach (var (name, refId) in values)
            {
                tag.Parameters["$k"].Value = kind;
                tag.Parameters["$p"].Value = ++position;
                tag.Parameters["$n"].Value = name;
                tag.Parameters["$ref"].Value = (object?)refId ?? DBNull.Value;
                tag.ExecuteNonQuery();
            }
        }

        Tags("genre", r.Genres.Select(g => (g, (long?)null)));
        Tags("style", r.Styles.Select(s => (s, (long?)null)));
        Tags("format", r.Formats.Select(f => (f.Name, (long?)null)));
        Tags("label", r.Labels.Select(l => (l.Name, l.Id > 0 ? (long?)l.Id : null)));

        using var credit = CollectionStore.Command(_db, "INSERT INTO rec_release_credit VALUES ($r, $k, $p, $track, $a, $n, $anv, $j, $role, $tracks)",
            ("$r", r.Id), ("$k", ""), ("$p", 0), ("$track", null), ("$a", null), ("$n", null), ("$anv", null), ("$j", null), ("$role", null), ("$tracks", null));
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        void Credit(string kind, string? track, ArtistCredit a)
        {
            counters[kind] = counters.GetValueOrDefault(kind) + 1;
            var p = credit.Parameters;
            p["$k"].Value = kind;
            p["$p"].Value = counters[kind];
            p["$track"].Value = (object?)track ?? DBNull.Value;
            p["$a"].Value = a.Id > 0 ? a.Id : DBNull.Value;
            p["$n"].Value = a.Name;
            p["$anv"].Value = (object?)CollectionStore.Blank(a.Anv) ?? DBNull.Value;
            p["$j"].Value = (object?)CollectionStore.Blank(a.Join) ?? DBNull.Value;
            p["$role"].Value = (object?)CollectionStore.Blank(a.Role) ?? DBNull.Value;
            p["$tracks"].Value = (object?)CollectionStore.Blank(a.Tracks) ?? DBNull.Value;
            credit.ExecuteNonQuery();
        }

        foreach (var a in r.Artists)
        {
            Credit("main", null, a);
        }

        foreach (var a in r.ExtraArtists)
        {
            Credit("extra", null, a);
        }

        // Tracks in document order, an index track before its sub-tracks, as the catalog numbers them.
        void Tracks(IEnumerable<Track> tracks)
        {
            foreach (var t in tracks)
            {
                foreach (var a in t.Artists)
                {
                    Credit("track", CollectionStore.Blank(t.Position), a);
                }

                foreach (var a in t.ExtraArtists)
                {
                    Credit("track_extra", CollectionStore.Blank(t.Position), a);
                }

                Tracks(t.SubTracks);
            }
        }

        Tracks(r.Tracklist);
    }

    private void StoreMaster(Master m) =>
        CollectionStore.Exec(_db, "INSERT INTO rec_master VALUES ($id, $t, $y, $main, 'api', $now)",
            ("$id", m.Id), ("$t", m.Title), ("$y", m.Year is > 0 ? m.Year : null), ("$main", m.MainRelease is > 0 ? m.MainRelease : null), ("$now", CollectionStore.Now()));

    private void StoreArtist(Artist a)
    {
        CollectionStore.Exec(_db, "INSERT INTO rec_artist VALUES ($id, $n, $real, $profile, 'api', $now)",
            ("$id", a.Id), ("$n", a.Name), ("$real", CollectionStore.Blank(a.Realname)), ("$profile", CollectionStore.Blank(a.Profile)), ("$now", CollectionStore.Now()));
        void Links(string kind, IReadOnlyList<ArtistReference> refs)
        {
            for (var i = 0; i < refs.Count; i++)
            {
                CollectionStore.Exec(_db, "INSERT INTO rec_artist_link VALUES ($a, $k, $p, $o, $n, $active)",
                    ("$a", a.Id), ("$k", kind), ("$p", i + 1), ("$o", refs[i].Id > 0 ? refs[i].Id : null), ("$n", refs[i].Name), ("$active", refs[i].Active is { } x ? (x ? 1 : 0) : null));
            }
        }

        Links("member", a.Members);
        Links("group", a.Groups);
        Links("alias", a.Aliases);
        for (var i = 0; i < a.Urls.Count; i++)
        {
            CollectionStore.Exec(_db, "INSERT INTO rec_artist_url VALUES ($a, $p, $u)", ("$a", a.Id), ("$p", i + 1), ("$u", a.Urls[i]));
        }

        StoreArtistImages(a);
    }

    private void StoreArtistImages(Artist a)
    {
        for (var i = 0; i < a.Images.Count; i++)
        {
            var im = a.Images[i];
            CollectionStore.Exec(_db, "INSERT INTO rec_artist_image VALUES ($a, $p, $t, $u, $u150, $w, $h)",
                ("$a", a.Id), ("$p", i + 1), ("$t", im.Type), ("$u", CollectionStore.Blank(im.Uri)), ("$u150", CollectionStore.Blank(im.Uri150)), ("$w", im.Width), ("$h", im.Height));
        }
    }
}
