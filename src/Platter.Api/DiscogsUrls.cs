using System.Globalization;

namespace Platter.Api;

/// <summary>Every API path the client uses, built in one place (relative to the configured base address).</summary>
internal static class DiscogsUrls
{
    public const string RequestToken = "oauth/request_token";
    public const string AccessToken = "oauth/access_token";
    public const string Identity = "oauth/identity";

    public static string Folders(string username) => $"users/{Segment(username)}/collection/folders";

    public static string FolderReleases(string username, int folderId) => $"{Folders(username)}/{Id(folderId)}/releases";

    public static string CollectionValue(string username) => $"users/{Segment(username)}/collection/value";

    public static string Wants(string username) => $"users/{Segment(username)}/wants";

    public static string Release(int id) => $"releases/{Id(id)}";

    public static string Master(int id) => $"masters/{Id(id)}";

    public static string MasterVersions(int id) => $"{Master(id)}/versions";

    public static string Artist(int id) => $"artists/{Id(id)}";

    public static string ArtistReleases(int id) => $"{Artist(id)}/releases";

    public static string Label(int id) => $"labels/{Id(id)}";

    public static string LabelReleases(int id) => $"{Label(id)}/releases";

    /// <summary>A list path with its page parameters; <c>per_page</c> first, as Discogs writes its own links.</summary>
    public static string Page(string path, int page, int perPage) => $"{path}?page={Id(page)}&per_page={Id(perPage)}";

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
