using Platter.Api;
using Platter.Catalog;
using Platter.Collection;
using Platter.Testing;

namespace Platter.Collection.Tests;

/// <summary>The collection sync against the fake Discogs: recorded responses, a synthetic 1,000-item collection, faults.</summary>
public sealed class SyncTests : IAsyncLifetime, IDisposable
{
    private const string User = "collector";
    private readonly TempFolder _folder = new("platter-collection");
    private FakeDiscogsApi _fake = null!;

    private string Db => _folder.File("platter.db");

    public async Task InitializeAsync() => _fake = await FakeDiscogsApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_recorded_collection_of_example_is_stored_exactly()
    {
        using var client = Client("example", pageSize: 50); // the recordings were made with per_page=50
        var report = await new CollectionSync(client, Db) { WithRecords = false }.RunAsync(null, null, CancellationToken.None);

        Assert.Equal("example", report.Username);
        Assert.Equal((3, 3, 0, 3, 2), (report.Items, report.ItemsAdded, report.ItemsRemoved, report.Wants, report.Folders));
        Assert.Equal(5, report.Calls); // identity, folders, one page of items, one of wants, value
        Assert.Equal(
            ["101 6794957 1 0 2015-04-14T03:23:29.0000000-07:00 The K&D Sessions™ 2015 52323", "102 457553 1 0 2009-08-20T00:00:00.0000000-07:00 10_Traktion 02 2004 -", "103 656052 1 0 2009-08-20T00:00:00.0000000-07:00 Control / Command & Conquer 2006 442393"],
            Rows("SELECT instance_id || ' ' || release_id || ' ' || folder_id || ' ' || rating || ' ' || date_added || ' ' || title || ' ' || year || ' ' || coalesce(master_id, '-') FROM collection_item WHERE username = 'example' ORDER BY instance_id"));
        Assert.Equal(["0 All 3", "1 Uncategorized folder 0", "2 Collection folder 2 0"], Rows("SELECT folder_id || ' ' || name || ' ' || count FROM collection_folder ORDER BY folder_id"));
        Assert.Equal(
            ["1 0 - 0 Stockholm", "1675174 3 - 0 Dawn Metropolis", "1867708 4 Sample public notes. 1 Year Zero"],
            Rows("SELECT release_id || ' ' || rating || ' ' || coalesce(notes, '-') || ' ' || notes_public || ' ' || title FROM collection_want ORDER BY release_id"));
        Assert.Equal(["GBP 1.05 2.50 5"], Rows("SELECT currency || ' ' || minimum || ' ' || median || ' ' || maximum FROM collection_value"));
        Assert.Equal(1L, Scalar("SELECT user_id FROM collection_user WHERE username = 'example'"));
    }

    [Fact]
    public async Task A_thousand_items_take_fifteen_calls_and_every_instance_field_is_kept()
    {
        _fake.AddCollection(User, 1000, wants: 120);
        using var client = Client(User);
        var report = await new CollectionSync(client, Db) { WithRecords = false }.RunAsync(null, null, CancellationToken.None);

        // identity + folders + 10 pages of 100 items + 2 pages of wants + value
        Assert.Equal(15, report.Calls);
        Assert.Equal((1000, 1000, 120, 120), (report.Items, report.ItemsAdded, report.Wants, report.WantsAdded));
        Assert.Equal(1000L, Scalar("SELECT count(DISTINCT release_id) FROM collection_item"));
        Assert.Equal(Enumerable.Range(1, 1000).Sum(i => i % 6), Scalar("SELECT sum(rating) FROM collection_item"));
        Assert.Equal(2 * Enumerable.Range(1, 1000).Count(i => i % 3 == 0), Scalar("SELECT count(*) FROM collection_item_field"));
        Assert.Equal(["Near Mint (NM or M-)", "copy 999"], Rows("SELECT value FROM collection_item_field WHERE instance_id = 999 ORDER BY field_id"));
        Assert.Equal(["EUR 1204.10 2010.55 3991.00"], Rows("SELECT currency || ' ' || minimum || ' ' || median || ' ' || maximum FROM collection_value"));
        foreach (var page in Enumerable.Range(1, 10))
        {
            Assert.Equal(1, _fake.Requests.Count(r => r.PathAndQuery == $"/users/{User}/collection/folders/0/releases?page={page}&per_page=100"));
        }
    }

    [Fact]
    public async Task A_second_sync_stores_moves_ratings_additions_and_removals_and_appends_the_value()
    {
        var collection = _fake.AddCollection(User, 250, wants: 3);
        using var client = Client(User);
        var sync = new CollectionSync(client, Db) { WithRecords = false };
        await sync.RunAsync(null, null, CancellationToken.None);

        collection.Remove(5);
        collection.Move(7, 2);
        collection.Rate(9, 5); // was 9 % 6 = 3
        collection.Add(2);
        collection.Wants = 2;
        var report = await sync.RunAsync(User, null, CancellationToken.None); // as the CLI runs it: the signed-in user's name is stored

        Assert.Equal((251, 2, 2, 1), (report.Items, report.ItemsAdded, report.ItemsChanged, report.ItemsRemoved));
        Assert.Equal((2, 0, 1), (report.Wants, report.WantsAdded, report.WantsRemoved));
        Assert.Null(report.RemovalsDeferred);
        Assert.Equal(3 + 3, report.Calls); // the collection's 3 pages + folders, the wantlist's page, value (the user is known: no identity call)
        Assert.Equal(0L, Scalar("SELECT count(*) FROM collection_item WHERE instance_id = 5"));
        Assert.Equal(["7 2", "9 5", "251 1", "252 1"], Rows("SELECT instance_id || ' ' || CASE instance_id WHEN 9 THEN rating ELSE folder_id END FROM collection_item WHERE instance_id IN (7, 9, 251, 252) ORDER BY instance_id"));
        Assert.Equal(["0 All 251", "1 Uncategorized 250", "2 Favourites 1"], Rows("SELECT folder_id || ' ' || name || ' ' || count FROM collection_folder ORDER BY folder_id"));
        Assert.Equal(2L, Scalar("SELECT count(*) FROM collection_value"));
    }

    [Fact]
    public async Task An_interrupted_sync_continues_at_the_next_page_and_fetches_no_page_twice()
    {
        _fake.AddCollection(User, 1000);
        using var client = Client(User);
        var sync = new CollectionSync(client, Db) { WithRecords = false };
        using var stop = new CancellationTokenSource();
        var progress = new OnReport<SyncProgress>(p =>
        {
            if (p.Step == "collection" && p.Done == 3)
            {
                stop.Cancel(); // Ctrl+C after the third page was stored
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sync.RunAsync(null, progress, stop.Token));
        Assert.Equal(300L, Scalar("SELECT count(*) FROM collection_item"));

        var report = await sync.RunAsync(null, null, CancellationToken.None);
        Assert.True(report.Resumed);
        Assert.Equal((1000, 700), (report.Items, report.ItemsAdded));
        foreach (var page in Enumerable.Range(1, 10))
        {
            Assert.Equal(1, _fake.Requests.Count(r => r.PathAndQuery == $"/users/{User}/collection/folders/0/releases?page={page}&per_page=100"));
        }
    }

    [Fact]
    public async Task A_token_revoked_mid_sync_stops_it_with_the_call_and_what_to_do_and_keeps_the_pages_stored()
    {
        _fake.AddCollection(User, 500);
        using var client = Client(User);
        var progress = new OnReport<SyncProgress>(p =>
        {
            if (p.Step == "collection" && p.Done == 2)
            {
                _fake.RevokeAll();
            }
        });
        var e = await Assert.ThrowsAsync<CollectionSyncException>(() => new CollectionSync(client, Db) { WithRecords = false }.RunAsync(null, progress, CancellationToken.None));

        Assert.StartsWith($"GET {_fake.BaseAddress}users/{User}/collection/folders/0/releases?page=3&per_page=100 was refused: 401 Unauthorized", e.Message, StringComparison.Ordinal);
        Assert.Contains("sign in again with `platter auth login` (or store a personal token with `platter auth token TOKEN`).", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("What was stored so far is kept; run `platter collection sync` again and it continues where it stopped.", e.Message, StringComparison.Ordinal);
        Assert.IsType<DiscogsUnauthorizedException>(e.InnerException);
        Assert.Equal(200L, Scalar("SELECT count(*) FROM collection_item"));

        using var again = Client(User);
        var report = await new CollectionSync(again, Db) { WithRecords = false }.RunAsync(null, null, CancellationToken.None);
        Assert.Equal((500, 300, true), (report.Items, report.ItemsAdded, report.Resumed));
    }

    [Fact]
    public async Task A_server_error_that_does_not_go_away_deletes_nothing()
    {
        _fake.AddCollection(User, 300);
        using var client = Client(User);
        var sync = new CollectionSync(client, Db) { WithRecords = false };
        await sync.RunAsync(null, null, CancellationToken.None);

        var progress = new OnReport<SyncProgress>(p =>
        {
            if (p.Step == "folders")
            {
                _fake.FailNext(100, 500);
            }
        });
        var e = await Assert.ThrowsAsync<CollectionSyncException>(() => sync.RunAsync(null, progress, CancellationToken.None));

        Assert.Equal(
            $"GET {_fake.BaseAddress}users/{User}/collection/folders/0/releases?page=1&per_page=100 failed: 500 Internal Server Error (\"An internal server error occurred.\") after 5 attempts. Discogs is having trouble; try again later. "
            + "What was stored so far is kept; run `platter collection sync` again and it continues where it stopped.",
            e.Message);
        Assert.Equal(300L, Scalar("SELECT count(*) FROM collection_item"));
    }

    [Fact]
    public async Task A_truncated_page_is_reported_with_its_call_and_the_next_run_finishes()
    {
        _fake.AddCollection(User, 300);
        using var client = Client(User);
        var progress = new OnReport<SyncProgress>(p =>
        {
            if (p.Step == "collection" && p.Done == 1)
            {
                _fake.TruncateNext(1);
            }
        });
        var e = await Assert.ThrowsAsync<CollectionSyncException>(() => new CollectionSync(client, Db) { WithRecords = false }.RunAsync(null, progress, CancellationToken.None));
        Assert.StartsWith($"GET {_fake.BaseAddress}users/{User}/collection/folders/0/releases?page=2&per_page=100 returned 200 with JSON that is invalid or cut short at line 1, byte ", e.Message, StringComparison.Ordinal);
        Assert.Equal(100L, Scalar("SELECT count(*) FROM collection_item"));

        var report = await new CollectionSync(client, Db) { WithRecords = false }.RunAsync(null, null, CancellationToken.None);
        Assert.Equal(300, report.Items);
    }

    [Fact]
    public async Task Another_users_private_collection_is_refused_with_what_to_do()
    {
        _fake.AddCollection("someone-else", 10);
        using var client = Client(User);
        var e = await Assert.ThrowsAsync<CollectionSyncException>(() => new CollectionSync(client, Db) { WithRecords = false }.RunAsync("someone-else", null, CancellationToken.None));
        Assert.StartsWith($"GET {_fake.BaseAddress}users/someone-else/collection/folders was refused: 403 Forbidden", e.Message, StringComparison.Ordinal);
        Assert.Contains("This needs other rights, such as signing in as the owner of the data", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("What was stored before is kept.", e.Message, StringComparison.Ordinal);
        Assert.Empty(SqliteRead.Column(Db, "SELECT username FROM collection_user WHERE username = 'someone-else'"));
    }

    [Fact]
    public async Task An_unknown_user_is_named_with_the_call_and_nothing_is_stored()
    {
        _fake.AddCollection(User, 10);
        using var client = Client(User);
        await new CollectionSync(client, Db) { WithRecords = false }.RunAsync(null, null, CancellationToken.None);
        var before = SqliteRead.Column(Db, "SELECT count(*) FROM collection_item").Single();

        var e = await Assert.ThrowsAsync<CollectionSyncException>(() => new CollectionSync(client, Db) { WithRecords = false }.RunAsync("nobody-by-this-name", null, CancellationToken.None));
        Assert.Equal($"Discogs has no user called nobody-by-this-name: GET {_fake.BaseAddress}users/nobody-by-this-name/collection/folders failed: 404 Not Found (\"The requested resource was not found.\"). Check the id, user name or path. Nothing was stored.", e.Message);

        // The collection synced before is untouched, and the name tried is not listed as a user.
        Assert.Equal(before, SqliteRead.Column(Db, "SELECT count(*) FROM collection_item").Single());
        Assert.Equal(["collector"], SqliteRead.Column(Db, "SELECT username FROM collection_user ORDER BY username"));
    }

    [Fact]
    public async Task An_empty_collection_syncs_to_nothing()
    {
        _fake.AddCollection(User, 0);
        using var client = Client(User);
        var report = await new CollectionSync(client, Db) { WithRecords = false }.RunAsync(null, null, CancellationToken.None);
        Assert.Equal((0, 0, 0), (report.Items, report.Wants, report.ItemsRemoved));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM collection_item"));
    }

    [Fact]
    public async Task A_catalog_import_leaves_the_collection_as_it_was()
    {
        _fake.AddCollection(User, 120, wants: 5);
        using var client = Client(User);
        await new CollectionSync(client, Db) { WithRecords = false }.RunAsync(null, null, CancellationToken.None);
        var before = Rows("SELECT instance_id || folder_id || rating || title FROM collection_item ORDER BY instance_id");

        await new CatalogImporter(Db).ImportAsync([Fixtures.SampleFile("masters")], null, CancellationToken.None);

        Assert.Equal(before, Rows("SELECT instance_id || folder_id || rating || title FROM collection_item ORDER BY instance_id"));
        Assert.Equal(5L, Scalar("SELECT count(*) FROM collection_want"));
        Assert.True(Scalar("SELECT count(*) FROM master") > 0);
    }

    private DiscogsClient Client(string user, int pageSize = 100) => new(new DiscogsClientOptions
    {
        BaseAddress = _fake.BaseAddress,
        UserAgent = "PlatterTests/1.0 +https://example.org/platter-tests",
        Credentials = new PersonalTokenCredentials(_fake.IssuePersonalToken(user)),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(5),
        PageSize = pageSize,
    });

    private List<string> Rows(string sql) => SqliteRead.Column(Db, sql);

    private long Scalar(string sql) => SqliteRead.Number(Db, sql);
}
