using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Platter.Dumps.Download;

/// <summary>One page of an S3 <c>ListBucketResult</c>.</summary>
/// <param name="Files">The dump files on the page (other keys filtered out).</param>
/// <param name="KeyCount">All keys on the page, dump files or not.</param>
/// <param name="IsTruncated">True when another page follows.</param>
/// <param name="NextMarker">The marker for the next page: <c>NextMarker</c> when sent, else the last key.</param>
public sealed record S3ListingPage(IReadOnlyList<DumpFile> Files, int KeyCount, bool IsTruncated, string? NextMarker);

/// <summary>
/// Reads the legacy S3 bucket listing (section 4.2). Elements are in the S3 namespace; keys
/// that are not dumps are dropped with the naming rules; ETags are ignored because most are
/// multipart tags, not digests.
/// </summary>
public static class S3ListingParser
{
    /// <summary>The S3 document namespace.</summary>
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>True when <paramref name="page"/> is an S3 listing or an S3 error document.</summary>
    public static bool IsS3Document(string page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Contains("<ListBucketResult", StringComparison.Ordinal) || page.Contains("<Error>", StringComparison.Ordinal);
    }

    /// <summary>Parses one page; throws <see cref="DumpException"/> for S3 error documents and broken XML.</summary>
    public static S3ListingPage Parse(string page, string url)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(page);
        }
        catch (XmlException e)
        {
            throw new DumpException(DumpErrorKind.UnexpectedContent, $"{url} returned XML that cannot be read (line {e.LineNumber}): {e.Message}", url, e);
        }

        var root = doc.Root!;
        if (root.Name.LocalName == "Error")
        {
            var code = (string?)root.Element("Code") ?? "?";
            var kind = code == "AccessDenied" ? DumpErrorKind.AccessDenied : DumpErrorKind.UnexpectedContent;
            throw new DumpException(kind, $"{url} answered with the S3 error {code}: {(string?)root.Element("Message")}. This bucket cannot be listed anonymously; use https://data.discogs.com/ as the source.", url);
        }

        XNamespace ns = Namespace;
        if (root.Name != ns + "ListBucketResult")
        {
            throw new DumpException(DumpErrorKind.UnexpectedContent, $"{url} returned <{root.Name.LocalName}>, not an S3 ListBucketResult.", url);
        }

        var files = new List<DumpFile>();
        string? lastKey = null;
        var count = 0;
        foreach (var contents in root.Elements(ns + "Contents"))
        {
            var key = (string?)contents.Element(ns + "Key") ?? "";
            lastKey = key;
            count++;
            var size = long.Parse((string?)contents.Element(ns + "Size") ?? "0", CultureInfo.InvariantCulture);
            DateTime? modified = contents.Element(ns + "LastModified") is { } lm
                ? DateTime.Parse(lm.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
                : null;
            if (DumpNames.Classify(key, size, ByteSize.Format(size), modified, url) is { } file)
            {
                files.Add(file);
            }
        }

        var truncated = string.Equals((string?)root.Element(ns + "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
        var next = (string?)root.Element(ns + "NextMarker");
        return new S3ListingPage(files, count, truncated, string.IsNullOrEmpty(next) ? lastKey : next);
    }
}
