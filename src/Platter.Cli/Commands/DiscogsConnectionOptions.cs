using System.CommandLine;
using Platter.Api;

namespace Platter.Cli.Commands;

/// <summary>
/// The options every Discogs verb shares (<c>--api-url</c>, <c>--consumer-key</c>,
/// <c>--consumer-secret</c>, <c>--user-agent</c>), resolved through <see cref="PlatterSettings"/>
/// (option, then <c>PLATTER_*</c> variable, then config.yaml, then default), and the client built from them.
/// </summary>
internal sealed class DiscogsConnectionOptions
{
    private readonly CliContext _context;

    public DiscogsConnectionOptions(CliContext context) => _context = context;

    public Option<string> ApiUrl { get; } = new("--api-url") { Description = "Discogs API address [PLATTER_API_URL, api_url; default https://api.discogs.com]", Recursive = true };

    public Option<string> ConsumerKey { get; } = new("--consumer-key") { Description = "Your application's consumer key, for signing in [PLATTER_CONSUMER_KEY, consumer_key]", Recursive = true };

    public Option<string> ConsumerSecret { get; } = new("--consumer-secret") { Description = "Your application's consumer secret [PLATTER_CONSUMER_SECRET, consumer_secret]", Recursive = true };

    public Option<string> UserAgent { get; } = new("--user-agent") { Description = "User-Agent sent to Discogs [PLATTER_USER_AGENT, user_agent]", Recursive = true };

    public SecretsFile Secrets => SecretsFile.In(_context.Settings.ConfigDirectory);

    public void AddTo(Command command)
    {
        command.Options.Add(ApiUrl);
        command.Options.Add(ConsumerKey);
        command.Options.Add(ConsumerSecret);
        command.Options.Add(UserAgent);
    }

    /// <summary>The application's key and secret from the options or settings; null when either is missing.</summary>
    public (string Key, string Secret)? Consumer(ParseResult parse) => Consumer(parse.GetValue(ConsumerKey), parse.GetValue(ConsumerSecret));

    public Uri BaseAddress(ParseResult parse) => BaseAddress(parse.GetValue(ApiUrl));

    public DiscogsClient Client(ParseResult parse, DiscogsCredentials credentials) =>
        new(new DiscogsClientOptions { BaseAddress = BaseAddress(parse), AuthorizeAddress = AuthorizeAddress(), UserAgent = UserAgentValue(parse.GetValue(UserAgent)), Credentials = credentials });

    /// <summary>The settings the site's sign-in and sync need, from the same places the CLI reads (no command-line options: `serve` has none of these).</summary>
    public (Uri Api, Uri Authorize, string UserAgent, (string Key, string Secret)? Consumer) ForSite() =>
        (BaseAddress((string?)null), AuthorizeAddress(), UserAgentValue(null), Consumer(null, null));

    /// <summary>The page where a user approves the application [PLATTER_AUTHORIZE_URL, authorize_url]; tests point it at the fake.</summary>
    public Uri AuthorizeAddress() => HttpUrl("authorize_url", null, new DiscogsClientOptions().AuthorizeAddress.AbsoluteUri, "The authorize address", "PLATTER_AUTHORIZE_URL or authorize_url");

    private (string Key, string Secret)? Consumer(string? keyOption, string? secretOption)
    {
        var settings = _context.Settings;
        var key = settings.Find("consumer_key", keyOption);
        var secret = settings.Find("consumer_secret", secretOption);
        return key is null || secret is null ? null : (key, secret);
    }

    private Uri BaseAddress(string? option) => HttpUrl("api_url", option, DiscogsClientOptions.DefaultBaseAddress.AbsoluteUri, "The API address", "--api-url, PLATTER_API_URL or api_url");

    private Uri HttpUrl(string key, string? option, string fallback, string what, string where)
    {
        var text = _context.Settings.Get(key, option, fallback);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new CliException($"{what} \"{text}\" is not an http(s) URL. Fix {where} in {_context.Settings.ConfigFile}.");
        }

        return url;
    }

    private string UserAgentValue(string? option)
    {
        var userAgent = _context.Settings.Get("user_agent", option, DiscogsClientOptions.DefaultUserAgent).Trim();
        if (userAgent.Length == 0)
        {
            // Discogs answers requests without a User-Agent with empty responses.
            throw new CliException($"The User-Agent is blank; Discogs needs one that names the application. Fix --user-agent, PLATTER_USER_AGENT or user_agent in {_context.Settings.ConfigFile}.");
        }

        return userAgent;
    }

    /// <summary>
    /// The stored sign-in, or null. An OAuth sign-in is signed with the application it was made
    /// with (stored beside it), falling back to the configured one.
    /// </summary>
    public DiscogsCredentials? Stored(ParseResult parse)
    {
        try
        {
            return Secrets.Credentials(Consumer(parse));
        }
        catch (SecretsFileException e)
        {
            throw new CliException(e.Message + " Run `platter auth login` (or `platter auth token`).", e, ExitCodes.Auth);
        }
    }

    /// <summary>The user name of the stored sign-in, or null.</summary>
    public string? StoredUsername()
    {
        try
        {
            return Secrets.Username();
        }
        catch (SecretsFileException e)
        {
            throw new CliException(e.Message + " Run `platter auth logout`, then sign in again.", e, ExitCodes.Auth);
        }
    }

    /// <summary>Runs Discogs work, turning API errors into messages and exit codes scripts can rely on.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (DiscogsApiException e) when (e is DiscogsUnauthorizedException or DiscogsForbiddenException)
        {
            throw new CliException(e.Message, e, ExitCodes.Auth);
        }
        catch (DiscogsApiException e)
        {
            throw new CliException(e.Message, e, ExitCodes.Failure);
        }
    }
}
