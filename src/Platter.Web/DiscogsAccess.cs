using Platter.Api;

namespace Platter.Web;

/// <summary>The site's way to Discogs: clients built from <see cref="SiteOptions"/>, and the stored sign-in.</summary>
public sealed class DiscogsAccess
{
    private readonly SiteOptions _options;

    /// <summary>Creates the access from the site's options.</summary>
    public DiscogsAccess(SiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Secrets = options.SecretsPath is null ? null : new SecretsFile(options.SecretsPath);
    }

    /// <summary>The secrets file, or null when the site was started without one.</summary>
    public SecretsFile? Secrets { get; }

    /// <summary>The registered application's key and secret, or null when either is missing.</summary>
    public (string Key, string Secret)? Consumer =>
        string.IsNullOrWhiteSpace(_options.ConsumerKey) || string.IsNullOrWhiteSpace(_options.ConsumerSecret) ? null : (_options.ConsumerKey, _options.ConsumerSecret);

    /// <summary>A client with <paramref name="credentials"/>; the caller disposes it.</summary>
    public DiscogsClient Client(DiscogsCredentials credentials) => new(new DiscogsClientOptions
    {
        BaseAddress = _options.DiscogsApi,
        AuthorizeAddress = _options.DiscogsAuthorize,
        UserAgent = _options.UserAgent,
        Credentials = credentials,
    });

    /// <summary>The stored credentials, or null when not signed in (throws <see cref="SecretsFileException"/> for a broken file).</summary>
    public DiscogsCredentials? Stored() => Secrets?.Credentials(Consumer);
}
