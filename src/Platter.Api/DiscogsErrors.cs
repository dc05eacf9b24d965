using System.Globalization;
using System.Text.Json;

namespace Platter.Api;

/// <summary>
/// The one place where a failed request becomes an exception: the kind follows from the status
/// code, and every message names the request and the status and says what to do next.
/// </summary>
internal static class DiscogsErrors
{
    private const string SignInAgain = "sign in again with `platter auth login` (or store a personal token with `platter auth token TOKEN`)";

    /// <summary>The exception for a response with a non-success status.</summary>
    public static DiscogsApiException FromStatus(HttpMethod method, Uri url, int status, string? reason, string body, int attempts)
    {
        var request = Describe(method, url);
        var discogsMessage = MessageOf(body);
        var said = discogsMessage is not null ? $" (\"{discogsMessage}\")"
            : LooksLikeHtml(body) ? " (an HTML page instead of JSON, probably a proxy or bot challenge)"
            : "";
        var statusText = status.ToString(CultureInfo.InvariantCulture) + (string.IsNullOrEmpty(reason) ? "" : " " + reason);
        var tries = attempts > 1 ? $" after {attempts} attempts" : "";
        return status switch
        {
            401 => new DiscogsUnauthorizedException(
                $"{request} was refused: {statusText}{said}. The credentials are missing, wrong or revoked; {SignInAgain}.",
                request, status, discogsMessage),
            403 => new DiscogsForbiddenException(
                $"{request} was refused: {statusText}{said}. This needs other rights, such as signing in as the owner of the data; {SignInAgain}.",
                request, status, discogsMessage),
            404 => new DiscogsNotFoundException(
                $"{request} failed: {statusText}{said}. Check the id, user name or path.",
                request, status, discogsMessage),
            429 => new DiscogsRateLimitedException(
                $"{request} failed: {statusText}{said}{tries}. Other programs behind the same address may share the limit; wait a minute and try again.",
                request, status, discogsMessage),
            >= 500 => new DiscogsServerException(
                $"{request} failed: {statusText}{said}{tries}. Discogs is having trouble; try again later.",
                request, status, discogsMessage),
            _ => new DiscogsRequestException(
                $"{request} was rejected: {statusText}{said}. Check the request; during sign-in this means the verifier was wrong or expired (15 minutes), so run `platter auth login` again.",
                request, status, discogsMessage),
        };
    }

    /// <summary>The exception for a successful status whose body cannot be read as the expected JSON.</summary>
    public static DiscogsMalformedResponseException Malformed(HttpMethod method, Uri url, int status, string body, JsonException? error)
    {
        string what;
        if (string.IsNullOrWhiteSpace(body))
        {
            what = "an empty body";
        }
        else if (LooksLikeHtml(body))
        {
            what = "an HTML page instead of JSON (probably a proxy or bot challenge)";
        }
        else
        {
            var where = error?.BytePositionInLine is { } pos ? $" at line {(error.LineNumber ?? 0) + 1}, byte {pos}" : "";
            what = $"JSON that is invalid or cut short{where} ({body.Length} characters received)";
        }

        return Unexpected(method, url, status, what, error);
    }

    /// <summary>The exception for a successful status whose body is not what the call needs; <paramref name="what"/> says what came instead.</summary>
    public static DiscogsMalformedResponseException Unexpected(HttpMethod method, Uri url, int status, string what, Exception? inner)
    {
        var request = Describe(method, url);
        return new DiscogsMalformedResponseException(
            $"{request} returned {status.ToString(CultureInfo.InvariantCulture)} with {what}. The response was damaged on the way or Discogs is failing; try again later.",
            request, status, null, inner);
    }

    /// <summary>The exception when no attempt got a response (timeouts, refused or dropped connections).</summary>
    public static DiscogsUnavailableException Unavailable(HttpMethod method, Uri url, string reason, int attempts, Exception inner)
    {
        var request = Describe(method, url);
        return new DiscogsUnavailableException(
            $"{request} got no response: {reason} ({attempts} attempts). Check the network and the API address (--api-url, PLATTER_API_URL) and try again.",
            request, null, null, inner);
    }

    /// <summary>
    /// <c>METHOD URL</c> for messages, with the values of credential parameters (<c>token</c>,
    /// <c>key</c>, <c>secret</c>, <c>oauth_*</c>) masked so that no secret reaches a message or log.
    /// </summary>
    public static string Describe(HttpMethod method, Uri url)
    {
        var text = url.GetLeftPart(UriPartial.Path);
        if (url.Query.Length > 1)
        {
            text += "?" + string.Join('&', url.Query[1..].Split('&').Select(MaskCredential));
        }

        return method.Method + " " + text;
    }

    private static string MaskCredential(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? pair : pair[..eq];
        return IsCredentialParameter(Uri.UnescapeDataString(name)) ? name + "=***" : pair;
    }

    /// <summary>True for query parameters that carry credentials.</summary>
    public static bool IsCredentialParameter(string name) =>
        name is "token" or "key" or "secret" || name.StartsWith("oauth_", StringComparison.Ordinal);

    private static bool LooksLikeHtml(string body) => body.TrimStart().StartsWith('<');

    private static string? MessageOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("message", out var m)
                && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
