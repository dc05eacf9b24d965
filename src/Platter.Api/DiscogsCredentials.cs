namespace Platter.Api;

/// <summary>
/// How requests authenticate with Discogs. The three user-facing kinds are a personal token,
/// an application's consumer key and secret, and an OAuth 1.0a access token; <see cref="None"/>
/// sends nothing. <see cref="object.ToString"/> never includes a secret.
/// </summary>
public abstract class DiscogsCredentials
{
    private protected DiscogsCredentials()
    {
    }

    /// <summary>No credentials: the low rate tier, no image URLs, no user data.</summary>
    public static DiscogsCredentials None { get; } = new NoCredentials();

    /// <summary>True when Discogs counts requests in the authenticated (higher) rate tier.</summary>
    public virtual bool IsAuthenticated => true;

    /// <summary>What kind of credentials these are, for messages (e.g. "personal token").</summary>
    public abstract string Kind { get; }

    /// <summary>The <c>Authorization</c> header for a request, or null to send none.</summary>
    public abstract string? AuthorizationHeader(HttpMethod method, Uri url);

    /// <inheritdoc/>
    public override string ToString() => Kind;

    private sealed class NoCredentials : DiscogsCredentials
    {
        public override bool IsAuthenticated => false;

        public override string Kind => "no credentials";

        public override string? AuthorizationHeader(HttpMethod method, Uri url) => null;
    }
}

/// <summary>A personal access token from the Discogs developer settings: <c>Authorization: Discogs token=…</c>.</summary>
public sealed class PersonalTokenCredentials : DiscogsCredentials
{
    private readonly string _token;

    /// <summary>Creates the credentials.</summary>
    public PersonalTokenCredentials(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _token = token.Trim();
    }

    /// <inheritdoc/>
    public override string Kind => "personal token";

    /// <inheritdoc/>
    public override string AuthorizationHeader(HttpMethod method, Uri url) => "Discogs token=" + _token;
}

/// <summary>An application's consumer key and secret alone: <c>Authorization: Discogs key=…, secret=…</c>. Acts as no user.</summary>
public sealed class ConsumerKeyCredentials : DiscogsCredentials
{
    private readonly string _key;
    private readonly string _secret;

    /// <summary>Creates the credentials.</summary>
    public ConsumerKeyCredentials(string consumerKey, string consumerSecret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerSecret);
        _key = consumerKey;
        _secret = consumerSecret;
    }

    /// <inheritdoc/>
    public override string Kind => "consumer key";

    /// <inheritdoc/>
    public override string AuthorizationHeader(HttpMethod method, Uri url) => "Discogs key=" + _key + ", secret=" + _secret;
}

/// <summary>An OAuth 1.0a access token and its secret, signing every request for the application.</summary>
public sealed class OAuthCredentials : DiscogsCredentials
{
    private readonly OAuthSigner _signer;
    private readonly string _token;
    private readonly string _tokenSecret;

    /// <summary>Creates the credentials.</summary>
    public OAuthCredentials(OAuthSigner signer, string token, string tokenSecret)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(tokenSecret);
        _signer = signer;
        _token = token;
        _tokenSecret = tokenSecret;
    }

    /// <inheritdoc/>
    public override string Kind => "OAuth, " + OAuth1.MethodName(_signer.Method);

    /// <inheritdoc/>
    public override string AuthorizationHeader(HttpMethod method, Uri url) =>
        _signer.AuthorizationHeader(method, url, _token, _tokenSecret);
}
