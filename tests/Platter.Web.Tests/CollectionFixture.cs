using Microsoft.Data.Sqlite;
using Platter.Api;
using Platter.Collection;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>
/// The site of <see cref="SiteFixture"/> (the real sample catalog) with two collections synced
/// into its database against the fake Discogs: "early", 10 items, synced first; and "collector",
/// 300 items over the sample's first 150 releases (two copies each, one added every five days,
/// some moved to Favourites and re-rated), synced twice so its value has a history. Artist 3's
/// profile is replaced by one with a script tag and markup, as a Discogs editor could type it.
/// </summary>
public sealed class CollectionFixture : IAsyncLifetime
{
    public const string User = "collector";
    public const string EarlyUser = "early";

    /// <summary>Synced before the others: 3 items of releases Discogs does not serve (404), so only the collection's own data is known.</summary>
    public const string GhostUser = "ghost";
    public const int Items = 300;
    public const int ReleaseCount = 150;

    /// <summary>The item moved to Favourites and rated 5: a copy of <see cref="Releases"/>[2] (release 3).</summary>
    public const int FavouriteInstance = 3;

    /// <summary>Artist 3's profile in this database.</summary>
    public const string EvilProfile = "<script>alert(1)</script> Josh Wink is [b]bold[/b] and [i]slanted[/i], with [a2] and [a=Josh Wink]. " +
        "[url=javascript:alert(2)]bad link[/url] [url=https://example.org/wink]his site[/url] <img src=x onerror=alert(3)> [r123] [l=Ovum Recordings]";

    private FakeDiscogsApi? _fake;

    public SiteFixture Site { get; } = new();

    public FakeCollector Collector { get; private set; } = null!;

    /// <summary>The releases of the collection, in the order the fake assigns them to items.</summary>
    public static List<int> Releases => DumpAsApi.Sample.ReleaseIds.Take(ReleaseCount).ToList();

    public string DatabasePath => Site.DatabasePath;

    public async Task InitializeAsync()
    {
        await Site.InitializeAsync();
        _fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions { AuthenticatedLimit = 100_000 });
        _fake.Records = DumpAsApi.Sample;

        _fake.AddCollection(GhostUser, 3);
        await SyncAsync(GhostUser);
        await Task.Delay(1100); // completed_at has whole seconds: the users' order is the order of their syncs

        _fake.AddCollection(EarlyUser, 10, wants: 1, Releases.Skip(40).Take(10).ToList());
        await SyncAsync(EarlyUser);
        await Task.Delay(1100);

        Collector = _fake.AddCollection(User, Items, wants: 4, Releases);
        Collector.AddedEvery = TimeSpan.FromDays(5);
        Collector.Move(FavouriteInstance, 2);
        Collector.Rate(FavouriteInstance, 5);
        Collector.Move(40, 2);
        Collector.Value = ("€1,100.00", "€1,900.50", "€3,500.00");
        await SyncAsync(User);
        await Task.Delay(1100); // a value snapshot a second later: taken_at differs
        Collector.Value = ("€1,204.10", "€2,010.55", "€3,991.00");
        await SyncAsync(User);

        using var db = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "UPDATE rec_artist SET profile = $p WHERE id = 3";
        cmd.Parameters.AddWithValue("$p", EvilProfile);
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }

    public async Task DisposeAsync()
    {
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }

        await Site.DisposeAsync();
    }

    private async Task SyncAsync(string user)
    {
        using var client = new DiscogsClient(new DiscogsClientOptions
        {
            BaseAddress = _fake!.BaseAddress,
            UserAgent = "PlatterTests/1.0 +https://example.org/platter-tests",
            Credentials = new PersonalTokenCredentials(_fake.IssuePersonalToken(user)),
        });
        await new CollectionSync(client, DatabasePath).RunAsync(null, null, CancellationToken.None);
    }
}
