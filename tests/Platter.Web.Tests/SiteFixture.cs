

using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Platter.Catalog;
using Platter.Index;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>
/// The site over the real sample, in which release 1's title carries a script tag (as a Discogs
/// editor could type it), with the local YouTube stand-in and one headless Chromium.
/// </summary>
public sealed class SiteFixture : IAsyncLifetime, IDisposable
{
    /// <summary>Release 1's title in this catalog.</summary>
    public const string EvilTitle = "<script>alert(\"stockholm\")</script> Stockholm <b>bold</b>";

    private readonly TempFolder _folder = new("platter-web");
    private WebApplication? _site;
    private IPlaywright? _playwright;

    public string DatabasePath => _folder.File("catalog.db");

    public Uri BaseAddress { get; private set; } = null!;

    public FakeYoutube Youtube { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Folder => _folder.Path;

    public async Task InitializeAsync()
    {
        var dumps = Directory.CreateDirectory(_folder.File("dumps")).FullName;
        foreach (var entity in new[] { "artists", "labels", "masters" })
        {
            File.Copy(Fixtures.SampleFile(entity), Path.Combine(dumps, Path.GetFileName(Fixtures.SampleFile(entity))));
        }

        var xml = DumpXml.ReplaceInRelease(DumpXml.ReadGzip(Fixtures.SampleFile("releases")), 1, "<title>Stockholm</title>", "<title>" + System.Security.SecurityElement.Escape(EvilTitle) + "</title>");
        DumpXml.WriteGzip(Path.Combine(dumps, "discogs_20200806_releases.xml.gz"), xml);

        await new CatalogImporter(DatabasePath).ImportAsync([dumps], null, CancellationToken.None);
        new IndexBuilder(DatabasePath).Build();

        Youtube = await FakeYoutube.StartAsync();
        (_site, BaseAddress) = await TestSites.StartAsync(new SiteOptions { DatabasePath = DatabasePath, Urls = ["http://127.0.0.1:0"], YoutubeApi = Youtube.ApiUrl, IndexCheckInterval = TimeSpan.FromMilliseconds(200) });

        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public void Dispose() => _folder.Dispose();

    public async Task DisposeAsync()
    {
        await TestSites.StopAsync(Browser, _playwright, _site, Youtube);
        _folder.Dispose();
    }

    /// <summary>A fresh page (its own storage), with every dialog it opens recorded.</summary>
    public async Task<(IPage Page, List<string> Dialogs)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, d) =>
        {
            dialogs.Add(d.Message);
            await d.DismissAsync();
        };
        return (page, dialogs);
    }
}

/// <summary>Debian's Chromium driven by Playwright (its own browser download cannot work offline).</summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing: run scripts/test.sh, which installs Debian's chromium package.");
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Saves a screenshot under artifacts/screenshots and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var dir = System.IO.Path.Combine(Fixtures.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
