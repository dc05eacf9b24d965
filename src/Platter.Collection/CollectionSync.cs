using System.Globalization;
using Microsoft.Data.Sqlite;
using Platter.Api;
using Platter.Api.Models;
using Platter.Storage;

namespace Platter.Collection;

/// <summary>
/// Where a sync is: the step (<c>folders</c>, <c>collection</c>, <c>wantlist</c>, <c>value</c>), the
/// pages of it done out of its total, the API calls this run made, and the calls it still expects
/// to make (a lower bound while the wantlist's page count is not known yet).
/// </summary>
public sealed record SyncProgress(string Step, int Done, int Total, int Calls, int CallsLeft);

/// <summary>What a sync found and changed.</summary>
public sealed record CollectionSyncReport
{
    /// <summary>The user whose collection was synced, as Discogs spells the name.</summary>
    public required string Username { get; init; }

    /// <summary>True when it continued a pass that an earlier run left unfinished.</summary>
    public bool Resumed { get; init; }

    /// <summary>Folders the collection has, not counting "All" (folder 0, which holds every item).</summary>
    public int Folders { get; init; }

    /// <summary>Collection items (copies) stored after the sync.</summary>
    public int Items { get; init; }

    /// <summary>Items stored for the first time.</summary>
    public int ItemsAdded { get; init; }

    /// <summary>Items moved to another folder, re-rated or with changed notes.</summary>
    public int ItemsChanged { get; init; }

    /// <summary>Items removed because Discogs no longer lists them.</summary>
    public int ItemsRemoved { get; init; }

    /// <summary>Wantlist entries stored after the sync.</summary>
    public int Wants { get; init; }

    /// <summary>Wantlist entries stored for the first time.</summary>
    public int WantsAdded { get; init; }

    /// <summary>Wantlist entries removed because Discogs no longer lists them.</summary>
    public int WantsRemoved { get; init; }

    /// <summary>
    /// Why removals were left for the next sync (the collection changed on Discogs while it was
    /// read, so an item missing from this pass may only have moved to a page already read); null when none.
    /// </summary>
    public string? RemovalsDeferred { get; init; }

    /// <summary>The value snapshot taken, or null (another user's collection, whose value is private).</summary>
    public ValueSnapshot? Value { get; init; }

    /// <summary>The releases, masters and artists stored behind the collection by this run, and where they came from.</summary>
    public RecordsReport? Records { get; init; }

    /// <summary>What the derivations found after the sync (null with the collection only).</summary>
    public DeriveReport? Derived { get; init; }

    /// <summary>API calls made by this run.</summary>
    public int Calls { get; init; }
}

/// <summary>One entry of a collection's value history; amounts as Discogs states them, in one currency.</summary>
public sealed record ValueSnapshot(DateTimeOffset TakenAt, string? Currency, decimal? Minimum, decimal? Median, decimal? Maximum);

/// <summary>A sync that stopped: what failed, what was kept, and what to do.</summary>
public sealed class CollectionSyncException : Exception
{
    /// <summary>A failure with its cause.</summary>
    public CollectionSyncException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A failure without an underlying exception.</summary>
    public CollectionSyncException(string message)
        : base(message)
    {
    }

    /// <summary>A failure with the default message.</summary>
    public CollectionSyncException()
    {
    }
}

/// <summary>
/// Pulls a user's collection into the database: identity, every folder, every item of every
/// folder with its instance data (through folder 0, which lists them all with their folder), the
/// wantlist, and a value snapshot appended to the history. Each page is stored in its own
/// transaction with the position reached, so an interrupted sync continues at the next page; an
/// item or want missing on Discogs is removed only at the end of a complete pass that saw every
/// item Discogs counts.
/// </summary>
public sealed class CollectionSync
{
    private readonly DiscogsClient _client;
    private readonly string _databasePath;

    /// <summary>A sync through <paramref name="client"/> into the SQLite database at <paramref name="databasePath"/>.</summary>
    public CollectionSync(DiscogsClient client, string databasePath)
    {
        _client = client;
        _databasePath = databasePath;
    }

    /// <summary>Also store the releases, masters and artists behind the items (the default); false syncs the collection's own data only.</summary>
    public bool WithRecords { get; init; } = true;

    /// <summary>Also fetch the community figures (have, want, rating) of releases that have none: see <see cref="RecordSync.WithStats"/>.</summary>
    public bool WithStats { get; init; }

    /// <summary>Keep the main artists' thumbnails as files in this folder (null: not at all): see <see cref="RecordSync.ImageFolder"/>.</summary>
    public string? ImageFolder { get; init; }

    /// <summary>
    /// The catalog in another store to take records from (a PostgreSQL address, see
    /// <see cref="CatalogStore"/>); null when the catalog, if any, is in the database file itself.
    /// </summary>
    public string? Catalog { get; init; }

    /// <summary>Syncs <paramref name="username"/>'s collection, or the signed-in user's when null.</summary>
    public async Task<CollectionSyncReport> RunAsync(string? username, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var startCalls = _client.RequestsSent;
        int Calls() => _client.RequestsSent - startCalls;
        using var db = CollectionStore.Open(_databasePath);
        string user;
        bool own;
        int? userId = null;
        if (!string.IsNullOrWhiteSpace(username) && KnownOwner(db, username.Trim()))
        {
            // An earlier sync checked that the sign-in is this user's: no identity call needed.
            (user, own) = (username.Trim(), true);
        }
        else
        {
            var identity = await Call(() => _client.OAuth.GetIdentityAsync(cancellationToken), null);
            user = string.IsNullOrWhiteSpace(username) ? identity.Username : username.Trim();
            own = string.Equals(user, identity.Username, StringComparison.OrdinalIgnoreCase);
            userId = own ? identity.Id : null;
        }

        var known = KnownUser(db, user);
        var state = BeginPass(db, user, userId);
        var valueCalls = own ? 1 : 0;
        IReadOnlyList<CollectionFolder> folders;
        try
        {
            folders = await Call(() => _client.Collection.GetFoldersAsync(user, cancellationToken), state);
        }
        catch (CollectionSyncException e) when (!known)
        {
            // A user never synced before whose first call fails leaves no trace (a typo would
            // otherwise be listed as a user with an empty collection).
            CollectionStore.Exec(db, "DELETE FROM collection_user WHERE username = $u", ("$u", user));
            if (e.InnerException is DiscogsNotFoundException notFound)
            {
                throw new CollectionSyncException($"Discogs has no user called {user}: {notFound.Message} Nothing was stored.", notFound);
            }

            throw;
        }
        StoreFolders(db, user, folders);
        var itemPages = ((folders.FirstOrDefault(f => f.Id == 0)?.Count ?? 0) + _client.PageSize - 1) / _client.PageSize;
        progress?.Report(new SyncProgress("folders", 1, 1, Calls(), Math.Max(1, itemPages - state.ItemsNextPage + 1) + 1 + valueCalls));

        var changes = new PageChanges();
        var page = state.ItemsNextPage;
        while (true)
        {
            var p = page;
            var body = await Call(() => _client.Collection.GetItemsPageAsync(user, 0, p, cancellationToken), state);
            var pages = Math.Max(1, body.Pagination?.Pages ?? p);
            StoreItems(db, user, state.Pass, body, p + 1, changes);
            progress?.Report(new SyncProgress("collection", p, pages, Calls(), pages - p + (state.WantsNextPage > 1 ? 0 : 1) + valueCalls));
            if (p >= pages || body.Releases.Count == 0)
            {
                break;
            }

            page++;
        }

        page = state.WantsNextPage;
        while (true)
        {
            var p = page;
            var body = await Call(() => _client.Collection.GetWantsPageAsync(user, p, cancellationToken), state);
            var pages = Math.Max(1, body.Pagination?.Pages ?? p);
            StoreWants(db, user, state.Pass, body, p + 1, changes);
            progress?.Report(new SyncProgress("wantlist", p, pages, Calls(), pages - p + valueCalls));
            if (p >= pages || body.Wants.Count == 0)
            {
                break;
            }

            page++;
        }

        ValueSnapshot? value = null;
        if (own)
        {
            var v = await Call(() => _client.Collection.GetValueAsync(user, cancellationToken), state);
            value = StoreValue(db, user, v);
            progress?.Report(new SyncProgress("value", 1, 1, Calls(), 0));
        }

        var (removed, wantsRemoved, deferred) = FinishPass(db, user, state.Pass);
        RecordsReport? records = null;
        if (WithRecords)
        {
            using var catalog = OpenCatalog();
            try
            {
                records = await new RecordSync(_client, db) { WithStats = WithStats, ImageFolder = ImageFolder, Catalog = catalog }.RunAsync(user, progress, cancellationToken, Calls());
            }
            catch (System.Data.Common.DbException e) when (catalog is not null && e is not SqliteException)
            {
                // Each kind of record is copied in one transaction: what was stored before stays.
                throw new CollectionSyncException($"Reading the catalog {CatalogStore.Display(Catalog!)} failed: {e.Message} The records stored before are kept; run `platter collection sync` again.", e);
            }
        }

        var derived = WithRecords ? Derive.Run(db, user) : null;
        return new CollectionSyncReport
        {
            Username = user,
            Resumed = state.Resumed,
            Folders = folders.Count(f => f.Id != 0),
            Items = Count(db, "collection_item", user),
            ItemsAdded = changes.Added,
            ItemsChanged = changes.Changed,
            ItemsRemoved = removed,
            Wants = Count(db, "collection_want", user),
            WantsAdded = changes.WantsAdded,
            WantsRemoved = wantsRemoved,
            RemovalsDeferred = deferred,
            Value = value,
            Records = records,
            Derived = derived,
            Calls = Calls(),
        };
    }

    private static async Task<T> Call<T>(Func<Task<T>> call, PassState? state)
    {
        try
        {
            return await call();
        }
        catch (DiscogsApiException e)
        {
            // The client's message names the request (URL included), the answer and what to do.
            var kept = state is null ? "Nothing was changed."
                : e is DiscogsForbiddenException or DiscogsNotFoundException ? "What was stored before is kept."
                : "What was stored so far is kept; run `platter collection sync` again and it continues where it stopped.";
            throw new CollectionSyncException($"{e.Message} {kept}", e);
        }
    }

    private sealed record PassState(long Pass, bool Resumed, int ItemsNextPage, int WantsNextPage);

    private sealed class PageChanges
    {
        public int Added { get; set; }

        public int Changed { get; set; }

        public int WantsAdded { get; set; }
    }

    private static bool KnownOwner(SqliteConnection db, string user)
    {
        using var cmd = CollectionStore.Command(db, "SELECT user_id FROM collection_user WHERE username = $u", ("$u", user));
        return cmd.ExecuteScalar() is long;
    }

    private static bool KnownUser(SqliteConnection db, string user)
    {
        using var cmd = CollectionStore.Command(db, "SELECT 1 FROM collection_user WHERE username = $u", ("$u", user));
        return cmd.ExecuteScalar() is not null;
    }

    private static PassState BeginPass(SqliteConnection db, string user, int? userId)
    {
        CollectionStore.Exec(db, "INSERT INTO collection_user (username, user_id) VALUES ($u, $id) ON CONFLICT (username) DO UPDATE SET user_id = coalesce(excluded.user_id, user_id)", ("$u", user), ("$id", userId));
        using (var cmd = CollectionStore.Command(db, "SELECT pass, pass_complete, items_next_page, wants_next_page FROM collection_user WHERE username = $u", ("$u", user)))
        using (var r = cmd.ExecuteReader())
        {
            r.Read();
            if (r.GetInt32(1) == 0)
            {
                return new PassState(r.GetInt64(0), true, r.GetInt32(2), r.GetInt32(3));
            }
        }

        CollectionStore.Exec(db, "UPDATE collection_user SET pass = pass + 1, pass_complete = 0, items_next_page = 1, wants_next_page = 1, started_at = $t WHERE username = $u", ("$u", user), ("$t", Now()));
        using var next = CollectionStore.Command(db, "SELECT pass FROM collection_user WHERE username = $u", ("$u", user));
        return new PassState((long)next.ExecuteScalar()!, false, 1, 1);
    }

    private static void StoreFolders(SqliteConnection db, string user, IReadOnlyList<CollectionFolder> folders)
    {
        using var tx = db.BeginTransaction();
        CollectionStore.Exec(db, "DELETE FROM collection_folder WHERE username = $u", ("$u", user));
        foreach (var f in folders)
        {
            CollectionStore.Exec(db, "INSERT INTO collection_folder VALUES ($u, $id, $name, $count)", ("$u", user), ("$id", f.Id), ("$name", f.Name), ("$count", f.Count));
        }

        tx.Commit();
    }

    private ICatalogReader? OpenCatalog()
    {
        if (Catalog is null)
        {
            return null;
        }

        try
        {
            return CatalogStore.Read(Catalog);
        }
        catch (StorageException e)
        {
            throw new CollectionSyncException($"{e.Message} The collection's own data is stored; its records need the catalog: run `platter collection sync` again once it can be reached.", e);
        }
    }

    private static void StoreItems(SqliteConnection db, string user, long pass, CollectionItemsPage body, int nextPage, PageChanges changes)
    {
        using var tx = db.BeginTransaction();
        foreach (var item in body.Releases)
        {
            var fields = item.Notes.OrderBy(n => n.FieldId).Select(n => (n.FieldId, n.Value)).ToList();
            using (var old = CollectionStore.Command(db, "SELECT folder_id, rating FROM collection_item WHERE username = $u AND instance_id = $i", ("$u", user), ("$i", item.InstanceId)))
            using (var r = old.ExecuteReader())
            {
                if (!r.Read())
                {
                    changes.Added++;
                }
                else if (r.GetInt32(0) != item.FolderId || r.GetInt32(1) != item.Rating || !StoredFields(db, user, item.InstanceId).SequenceEqual(fields))
                {
                    changes.Changed++;
                }
            }

            var b = item.BasicInformation;
            CollectionStore.Exec(
                db,
                """
                INSERT INTO collection_item (username, instance_id, release_id, folder_id, date_added, rating, title, year, master_id, thumb, cover_image, seen_pass)
                VALUES ($u, $i, $r, $f, $d, $rating, $title, $year, $m, $thumb, $cover, $pass)
                ON CONFLICT (username, instance_id) DO UPDATE SET
                    release_id = excluded.release_id, folder_id = excluded.folder_id, date_added = excluded.date_added, rating = excluded.rating,
                    title = excluded.title, year = excluded.year, master_id = excluded.master_id, thumb = excluded.thumb,
                    cover_image = excluded.cover_image, seen_pass = excluded.seen_pass
                """,
                ("$u", user),
                ("$i", item.InstanceId),
                ("$r", item.Id),
                ("$f", item.FolderId),
                ("$d", item.DateAdded?.ToString("O", CultureInfo.InvariantCulture)),
                ("$rating", item.Rating),
                ("$title", b?.Title),
                ("$year", b?.Year is > 0 ? b.Year : null),
                ("$m", b?.MasterId is > 0 ? b.MasterId : null),
                ("$thumb", CollectionStore.Blank(b?.Thumb)),
                ("$cover", CollectionStore.Blank(b?.CoverImage)),
                ("$pass", pass));
            CollectionStore.Exec(db, "DELETE FROM collection_item_field WHERE username = $u AND instance_id = $i", ("$u", user), ("$i", item.InstanceId));
            foreach (var (field, value) in fields)
            {
                CollectionStore.Exec(db, "INSERT OR REPLACE INTO collection_item_field VALUES ($u, $i, $f, $v)", ("$u", user), ("$i", item.InstanceId), ("$f", field), ("$v", value));
            }
        }

        CollectionStore.Exec(db, "UPDATE collection_user SET items_next_page = $p, items_total = $n WHERE username = $u", ("$u", user), ("$p", nextPage), ("$n", body.Pagination?.Items ?? body.Releases.Count));
        tx.Commit();
    }

    private static List<(int, string?)> StoredFields(SqliteConnection db, string user, int instance)
    {
        using var cmd = CollectionStore.Command(db, "SELECT field_id, value FROM collection_item_field WHERE username = $u AND instance_id = $i ORDER BY field_id", ("$u", user), ("$i", instance));
        using var r = cmd.ExecuteReader();
        var list = new List<(int, string?)>();
        while (r.Read())
        {
            list.Add((r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1)));
        }

        return list;
    }

    private static void StoreWants(SqliteConnection db, string user, long pass, WantsPage body, int nextPage, PageChanges changes)
    {
        using var tx = db.BeginTransaction();
        foreach (var want in body.Wants)
        {
            using (var old = CollectionStore.Command(db, "SELECT 1 FROM collection_want WHERE username = $u AND release_id = $r", ("$u", user), ("$r", want.Id)))
            {
                if (old.ExecuteScalar() is null)
                {
                    changes.WantsAdded++;
                }
            }

            var b = want.BasicInformation;
            CollectionStore.Exec(
                db,
                """
                INSERT INTO collection_want (username, release_id, date_added, rating, notes, notes_public, title, year, master_id, seen_pass)
                VALUES ($u, $r, $d, $rating, $notes, $public, $title, $year, $m, $pass)
                ON CONFLICT (username, release_id) DO UPDATE SET
                    date_added = excluded.date_added, rating = excluded.rating, notes = excluded.notes, notes_public = excluded.notes_public,
                    title = excluded.title, year = excluded.year, master_id = excluded.master_id, seen_pass = excluded.seen_pass
                """,
                ("$u", user),
                ("$r", want.Id),
                ("$d", want.DateAdded?.ToString("O", CultureInfo.InvariantCulture)),
                ("$rating", want.Rating),
                ("$notes", CollectionStore.Blank(want.Notes)),
                ("$public", want.NotesPublic is bool p ? (p ? 1 : 0) : null),
                ("$title", b?.Title),
                ("$year", b?.Year is > 0 ? b.Year : null),
                ("$m", b?.MasterId is > 0 ? b.MasterId : null),
                ("$pass", pass));
        }

        CollectionStore.Exec(db, "UPDATE collection_user SET wants_next_page = $p, wants_total = $n WHERE username = $u", ("$u", user), ("$p", nextPage), ("$n", body.Pagination?.Items ?? body.Wants.Count));
        tx.Commit();
    }

    private static ValueSnapshot StoreValue(SqliteConnection db, string user, CollectionValue v)
    {
        var currency = new[] { v.Median, v.Minimum, v.Maximum }.FirstOrDefault(m => m is not null) is { } any ? any.CurrencyCode ?? any.Symbol : null;
        var snapshot = new ValueSnapshot(DateTimeOffset.UtcNow, currency, v.Minimum?.Amount, v.Median?.Amount, v.Maximum?.Amount);
        CollectionStore.Exec(
            db,
            "INSERT OR REPLACE INTO collection_value VALUES ($u, $t, $c, $min, $med, $max)",
            ("$u", user),
            ("$t", snapshot.TakenAt.ToString("O", CultureInfo.InvariantCulture)),
            ("$c", currency),
            ("$min", Amount(snapshot.Minimum)),
            ("$med", Amount(snapshot.Median)),
            ("$max", Amount(snapshot.Maximum)));
        return snapshot;
    }

    private static (int Items, int Wants, string? Deferred) FinishPass(SqliteConnection db, string user, long pass)
    {
        using var tx = db.BeginTransaction();
        int Seen(string table)
        {
            using var cmd = CollectionStore.Command(db, $"SELECT count(*) FROM {table} WHERE username = $u AND seen_pass = $p", ("$u", user), ("$p", pass));
            return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        int Delete(string table)
        {
            using var cmd = CollectionStore.Command(db, $"DELETE FROM {table} WHERE username = $u AND seen_pass < $p", ("$u", user), ("$p", pass));
            return cmd.ExecuteNonQuery();
        }

        int Total(string column)
        {
            using var cmd = CollectionStore.Command(db, $"SELECT {column} FROM collection_user WHERE username = $u", ("$u", user));
            return cmd.ExecuteScalar() is long n ? (int)n : 0;
        }

        var itemsComplete = Seen("collection_item") >= Total("items_total");
        var wantsComplete = Seen("collection_want") >= Total("wants_total");
        var removed = 0;
        var wantsRemoved = 0;
        if (itemsComplete)
        {
            removed = Delete("collection_item");
        }

        if (wantsComplete)
        {
            wantsRemoved = Delete("collection_want");
        }

        CollectionStore.Exec(db, "UPDATE collection_user SET pass_complete = 1, completed_at = $t WHERE username = $u", ("$u", user), ("$t", Now()));
        tx.Commit();
        var deferred = itemsComplete && wantsComplete
            ? null
            : "the collection or wantlist changed on Discogs while it was read, so items not seen in this pass were kept; the next sync removes what is really gone";
        return (removed, wantsRemoved, deferred);
    }

    private static int Count(SqliteConnection db, string table, string user)
    {
        using var cmd = CollectionStore.Command(db, $"SELECT count(*) FROM {table} WHERE username = $u", ("$u", user));
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string? Amount(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);

    private static string Now() => CollectionStore.Now();
}
