using Platter.Api.Models;

namespace Platter.Api;

/// <summary>A request token and its secret (step 1 of the OAuth flow); the secret signs step 4.</summary>
public sealed record RequestToken(string Token, string Secret, bool CallbackConfirmed)
{
    /// <inheritdoc/>
    public override string ToString() => "request token (secret hidden)";
}

/// <summary>An access token and its secret: what a signed-in user's requests are signed with.</summary>
public sealed record AccessToken(string Token, string Secret)
{
    /// <inheritdoc/>
    public override string ToString() => "access token (secret hidden)";
}

/// <summary>The OAuth 1.0a flow and the identity check.</summary>
public sealed class OAuthClient : DiscogsSubClient
{
    internal OAuthClient(DiscogsConnection connection)
        : base(connection)
    {
    }

    /// <summary>Step 1: a request token. <paramref name="callback"/> is where Discogs sends the browser; <c>oob</c> shows the verifier to the user instead.</summary>
    public async Task<RequestToken> GetRequestTokenAsync(OAuthSigner signer, string callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentException.ThrowIfNullOrEmpty(callback);
        var form = await PostForTokenAsync(
            DiscogsUrls.RequestToken,
            (method, url) => signer.AuthorizationHeader(method, url, null, null, [new("oauth_callback", callback)]),
            cancellationToken);
        return new RequestToken(form.Token, form.Secret, form.Values.GetValueOrDefault("oauth_callback_confirmed") == "true");
    }

    /// <summary>Step 2: the page where the user approves the application.</summary>
    public Uri AuthorizeUrl(RequestToken requestToken)
    {
        ArgumentNullException.ThrowIfNull(requestToken);
        var builder = new UriBuilder(Connection.Options.AuthorizeAddress) { Query = "oauth_token=" + OAuth1.Encode(requestToken.Token) };
        return builder.Uri;
    }

    /// <summary>Step 4: trades the request token and the verifier for an access token; the request-token secret signs this call.</summary>
    public async Task<AccessToken> GetAccessTokenAsync(OAuthSigner signer, RequestToken requestToken, string verifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(requestToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(verifier);
        var form = await PostForTokenAsync(
            DiscogsUrls.AccessToken,
            (method, url) => signer.AuthorizationHeader(method, url, requestToken.Token, requestToken.Secret, [new("oauth_verifier", verifier.Trim())]),
            cancellationToken);
        return new AccessToken(form.Token, form.Secret);
    }

    /// <summary>Who the client's credentials belong to (needs a personal token or an OAuth access token).</summary>
    public Task<Identity> GetIdentityAsync(CancellationToken cancellationToken) =>
        Connection.GetJsonAsync(DiscogsUrls.Identity, DiscogsJsonContext.Default.Identity, cancellationToken);

    private async Task<(string Token, string Secret, Dictionary<string, string> Values)> PostForTokenAsync(
        string path, Func<HttpMethod, Uri, string?> authorize, CancellationToken cancellationToken)
    {
        var response = await Connection.SendAsync(HttpMethod.Post, Connection.Url(path), authorize, cancellationToken);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in OAuth1.ParseForm(response.Body.Trim()))
        {
            values[name] = value;
        }

        if (!values.TryGetValue("oauth_token", out var token) || !values.TryGetValue("oauth_token_secret", out var secret) || token.Length == 0)
        {
            throw DiscogsErrors.Unexpected(HttpMethod.Post, response.Url, response.Status, "a body without oauth_token and oauth_token_secret", null);
        }

        return (token, secret, values);
    }
}
