using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Platter.Catalog;
using Platter.Index;
using Platter.Storage;
using Platter.Web;

namespace Platter.Cli.Commands;

/// <summary><c>platter serve [--db FILE] [--urls URL] [--import PATH]</c>: the tag explorer in a browser.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var db = ImportCommand.DatabaseOption();
        var local = ImportCommand.LocalOption();
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen, e.g. http://0.0.0.0:8080 to let other machines in (separate several with ';') [default: PLATTER_URLS or the config file's urls (this machine only), else {SiteOptions.DefaultUrl}]",
            HelpName = "URL",
        };
        var import = new Option<string[]>("--import")
        {
            Description = "Dump files or folders to import first, unless the database already holds them (same entity and dump date); e.g. samples/dumps/2020-08-sample.",
            HelpName = "PATH",
            AllowMultipleArgumentsPerToken = true,
        };
        var youtube = new Option<string?>("--youtube-api")
        {
            Description = "The YouTube IFrame Player API script the page loads [default: PLATTER_YOUTUBE_API, else https://www.youtube.com/iframe_api]",
            HelpName = "URL",
        };
        var command = new Command(
            "serve",
            "Serve the tag explorer: pick tags, see the matching works, play their videos as one playlist; sign in with Discogs and sync your collection at /config. Listens on this machine only unless --urls says otherwise. Builds the tag index first when it is missing or out of date.")
        {
            db, local, urls, import, youtube,
        };
        command.SetAction(async (result, ct) =>
        {
            var stores = ImportCommand.Stores(context, result.GetValue(db), result.GetValue(local));
            var listen = ListenUrls(context, result.GetValue(urls));
            var youtubeApi = context.Settings.Get("youtube_api", result.GetValue(youtube), "https://www.youtube.com/iframe_api");
            if (!Uri.TryCreate(youtubeApi, UriKind.Absolute, out var youtubeUri))
            {
                throw new CliException($"--youtube-api '{youtubeApi}' is not an absolute URL.");
            }

            if (result.GetValue(import) is { Length: > 0 } paths)
            {
                var code = await ImportMissingAsync(context, stores, paths.Select(context.FullPath).ToList(), ct);
                if (code != ExitCodes.Ok)
                {
                    return code;
                }
            }

            await EnsureIndexAsync(context, stores, ct);

            return await RunSiteAsync(context, SiteOptionsFor(context, stores, listen, youtubeUri), ct);
        });
        return command;
    }

    /// <summary>
    /// The site's options. The sign-in and sync on /config read the same settings (api_url,
    /// authorize_url, user_agent, consumer_key, consumer_secret) and the same secrets file as
    /// `platter auth` and `platter collection sync`.
    /// </summary>
    public static SiteOptions SiteOptionsFor(CliContext context, Stores stores, IReadOnlyList<string> listen, Uri youtubeApi)
    {
        var discogs = new DiscogsConnectionOptions(context);
        var (api, authorize, userAgent, consumer) = discogs.ForSite();
        return new SiteOptions
        {
            DatabasePath = stores.Local,
            Catalog = stores.Catalog,
            Urls = listen,
            YoutubeApi = youtubeApi,
            SecretsPath = discogs.Secrets.Path,
            ConfigFile = context.Settings.ConfigFile,
            DiscogsApi = api,
            DiscogsAuthorize = authorize,
            UserAgent = userAgent,
            ConsumerKey = consumer?.Key,
            ConsumerSecret = consumer?.Secret,
        };
    }

    /// <summary>The addresses to listen on: --urls as given; PLATTER_URLS or the config file only on this machine.</summary>
    public static IReadOnlyList<string> ListenUrls(CliContext context, string? option)
    {
        var explicitly = option is not null;
        var value = context.Settings.Get("urls", option, SiteOptions.DefaultUrl);
        var list = value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0)
        {
            throw new CliException("--urls names no address; write http://HOST:PORT, for example " + SiteOptions.DefaultUrl + ".");
        }

        foreach (var url in list)
        {
            bool loopback;
            try
            {
                loopback = PlatterSite.IsLoopback(url);
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message);
            }

            if (!loopback && !explicitly)
            {
                throw new CliException(
                    $"Refusing to listen on {url}, which other machines can reach: it came from PLATTER_URLS or the config file. " +
                    "The site has no sign-in of its own; to serve beyond this machine, ask for it on the command line: --urls " + url);
            }
        }

        return list;
    }

    private static async Task<int> ImportMissingAsync(CliContext context, Stores stores, IReadOnlyList<string> paths, CancellationToken ct)
    {
        IReadOnlyList<DumpFileInfo> files;
        try
        {
            files = CatalogImporter.Inspect(paths);
        }
        catch (Exception e) when (e is ImportInputException or Platter.Dumps.DumpFormatException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(e.Message, ExitCodes.Failure);
        }

        var database = stores.Catalog;
        IReadOnlyList<ImportRun> runs = [];
        if (CatalogStore.IsPostgres(database) || File.Exists(database))
        {
            try
            {
                using var catalog = CatalogStore.Open(database);
                runs = catalog.ImportRuns();
            }
            catch (StorageException e)
            {
                throw new CliException(e.Message, ExitCodes.Failure);
            }
        }

        var missing = files.Where(f => !runs.Any(r => r.Entity == f.Entity && (f.DumpDate is null ? r.Path == f.Path : r.DumpDate == f.DumpDate))).ToList();
        if (missing.Count == 0)
        {
            await context.Error.WriteLineAsync($"{CatalogStore.Display(database)} already holds {string.Join(", ", files.Select(f => Path.GetFileName(f.Path)))}; not importing again.");
            return ExitCodes.Ok;
        }

        return await ImportCommand.RunAsync(context, stores, missing.Select(f => f.Path).ToList(), ct);
    }

    private static async Task EnsureIndexAsync(CliContext context, Stores stores, CancellationToken ct)
    {
        if (!CatalogStore.IsPostgres(stores.Catalog) && !File.Exists(stores.Catalog))
        {
            await context.Error.WriteLineAsync($"{stores.Catalog} does not exist yet; the site will say how to import a catalog.");
            return;
        }

        try
        {
            var index = TagIndex.Open(stores.Local, stores.Catalog, ct);
            if (!index.Info.Stale)
            {
                return;
            }
        }
        catch (IndexException)
        {
            // Missing or from another version: build it below when there is a catalog to build it from.
        }

        try
        {
            await IndexCommand.BuildAsync(context, stores, parallel: true, ct);
        }
        catch (CliException e)
        {
            // An empty database: the page says what to do.
            await context.Error.WriteLineAsync("note: " + e.Message);
        }
    }

    private static async Task<int> RunSiteAsync(CliContext context, SiteOptions options, CancellationToken ct)
    {
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = PlatterSite.Create(options);
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            throw new CliException($"Cannot listen on {string.Join(", ", options.Urls)}: {e.Message}. Is another program (or another platter serve) using that port? Choose another with --urls.", e, ExitCodes.Failure);
        }

        await using (app)
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            foreach (var a in addresses)
            {
                var at = a.Replace("[::]", "localhost", StringComparison.Ordinal);
                await context.Out.WriteLineAsync($"Platter is serving {options.Shown} at {at}/ — open it in a browser (sign in with Discogs and sync your collection at {at}/config). Ctrl+C stops.");
            }

            await context.Out.FlushAsync(ct);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                await context.Error.WriteLineAsync("Stopping.");
            }

            await app.StopAsync(CancellationToken.None);
        }

        return ExitCodes.Ok;
    }
}
