using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Platter.Testing;

/// <summary>
/// The fake Discogs' own reading of OAuth 1.0a <c>Authorization</c> headers, written apart from
/// the client's signer so that a mistake in one does not hide the same mistake in the other.
/// </summary>
public static class FakeDiscogsOAuth
{
    /// <summary>The decoded parameters of an <c>OAuth ...</c> header (without the <c>OAuth</c> word), or null when it is not one.</summary>
    public static Dictionary<string, string>? ParseHeader(string? header)
    {
        if (header is null || !header.StartsWith("OAuth ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header[6..].Split(','))
        {
            var text = part.Trim();
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return null;
            }

            var value = text[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            result[Uri.UnescapeDataString(text[..eq].Trim())] = Uri.UnescapeDataString(value);
        }

        return result;
    }

    /// <summary>
    /// The signature Discogs expects for a request: PLAINTEXT or HMAC-SHA1 over the method, the
    /// URL the server saw and every query and <c>oauth_*</c> parameter but the signature.
    /// </summary>
    public static string ExpectedSignature(string method, Uri url, IReadOnlyDictionary<string, string> oauth, string consumerSecret, string tokenSecret)
    {
        var key = Rfc3986(consumerSecret) + "&" + Rfc3986(tokenSecret);
        if (oauth.GetValueOrDefault("oauth_signature_method") == "PLAINTEXT")
        {
            return key;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add((Rfc3986(Uri.UnescapeDataString(name.Replace('+', ' '))), Rfc3986(Uri.UnescapeDataString(value.Replace('+', ' ')))));
        }

        foreach (var (name, value) in oauth)
        {
            if (name != "oauth_signature" && name != "realm")
            {
                pairs.Add((Rfc3986(name), Rfc3986(value)));
            }
        }

        pairs.Sort((a, b) => a.Name != b.Name ? string.CompareOrdinal(a.Name, b.Name) : string.CompareOrdinal(a.Value, b.Value));
        var normalized = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            normalized.Append(normalized.Length == 0 ? "" : "&").Append(name).Append('=').Append(value);
        }

        var port = url.IsDefaultPort ? "" : ":" + url.Port.ToString(CultureInfo.InvariantCulture);
        var baseUrl = $"{url.Scheme.ToLowerInvariant()}://{url.Host.ToLowerInvariant()}{port}{url.AbsolutePath}";
        var baseString = $"{method.ToUpperInvariant()}&{Rfc3986(baseUrl)}&{Rfc3986(normalized.ToString())}";
#pragma warning disable CA5350 // OAuth 1.0a's HMAC-SHA1, as Discogs verifies it.
        using var hmac = new HMACSHA1(Encoding.ASCII.GetBytes(key));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.ASCII.GetBytes(baseString)));
    }

    private static string Rfc3986(string value) => Uri.EscapeDataString(value);
}
