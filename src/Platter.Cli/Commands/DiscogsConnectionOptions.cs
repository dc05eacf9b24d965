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

    public SecretsFile Secrets => new(_context.Settings);

    public void AddTo(Command command)
    {
        command.Options.Add(ApiUrl);
        command.Options.Add(ConsumerKey);
        command.Options.Add(ConsumerSecret);
        command.Options.Add(UserAgent);
    }

    /// <summary>The application's key and secret from the options or settings; null when either is missing.</summary>
    public (string Key, string Secret)? Consumer(ParseResult parse)
    {
        var settings = _context.Settings;
        var key = settings.Find("consumer_key", parse.GetValue(ConsumerKey));
        var secret = settings.Find("consumer_secret", parse.GetValue(ConsumerSecret));
        return key is null || secret is null ? null : (key, secret);
    }

    public Uri BaseAddress(ParseResult parse)
    {
        var text = _context.Settings.Get("api_url", parse.GetValue(ApiUrl), DiscogsClientOptions.DefaultBaseAddress.AbsoluteUri);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new CliException($"The API address \"{text}\" is not an http(s) URL. Fix --api-url, PLATTER_API_URL or api_url in {_context.Settings.ConfigFile}.");
        }

        return url;
    }

    public DiscogsClient Client(ParseResult parse, DiscogsCredentials credentials)
    {
        var userAgent = _context.Settings.Get("user_agent", parse.GetValue(UserAgent), DiscogsClientOptions.DefaultUserAgent).Trim();
        if (userAgent.Length == 0)
        {
            // Discogs answers requests without a User-Agent with empty responses.
            throw new CliException($"The User-Agent is blank; Discogs needs one that names the application. Fix --user-agent, PLATTER_USER_AGENT or user_agent in {_context.Settings.ConfigFile}.");
        }

        return new DiscogsClient(new DiscogsClientOptions { BaseAddress = BaseAddress(parse), UserAgent = userAgent, Credentials = credentials });
    }

    /// <summary>
    /// The stored sign-in, or null. An OAuth sign-in is signed with the application it was made
    /// with (stored beside it), falling back to the configured one.
    /// </summary>
    public DiscogsCredentials? Stored(ParseResult parse)
    {
        var values = Secrets.Load();
        if (values is null || !values.TryGetValue("token", out var token) || token.Length == 0)
        {
            return null;
        }

        if (values.GetValueOrDefault("method") != "oauth")
        {
            return new PersonalTokenCredentials(token);
        }

        var configured = Consumer(parse);
        var key = values.GetValueOrDefault("consumer_key") ?? configured?.Key;
        var secret = values.GetValueOrDefault("consumer_secret") ?? configured?.Secret;
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            throw new CliException($"The stored OAuth sign-in in {Secrets.Path} lacks the application's consumer key and secret. Sign in again with `platter auth login`.", ExitCodes.Auth);
        }

        var method = values.GetValueOrDefault("signature") == "hmac-sha1" ? OAuthSignatureMethod.HmacSha1 : OAuthSignatureMethod.Plaintext;
        return new OAuthCredentials(new OAuthSigner(key, secret, method), token, values.GetValueOrDefault("token_secret") ?? "");
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
