namespace Platter.Api;

/// <summary>
/// Settings of a <see cref="DiscogsClient"/>. The defaults are Discogs' real values; tests shorten
/// the rate-limit window and the retry delays so they run in seconds.
/// </summary>
public sealed class DiscogsClientOptions
{
    /// <summary>The default API address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.discogs.com/");

    /// <summary>The default User-Agent: Discogs asks every application to name itself.</summary>
    public const string DefaultUserAgent = "Platter/0.1 +https://github.com/platter";

    /// <summary>The API's base address (a local stand-in in tests, or a mirror).</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>The page a user opens to approve the application in the OAuth flow.</summary>
    public Uri AuthorizeAddress { get; set; } = new("https://www.discogs.com/oauth/authorize");

    /// <summary>The User-Agent sent with every request; required and never empty.</summary>
    public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>The credentials requests carry.</summary>
    public DiscogsCredentials Credentials { get; set; } = DiscogsCredentials.None;

    /// <summary>Items per page when paging (Discogs allows at most 100; more per page means fewer requests).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Requests allowed per window when authenticated, until a response says otherwise.</summary>
    public int AuthenticatedLimit { get; set; } = 60;

    /// <summary>Requests allowed per window without credentials.</summary>
    public int AnonymousLimit { get; set; } = 25;

    /// <summary>The length of Discogs' moving rate-limit window.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Requests of the window left unused as a margin, because the limit is shared by every
    /// process behind the same address and Discogs' count is a moving average.
    /// </summary>
    public int RateLimitReserve { get; set; } = 1;

    /// <summary>How often a request that met a 429, a 5xx or a timeout is tried again.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first backoff delay after a 5xx or a timeout; it doubles on each retry, plus jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single backoff delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it counts as a timeout and is retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for rate limiting, backoff and OAuth timestamps.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
