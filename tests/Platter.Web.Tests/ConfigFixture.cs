using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Platter.Api;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>
/// The site with sign-in and sync against the local fake Discogs (OAuth endpoints, authorize page,
/// a synthetic collection of real sample records), a config folder of its own, every log line
/// captured, and one headless Chromium.
/// </summary>
public sealed class ConfigFixture : IAsyncLifetime, IDisposable
{
    /// <summary>The collector whose personal token syncs.</summary>
    public const string Collector = "collector";

    /// <summary>Items of the collector's collection on the fake.</summary>
    public const int Items = 250;

    /// <summary>Wants of the collector.</summary>
    public const int Wants = 3;

    private readonly TempFolder _folder = new("platter-config");
    private WebApplication? _site;
    private IPlaywright? _playwright;

    public FakeDiscogsApi Fake { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public CapturedLog Log { get; } = new();

    public string DatabasePath => _folder.File("platter.db");

    public string SecretsPath => _folder.File(Path.Combine("config", "secrets.yaml"));

    public string Folder => _folder.Path;

    /// <summary>Every page's HTML the tests read, to check that no secret reached one.</summary>
    public ConcurrentBag<string> Pages { get; } = [];

    public async Task InitializeAsync()
    {
        Fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions { AuthenticatedLimit = 1000, AnonymousLimit = 1000 });
        Fake.Records = DumpAsApi.Sample;
        Fake.AddCollection(Collector, Items, Wants, DumpAsApi.Sample.ReleaseIds.Take(12).ToList());
        (_site, BaseAddress) = await StartSiteAsync(withConsumer: true);
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A site over this fixture's folder and fake; without the consumer key and secret when <paramref name="withConsumer"/> is false.</summary>
    public Task<(WebApplication Site, Uri Address)> StartSiteAsync(bool withConsumer) =>
        TestSites.StartAsync(
            new SiteOptions
            {
                DatabasePath = DatabasePath,
                Urls = ["http://127.0.0.1:0"],
                SecretsPath = SecretsPath,
                ConfigFile = _folder.File(Path.Combine("config", "config.yaml")),
                DiscogsApi = Fake.BaseAddress,
                DiscogsAuthorize = new Uri(Fake.BaseAddress, "oauth/authorize"),
                UserAgent = "PlatterTests/1.0 +https://example.org/platter-tests",
                ConsumerKey = withConsumer ? Fake.ConsumerKey : null,
                ConsumerSecret = withConsumer ? Fake.ConsumerSecret : null,
            },
            logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Log));

    /// <summary>Stores a personal token of the collector as the sign-in, the way the CLI does.</summary>
    public string SignInCollector()
    {
        var token = Fake.IssuePersonalToken(Collector);
        new SecretsFile(SecretsPath).SavePersonalToken(Collector, token);
        return token;
    }

    /// <summary>Removes the stored sign-in, if any.</summary>
    public void SignOutOnDisk() => new SecretsFile(SecretsPath).Delete();

    /// <summary>A fresh browser context (its own cookies) and a page in it.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>The page's HTML, kept for the secrets check.</summary>
    public async Task<string> HtmlAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var html = await page.ContentAsync();
        Pages.Add(html);
        return html;
    }

    public void Dispose() => _folder.Dispose();

    public async Task DisposeAsync()
    {
        await TestSites.StopAsync(Browser, _playwright, _site, Fake);
        _folder.Dispose();
    }
}

/// <summary>Every line the site logs, with its exception, at every level.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}
