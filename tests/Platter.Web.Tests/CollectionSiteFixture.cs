using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platter.Api;
using Platter.Catalog;
using Platter.Collection;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>
/// The site over the real sample catalog with a collection synced from the local fake Discogs:
/// <see cref="Items"/> items, copies of the sample's first <see cref="ReleaseCount"/> releases (records
/// from the catalog where it holds them, else from the fake), and one headless Chromium.
/// </summary>
public sealed class CollectionSiteFixture : IAsyncLifetime, IDisposable
{
    public const string User = "collector";
    public const int Items = 90;
    public const int ReleaseCount = 60;

    private readonly TempFolder _folder = new("platter-web-collection");
    private WebApplication? _site;
    private IPlaywright? _playwright;

    public string DatabasePath => _folder.File("catalog.db");

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// The release of item (instance) i is Releases[(i - 1) % ReleaseCount]: the sample's first releases
    /// but 2, 17 and 38, whose artists have other releases here, so that the collection lacks styles its
    /// artists release in (Broken Beat, Breaks, Dub), as a real one would.
    /// </summary>
    public static IReadOnlyList<int> Releases => DumpAsApi.Sample.ReleaseIds.Where(id => id is not (2 or 17 or 38)).Take(ReleaseCount).ToList();

    public async Task InitializeAsync()
    {
        await new CatalogImporter(DatabasePath).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);
        await using (var fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions { AuthenticatedLimit = 100_000 }))
        {
            fake.Records = DumpAsApi.Sample;
            fake.AddCollection(User, Items, wants: 0, Releases);
            using var client = new DiscogsClient(new DiscogsClientOptions
            {
                BaseAddress = fake.BaseAddress,
                UserAgent = "PlatterTests/1.0 +https://example.org/platter-tests",
                Credentials = new PersonalTokenCredentials(fake.IssuePersonalToken(User)),
                AuthenticatedLimit = 100_000,
            });
            await new CollectionSync(client, DatabasePath).RunAsync(null, null, CancellationToken.None);
        }

        (_site, BaseAddress) = await TestSites.StartAsync(new SiteOptions { DatabasePath = DatabasePath, Urls = ["http://127.0.0.1:0"] });
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public void Dispose() => _folder.Dispose();

    public async Task DisposeAsync()
    {
        await TestSites.StopAsync(Browser, _playwright, _site);
        _folder.Dispose();
    }

    /// <summary>A fresh page, with the errors it writes to the console (a CSP violation is one) and its uncaught exceptions.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(int width = 1360, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        return (page, errors);
    }
}

[CollectionDefinition("collection site")]
public sealed class CollectionSiteGroup : ICollectionFixture<CollectionSiteFixture>;
