using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Platter.Api;

/// <summary>How an OAuth 1.0a request is signed. Discogs accepts both.</summary>
public enum OAuthSignatureMethod
{
    /// <summary><c>PLAINTEXT</c>: the signature is the two secrets joined by <c>&amp;</c> (what Discogs recommends over HTTPS).</summary>
    Plaintext,

    /// <summary><c>HMAC-SHA1</c> over the signature base string (RFC 5849 section 3.4.2).</summary>
    HmacSha1,
}

/// <summary>
/// The pieces of OAuth 1.0a (RFC 5849) that Discogs uses: RFC 3986 percent-encoding, the
/// signature base string, PLAINTEXT and HMAC-SHA1 signatures, and the <c>Authorization</c> header.
/// Pure functions, so the published test vectors can check each step.
/// </summary>
public static class OAuth1
{
    /// <summary>The name OAuth uses for a signature method (<c>PLAINTEXT</c>, <c>HMAC-SHA1</c>).</summary>
    public static string MethodName(OAuthSignatureMethod method) =>
        method == OAuthSignatureMethod.HmacSha1 ? "HMAC-SHA1" : "PLAINTEXT";

    /// <summary>
    /// RFC 3986 percent-encoding: only <c>A-Z a-z 0-9 - . _ ~</c> stay literal, hex is upper case,
    /// space is <c>%20</c>. (<c>WebUtility.UrlEncode</c> differs and breaks HMAC signatures.)
    /// </summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Uri.EscapeDataString(value);
    }

    /// <summary>
    /// Splits a query string or an <c>application/x-www-form-urlencoded</c> body into decoded
    /// name/value pairs (<c>+</c> means space; a name without <c>=</c> has an empty value).
    /// </summary>
    public static List<KeyValuePair<string, string>> ParseForm(string? encoded)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(encoded))
        {
            return pairs;
        }

        foreach (var part in encoded.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add(new(Decode(name), Decode(value)));
        }

        return pairs;
    }

    /// <summary>
    /// The signature base string (RFC 5849 section 3.4.1): upper-case method, the base URL
    /// (lower-case scheme and host, no default port, no query) and the normalised parameters,
    /// each part encoded and joined by <c>&amp;</c>. <paramref name="parameters"/> holds the
    /// decoded query, form-body and <c>oauth_*</c> parameters (without <c>oauth_signature</c>).
    /// </summary>
    public static string SignatureBaseString(string method, Uri url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(parameters);
        return method.ToUpperInvariant() + "&" + Encode(BaseUrl(url)) + "&" + Encode(NormalizeParameters(parameters));
    }

    /// <summary>The base string URI: scheme and host in lower case, the port only when not the default, the path.</summary>
    public static string BaseUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = url.Scheme.ToLowerInvariant();
        var host = url.Host.ToLowerInvariant();
        var port = url.IsDefaultPort ? "" : ":" + url.Port.ToString(CultureInfo.InvariantCulture);
        return scheme + "://" + host + port + url.AbsolutePath;
    }

    /// <summary>Encodes every name and value, sorts by name then value (ordinal) and joins with <c>=</c> and <c>&amp;</c>.</summary>
    public static string NormalizeParameters(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return string.Join('&', parameters
            .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>The signing key: <c>enc(consumer secret)&amp;enc(token secret)</c>; also the PLAINTEXT signature.</summary>
    public static string SigningKey(string consumerSecret, string? tokenSecret) =>
        Encode(consumerSecret) + "&" + Encode(tokenSecret ?? "");

    /// <summary>Base64 of HMAC-SHA1 over the base string with <see cref="SigningKey"/>.</summary>
    public static string HmacSha1Signature(string baseString, string consumerSecret, string? tokenSecret)
    {
        ArgumentNullException.ThrowIfNull(baseString);
        var key = Encoding.ASCII.GetBytes(SigningKey(consumerSecret, tokenSecret));
#pragma warning disable CA5350 // OAuth 1.0a defines HMAC-SHA1; Discogs accepts nothing stronger.
        return Convert.ToBase64String(HMACSHA1.HashData(key, Encoding.ASCII.GetBytes(baseString)));
#pragma warning restore CA5350
    }

    /// <summary>
    /// The <c>Authorization</c> header value: <c>OAuth name="value", ...</c> with every value
    /// percent-encoded (so a PLAINTEXT signature appears with <c>%26</c>).
    /// </summary>
    public static string AuthorizationHeader(IEnumerable<KeyValuePair<string, string>> oauthParameters)
    {
        ArgumentNullException.ThrowIfNull(oauthParameters);
        return "OAuth " + string.Join(", ", oauthParameters.Select(p => Encode(p.Key) + "=\"" + Encode(p.Value) + "\""));
    }

    /// <summary>A fresh nonce: 32 lower-case hex characters (Discogs treats nonces over 64 characters as unauthenticated).</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Unix time in whole seconds (never milliseconds: Discogs then silently drops the authentication).</summary>
    public static string Timestamp(DateTimeOffset now) => now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
