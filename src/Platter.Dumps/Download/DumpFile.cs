using System.Globalization;

namespace Platter.Dumps.Download;

/// <summary>
/// One object of a dump listing: a data file (<c>discogs_YYYYMMDD_entity.xml.gz</c>) or the
/// CHECKSUM file of a date (<c>discogs_YYYYMMDD_CHECKSUM.txt</c>).
/// </summary>
/// <param name="Key">The object key, e.g. <c>data/2026/discogs_20260701_releases.xml.gz</c>.</param>
/// <param name="DateToken">The dump date as in the name, <c>YYYYMMDD</c>; ordinal order is date order.</param>
/// <param name="Entity">
/// <c>artists</c>, <c>labels</c>, <c>masters</c> or <c>releases</c>; null for the CHECKSUM file.
/// </param>
/// <param name="Size">The exact length in bytes when the listing gives it (S3), else null.</param>
/// <param name="SizeText">The size for display (<c>469.6 MB</c>), as the listing shows it.</param>
/// <param name="LastModified">The upload time the listing shows (no time zone on the HTML index).</param>
public sealed record DumpFile(string Key, string DateToken, string? Entity, long? Size, string SizeText, DateTime? LastModified)
{
    /// <summary>The bare file name, the last segment of the key.</summary>
    public string FileName => Key[(Key.LastIndexOf('/') + 1)..];

    /// <summary>True for the date's CHECKSUM file.</summary>
    public bool IsChecksum => Entity is null;

    /// <summary>The dump date.</summary>
    public DateOnly Date => DateOnly.ParseExact(DateToken, "yyyyMMdd", CultureInfo.InvariantCulture);
}
