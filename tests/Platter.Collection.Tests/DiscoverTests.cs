using System.Text.Json;
using Platter.Api;
using Platter.Catalog;
using Platter.Collection;
using Platter.Testing;

namespace Platter.Collection.Tests;

/// <summary>Discoveries over a collection of the sample's releases, with the sample catalog imported, against a plain in-memory reference.</summary>
public sealed class DiscoverTests : IAsyncLifetime, IDisposable
{
    private const string User = "collector";
    private readonly TempFolder _folder = new("platter-discover");

    /// <summary>
    /// The sample's first releases but 2, 17 and 38, whose artists have other releases here: so the
    /// collection lacks styles its artists release in (Broken Beat, Breaks, Dub), as a real one would.
    /// </summary>
    public static List<int> Releases => DumpAsApi.Sample.ReleaseIds.Where(id => id is not (2 or 17 or 38)).Take(60).ToList();

    private string Db => _folder.File("platter.db");

    public async Task InitializeAsync()
    {
        await new CatalogImporter(Db).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);
        await SyncAsync(Db, catalog: null);
    }

    /// <summary>Syncs the collection of <see cref="Releases"/> into <paramref name="database"/>, its records from <paramref name="catalog"/> (null: the file's own).</summary>
    private static async Task SyncAsync(string database, string? catalog)
    {
        await using var fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions { AuthenticatedLimit = 100_000 });
        fake.Records = DumpAsApi.Sample;
        fake.AddCollection(User, 90, wants: 0, Releases);
        using var client = new DiscogsClient(new DiscogsClientOptions
        {
            BaseAddress = fake.BaseAddress,
            UserAgent = "PlatterTests/1.0 +https://example.org/platter-tests",
            Credentials = new PersonalTokenCredentials(fake.IssuePersonalToken(User)),
            AuthenticatedLimit = 100_000,
        });
        await new CollectionSync(client, database) { Catalog = catalog }.RunAsync(null, null, CancellationToken.None);
    }

    [Fact]
    public async Task With_the_catalog_on_postgres_the_discoveries_are_those_of_the_same_catalog_in_the_file()
    {
        var postgres = LocalPostgres.Shared.CreateDatabase();
        try
        {
            await new CatalogImporter(postgres).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);
            var local = _folder.File("local.db");
            await SyncAsync(local, postgres);
            Assert.Empty(SqliteRead.Column(local, "SELECT name FROM sqlite_master WHERE name IN ('release', 'release_artist', 'artist')")); // the catalog is only on the server

            var options = new DiscoverOptions { Today = new DateOnly(2021, 1, 15), Seed = 7 };
            using var catalog = Platter.Storage.CatalogStore.Read(postgres);
            using var fromServer = CollectionStore.Open(local);
            using var fromFile = CollectionStore.Open(Db);
            var expected = Discover.Find(fromFile, User, options);
            Assert.Equal("catalog", expected.Source);
            Assert.NotEmpty(expected.Similar);
            Assert.NotEmpty(expected.BlindSpots);
            Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(Discover.Find(fromServer, User, options, catalog)));

            // An artist page's similar artists, for the collection's artists.
            foreach (var artist in expected.Similar.Select(s => s.BecauseOfId).Distinct().Take(5))
            {
                var similar = Discover.SimilarTo(fromFile, User, artist);
                Assert.Equal("catalog", similar.Source);
                Assert.Equal(JsonSerializer.Serialize(similar), JsonSerializer.Serialize(Discover.SimilarTo(fromServer, User, artist, catalog: catalog)));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            LocalPostgres.Shared.DropDatabase(postgres);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Similar_artists_come_from_the_catalog_outside_the_collection_scored_as_documented()
    {
        using var db = CollectionStore.Open(Db);
        var found = Discover.Find(db, User, new DiscoverOptions { Today = new DateOnly(2021, 1, 15), Seed = 7 });
        var reference = new DiscoverReference(Db, User);

        Assert.Equal("catalog", found.Source);
        Assert.InRange(reference.Candidates().Count, 21, 499); // under the candidate limit, so the reference (which has none) is comparable
        var expected = reference.Similar(20);
        Assert.Equal(20, found.Similar.Count);
        Assert.Equal(expected.Select(e => $"{e.Id} {e.Score:F9}"), found.Similar.Select(s => $"{s.Id} {s.Score:F9}"));
        Assert.All(found.Similar, s => Assert.DoesNotContain(s.Id, reference.InCollection));
        Assert.All(found.Similar, s => Assert.Contains(s.BecauseOfId, reference.Seeds.Select(x => x.Id)));
        Assert.DoesNotContain(found.Similar, s => s.Name.StartsWith("artist ", StringComparison.Ordinal));
    }

    [Fact]
    public void Blind_spots_are_the_top_artists_genres_and_styles_the_collection_lacks()
    {
        using var db = CollectionStore.Open(Db);
        var found = Discover.Find(db, User, new DiscoverOptions { Today = new DateOnly(2021, 1, 15), Seed = 7 });
        var expected = new DiscoverReference(Db, User).BlindSpots(15);
        Assert.Subset(found.BlindSpots.Select(b => $"{b.Kind}:{b.Name}").ToHashSet(), new HashSet<string> { "style:Broken Beat", "style:Breaks", "style:Dub" });
        Assert.Equal(expected.Select(e => $"{e.Kind}:{e.Name} {e.Releases} {string.Join(", ", e.Artists)}"), found.BlindSpots.Select(b => $"{b.Kind}:{b.Name} {b.Releases} {string.Join(", ", b.Artists)}"));
    }

    [Fact]
    public void Rediscovery_draws_toward_the_oldest_and_this_month_is_the_calendar_month_of_earlier_years()
    {
        using var db = CollectionStore.Open(Db);
        var january = Discover.Find(db, User, new DiscoverOptions { Today = new DateOnly(2021, 1, 15), Seed = 7 });
        var reference = new DiscoverReference(Db, User);
        Assert.Equal(reference.Rediscover(7, 12), january.Rediscover.Select(i => i.InstanceId));
        Assert.Equal(12, january.Rediscover.Select(i => i.InstanceId).Distinct().Count());

        // The fake adds item n at 2020-01-01 00:00 -08:00 plus n hours: all 90 in January 2020.
        Assert.Equal(Enumerable.Range(1, 90).Select(i => (long)i), january.ThisMonth.Select(i => i.InstanceId));
        Assert.Equal(reference.ThisMonth(new DateOnly(2021, 1, 15)), january.ThisMonth.Select(i => i.InstanceId));
        Assert.Empty(Discover.Find(db, User, new DiscoverOptions { Today = new DateOnly(2021, 2, 15) }).ThisMonth);
        Assert.Empty(Discover.Find(db, User, new DiscoverOptions { Today = new DateOnly(2020, 1, 15) }).ThisMonth); // the same year is not history

        // Toward the oldest: over many draws, the older half is picked more often than the newer.
        var older = 0;
        var newer = 0;
        for (var seed = 0; seed < 200; seed++)
        {
            foreach (var id in reference.Rediscover(seed, 12))
            {
                if (id <= 45)
                {
                    older++;
                }
                else
                {
                    newer++;
                }
            }
        }

        Assert.True(older > newer * 2, $"older {older}, newer {newer}");
        var first = january.Rediscover[0];
        Assert.False(string.IsNullOrEmpty(first.Title));
        Assert.False(string.IsNullOrEmpty(first.Artists));
    }
}
