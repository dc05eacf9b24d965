namespace Platter.Api;

/// <summary>
/// Signs requests for one application (consumer) with OAuth 1.0a: adds the <c>oauth_*</c>
/// parameters with a fresh nonce and a unix-second timestamp, and computes the signature.
/// </summary>
public sealed class OAuthSigner
{
    private readonly string _consumerKey;
    private readonly string _consumerSecret;
    private readonly TimeProvider _time;
    private readonly Func<string> _nonce;

    /// <summary>Creates a signer. <paramref name="nonce"/> and <paramref name="time"/> are replaceable so tests can pin them.</summary>
    public OAuthSigner(string consumerKey, string consumerSecret, OAuthSignatureMethod method, TimeProvider? time = null, Func<string>? nonce = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerKey);
        ArgumentException.ThrowIfNullOrEmpty(consumerSecret);
        _consumerKey = consumerKey;
        _consumerSecret = consumerSecret;
        Method = method;
        _time = time ?? TimeProvider.System;
        _nonce = nonce ?? OAuth1.NewNonce;
    }

    /// <summary>The signature method this signer uses.</summary>
    public OAuthSignatureMethod Method { get; }

    /// <summary>
    /// The <c>Authorization</c> header for one request. <paramref name="token"/> is absent for the
    /// request-token call; <paramref name="extra"/> carries <c>oauth_callback</c> or
    /// <c>oauth_verifier</c>; <paramref name="formBody"/> holds form-encoded body parameters,
    /// which HMAC-SHA1 signs too.
    /// </summary>
    public string AuthorizationHeader(
        HttpMethod method,
        Uri url,
        string? token,
        string? tokenSecret,
        IEnumerable<KeyValuePair<string, string>>? extra = null,
        IEnumerable<KeyValuePair<string, string>>? formBody = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        var oauth = new List<KeyValuePair<string, string>>
        {
            new("oauth_consumer_key", _consumerKey),
            new("oauth_nonce", _nonce()),
            new("oauth_signature_method", OAuth1.MethodName(Method)),
            new("oauth_timestamp", OAuth1.Timestamp(_time.GetUtcNow())),
        };
        if (!string.IsNullOrEmpty(token))
        {
            oauth.Add(new("oauth_token", token));
        }

        if (extra is not null)
        {
            oauth.AddRange(extra);
        }

        string signature;
        if (Method == OAuthSignatureMethod.HmacSha1)
        {
            var all = OAuth1.ParseForm(url.Query).Concat(formBody ?? []).Concat(oauth);
            signature = OAuth1.HmacSha1Signature(OAuth1.SignatureBaseString(method.Method, url, all), _consumerSecret, tokenSecret);
        }
        else
        {
            signature = OAuth1.SigningKey(_consumerSecret, tokenSecret);
        }

        oauth.Add(new("oauth_signature", signature));
        return OAuth1.AuthorizationHeader(oauth);
    }
}
