using System.Text.RegularExpressions;

namespace Platter.Dumps.Download;

/// <summary>
/// The naming rules of section 2.1 of the dump format: which keys are dump files, and which
/// keys are refused because they would leave the download folder.
/// </summary>
public static partial class DumpNames
{
    /// <summary>The four entity names, in the order dumps are usually imported.</summary>
    public static IReadOnlyList<string> Entities { get; } = ["artists", "labels", "masters", "releases"];

    /// <summary>
    /// Classifies a listing key. Returns null for keys that are not dump files (<c>index.html</c>,
    /// folder markers); throws <see cref="DumpException"/> for a key that tries to climb out of
    /// its folder, since a listing that offers one cannot be trusted.
    /// </summary>
    public static DumpFile? Classify(string key, long? size, string sizeText, DateTime? lastModified, string listingUrl)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsUnsafe(key))
        {
            throw new DumpException(
                DumpErrorKind.UnsafeKey,
                $"The listing at {listingUrl} offers the key '{key}', which would write outside the download folder. " +
                "Nothing was downloaded. Check that --source / PLATTER_SOURCE points at a Discogs dump site.",
                listingUrl);
        }

        var name = key[(key.LastIndexOf('/') + 1)..];
        var data = DataFile().Match(name);
        if (data.Success)
        {
            return new DumpFile(key, data.Groups[1].Value, data.Groups[2].Value, size, sizeText, lastModified);
        }

        var checksum = ChecksumFileName().Match(name);
        return checksum.Success ? new DumpFile(key, checksum.Groups[1].Value, null, size, sizeText, lastModified) : null;
    }

    /// <summary>True when <paramref name="fileName"/> is a dump data or CHECKSUM file name.</summary>
    public static bool IsDumpFileName(string fileName) =>
        DataFile().IsMatch(fileName) || ChecksumFileName().IsMatch(fileName);

    // Keys are only ever used through their last segment, but a listing that names "../" or an
    // absolute path is broken or hostile, and saying so beats silently flattening it.
    private static bool IsUnsafe(string key) =>
        key.StartsWith('/') || key.Contains('\\', StringComparison.Ordinal) || key.Contains(':', StringComparison.Ordinal) ||
        key.Split('/').Any(segment => segment is ".." or ".");

    [GeneratedRegex(@"^discogs_(\d{8})_(artists|labels|masters|releases)\.xml\.gz$")]
    private static partial Regex DataFile();

    [GeneratedRegex(@"^discogs_(\d{8})_CHECKSUM\.txt$")]
    private static partial Regex ChecksumFileName();
}
