namespace Platter.Dumps.Download;

/// <summary>Which listing format a source speaks.</summary>
public enum ListingFormat
{
    /// <summary>The server-rendered index of data.discogs.com (<c>?prefix=</c>, <c>?download=</c>).</summary>
    HtmlIndex,

    /// <summary>An S3 bucket listing (<c>ListBucketResult</c>, <c>marker=</c> paging); files are plain paths.</summary>
    S3Bucket,
}

/// <summary>What a source lists.</summary>
/// <param name="Format">The listing format the source spoke.</param>
/// <param name="Years">Every year folder the source has, ascending.</param>
/// <param name="ListedYears">The years whose files are in <see cref="Files"/>.</param>
/// <param name="Files">Dump data and CHECKSUM files, newest date first, then by entity.</param>
public sealed record DumpListing(ListingFormat Format, IReadOnlyList<int> Years, IReadOnlyList<int> ListedYears, IReadOnlyList<DumpFile> Files);

/// <summary>
/// A place dumps are published: data.discogs.com by default, or a mirror or test server.
/// Builds every URL in one place, reads listings in either format, and fetches CHECKSUM files.
/// </summary>
public sealed class DumpSource
{
    /// <summary>The default source.</summary>
    public static readonly Uri DefaultRoot = new("https://data.discogs.com/");

    private ListingFormat? _format;

    /// <summary>Creates a source over <paramref name="http"/> (the caller owns and disposes it).</summary>
    public DumpSource(HttpClient http, Uri root, DumpClientOptions? options = null, IDownloadObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(root);
        Root = root.AbsoluteUri.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/");
        Http = new DumpHttp(http, options ?? new DumpClientOptions(), observer);
    }

    /// <summary>The site root, with a trailing slash.</summary>
    public Uri Root { get; }

    internal DumpHttp Http { get; }

    /// <summary>
    /// Lists the dump files of <paramref name="year"/>, or when null of the newest year and the
    /// one before it (early in January the newest dump may still be in last year's folder).
    /// </summary>
    public async Task<DumpListing> ListAsync(int? year, CancellationToken cancellationToken)
    {
        var rootPage = await Http.GetTextAsync(Root, cancellationToken);
        if (S3ListingParser.IsS3Document(rootPage))
        {
            _format = ListingFormat.S3Bucket;
            return await ListS3Async(rootPage, year, cancellationToken);
        }

        _format = ListingFormat.HtmlIndex;
        var years = HtmlIndexParser.ParseYears(rootPage, Root.ToString());
        if (years.Count == 0)
        {
            throw new DumpException(DumpErrorKind.UnexpectedContent, $"{Root} lists no year folders, so there is nothing to download. Check --source / PLATTER_SOURCE.", Root.ToString());
        }

        var wanted = year is { } y ? [y] : years.TakeLast(2).ToList();
        var files = new List<DumpFile>();
        foreach (var w in wanted)
        {
            if (!years.Contains(w))
            {
                throw new DumpException(DumpErrorKind.NotFound, $"{Root} has no folder for {w}; it has {string.Join(", ", years)}.", Root.ToString());
            }

            var url = YearUri(w);
            files.AddRange(HtmlIndexParser.ParseYearPage(await Http.GetTextAsync(url, cancellationToken), url.ToString()));
        }

        return new DumpListing(ListingFormat.HtmlIndex, years, wanted, Sort(files));
    }

    /// <summary>The URL a file is downloaded from.</summary>
    public Uri DownloadUri(DumpFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return _format == ListingFormat.S3Bucket
            ? new Uri(Root, string.Join('/', file.Key.Split('/').Select(Uri.EscapeDataString)))
            : new Uri(Root + "?download=" + Uri.EscapeDataString(file.Key));
    }

    /// <summary>The URL of a year page of the HTML index.</summary>
    public Uri YearUri(int year) => new(Root + "?prefix=" + Uri.EscapeDataString($"data/{year}/"));

    /// <summary>Downloads and parses a CHECKSUM file (a few hundred bytes; kept in memory).</summary>
    public async Task<ChecksumFile> GetChecksumAsync(DumpFile checksum, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checksum);
        var url = DownloadUri(checksum);
        return ChecksumFile.Parse(await Http.GetTextAsync(url, cancellationToken), url.ToString());
    }

    private async Task<DumpListing> ListS3Async(string firstPage, int? year, CancellationToken cancellationToken)
    {
        var files = new List<DumpFile>();
        var page = S3ListingParser.Parse(firstPage, Root.ToString());
        files.AddRange(page.Files);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (page.IsTruncated)
        {
            // A server that repeats a marker would page forever; a listing is never that long.
            if (page.NextMarker is null || !seen.Add(page.NextMarker))
            {
                throw new DumpException(DumpErrorKind.UnexpectedContent, $"{Root} says its listing continues but gives no new marker after '{page.NextMarker}'.", Root.ToString());
            }

            var url = new Uri(Root + "?marker=" + Uri.EscapeDataString(page.NextMarker));
            page = S3ListingParser.Parse(await Http.GetTextAsync(url, cancellationToken), url.ToString());
            files.AddRange(page.Files);
        }

        var years = files.Select(f => f.Date.Year).Distinct().Order().ToList();
        var listed = year is { } y ? [y] : years.TakeLast(2).ToList();
        return new DumpListing(ListingFormat.S3Bucket, years, listed, Sort(files.Where(f => listed.Contains(f.Date.Year))));
    }

    private static List<DumpFile> Sort(IEnumerable<DumpFile> files) =>
        files.OrderByDescending(f => f.DateToken, StringComparer.Ordinal)
            .ThenBy(f => f.Entity is null ? 1 : 0)
            .ThenBy(f => f.Entity, StringComparer.Ordinal)
            .ToList();
}
