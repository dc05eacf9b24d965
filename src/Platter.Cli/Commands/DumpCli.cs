using System.CommandLine;
using Platter.Dumps.Download;

namespace Platter.Cli.Commands;

/// <summary>What the dump verbs (<c>dumps list</c>, <c>dumps download</c>, <c>sync</c>) share: options, settings, errors.</summary>
internal static class DumpCli
{
    public static Option<string?> SourceOption() => new("--source")
    {
        Description = "Site the dumps come from (default https://data.discogs.com/; PLATTER_SOURCE, config key 'source').",
        HelpName = "URL",
    };

    public static Option<string?> DirOption() => new("--dir")
    {
        Description = "Folder the dump files are downloaded to (PLATTER_DUMPS_DIR, config key 'dumps_dir'; default ~/.local/share/platter/dumps).",
        HelpName = "DIR",
    };

    /// <summary>The source URL from the option, PLATTER_SOURCE, the config file or the default.</summary>
    public static Uri SourceUri(CliContext context, string? option)
    {
        var text = context.Settings.Get("source", option, DumpSource.DefaultRoot.ToString());
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"The dump source '{text}' is not an http(s) URL. Give one with --source or PLATTER_SOURCE, e.g. https://data.discogs.com/.");
        }

        return uri;
    }

    /// <summary>The download folder from the option, PLATTER_DUMPS_DIR, the config file or the default.</summary>
    public static string DumpsDirectory(CliContext context, string? option)
    {
        var dir = context.Settings.Find("dumps_dir", option);
        return dir is null ? Path.Combine(DataDirectory(context), "dumps") : context.FullPath(dir);
    }

    /// <summary><c>$XDG_DATA_HOME/platter</c>, else <c>~/.local/share/platter</c>.</summary>
    public static string DataDirectory(CliContext context)
    {
        var xdg = context.Environment("XDG_DATA_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "platter");
        }

        var home = context.Environment("HOME");
        return Path.Combine(string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home, ".local", "share", "platter");
    }

    /// <summary>An HTTP client for one command: no overall time-out (the releases file takes a while), no automatic decompression.</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(30),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        MaxConnectionsPerServer = 1,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Runs dump work, turning its failures into messages and exit codes.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (DumpException e)
        {
            throw new CliException(e.Message, e, ExitCodes.Failure);
        }
        catch (Platter.Storage.StorageException e)
        {
            throw new CliException(e.Message, e, ExitCodes.Failure);
        }
    }
}
