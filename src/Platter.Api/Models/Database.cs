using System.Text.Json.Serialization;

namespace Platter.Api.Models;

/// <summary><c>GET /releases/{id}</c>.</summary>
public sealed record Release
{
    /// <summary>Release id.</summary>
    public int Id { get; init; }

    /// <summary>Status (<c>Accepted</c>).</summary>
    public string? Status { get; init; }

    /// <summary>Title.</summary>
    public string Title { get; init => field = value ?? ""; } = "";

    /// <summary>Year, absent or 0 when unknown.</summary>
    public int? Year { get; init; }

    /// <summary>Release date as written (<c>1999-03-00</c>, <c>1987</c>).</summary>
    public string? Released { get; init; }

    /// <summary>Release date for display (<c>Mar 1999</c>).</summary>
    public string? ReleasedFormatted { get; init; }

    /// <summary>Country.</summary>
    public string? Country { get; init; }

    /// <summary>Notes in Discogs markup.</summary>
    public string? Notes { get; init; }

    /// <summary>Data quality.</summary>
    public string? DataQuality { get; init; }

    /// <summary>Master id; missing, null and 0 all mean none.</summary>
    public int? MasterId { get; init; }

    /// <summary>Master API URL.</summary>
    public string? MasterUrl { get; init; }

    /// <summary>Artists.</summary>
    public IReadOnlyList<ArtistCredit> Artists { get; init => field = value ?? []; } = [];

    /// <summary>Credit line for sorting (newer responses).</summary>
    public string? ArtistsSort { get; init; }

    /// <summary>Credits.</summary>
    [JsonPropertyName("extraartists")]
    public IReadOnlyList<ArtistCredit> ExtraArtists { get; init => field = value ?? []; } = [];

    /// <summary>Labels.</summary>
    public IReadOnlyList<LabelCredit> Labels { get; init => field = value ?? []; } = [];

    /// <summary>Companies (pressed by, recorded at ...).</summary>
    public IReadOnlyList<LabelCredit> Companies { get; init => field = value ?? []; } = [];

    /// <summary>Series.</summary>
    public IReadOnlyList<LabelCredit> Series { get; init => field = value ?? []; } = [];

    /// <summary>Formats.</summary>
    public IReadOnlyList<ReleaseFormat> Formats { get; init => field = value ?? []; } = [];

    /// <summary>Total item count.</summary>
    public int? FormatQuantity { get; init; }

    /// <summary>Genres.</summary>
    public IReadOnlyList<string> Genres { get; init => field = value ?? []; } = [];

    /// <summary>Styles.</summary>
    public IReadOnlyList<string> Styles { get; init => field = value ?? []; } = [];

    /// <summary>Barcodes, matrix numbers and other identifiers.</summary>
    public IReadOnlyList<ReleaseIdentifier> Identifiers { get; init => field = value ?? []; } = [];

    /// <summary>Tracklist.</summary>
    public IReadOnlyList<Track> Tracklist { get; init => field = value ?? []; } = [];

    /// <summary>Videos.</summary>
    public IReadOnlyList<Video> Videos { get; init => field = value ?? []; } = [];

    /// <summary>Images (authenticated requests only).</summary>
    public IReadOnlyList<Image> Images { get; init => field = value ?? []; } = [];

    /// <summary>Small image URL.</summary>
    public string? Thumb { get; init; }

    /// <summary>Website URL.</summary>
    public string? Uri { get; init; }

    /// <summary>API URL.</summary>
    public string? ResourceUrl { get; init; }

    /// <summary>Community data (newer responses).</summary>
    public Community? Community { get; init; }

    /// <summary>Lowest marketplace price.</summary>
    public decimal? LowestPrice { get; init; }

    /// <summary>Copies for sale.</summary>
    public int? NumForSale { get; init; }

    /// <summary>Estimated weight in grams.</summary>
    public int? EstimatedWeight { get; init; }
}

/// <summary>An identifier of a release (barcode, matrix ...).</summary>
public sealed record ReleaseIdentifier
{
    /// <summary>Kind (<c>Barcode</c>, <c>Matrix / Runout</c> ...).</summary>
    public string? Type { get; init; }

    /// <summary>Value.</summary>
    public string? Value { get; init; }

    /// <summary>Description, optional.</summary>
    public string? Description { get; init; }
}

/// <summary>Community data of a release.</summary>
public sealed record Community
{
    /// <summary>Users who have it.</summary>
    public int Have { get; init; }

    /// <summary>Users who want it.</summary>
    public int Want { get; init; }

    /// <summary>Average rating and count.</summary>
    public CommunityRating? Rating { get; init; }
}

/// <summary>A community rating.</summary>
public sealed record CommunityRating
{
    /// <summary>Average 0 to 5.</summary>
    public double Average { get; init; }

    /// <summary>Number of ratings.</summary>
    public int Count { get; init; }
}

/// <summary><c>GET /masters/{id}</c>.</summary>
public sealed record Master
{
    /// <summary>Master id.</summary>
    public int Id { get; init; }

    /// <summary>Title.</summary>
    public string Title { get; init => field = value ?? ""; } = "";

    /// <summary>Year.</summary>
    public int? Year { get; init; }

    /// <summary>The main release's id.</summary>
    public int? MainRelease { get; init; }

    /// <summary>The main release's API URL.</summary>
    public string? MainReleaseUrl { get; init; }

    /// <summary>The most recent release's id (newer responses).</summary>
    public int? MostRecentRelease { get; init; }

    /// <summary>The versions list's API URL.</summary>
    public string? VersionsUrl { get; init; }

    /// <summary>Artists.</summary>
    public IReadOnlyList<ArtistCredit> Artists { get; init => field = value ?? []; } = [];

    /// <summary>Genres.</summary>
    public IReadOnlyList<string> Genres { get; init => field = value ?? []; } = [];

    /// <summary>Styles.</summary>
    public IReadOnlyList<string> Styles { get; init => field = value ?? []; } = [];

    /// <summary>Images.</summary>
    public IReadOnlyList<Image> Images { get; init => field = value ?? []; } = [];

    /// <summary>Tracklist.</summary>
    public IReadOnlyList<Track> Tracklist { get; init => field = value ?? []; } = [];

    /// <summary>Videos.</summary>
    public IReadOnlyList<Video> Videos { get; init => field = value ?? []; } = [];

    /// <summary>Lowest marketplace price.</summary>
    public decimal? LowestPrice { get; init; }

    /// <summary>Copies for sale.</summary>
    public int? NumForSale { get; init; }

    /// <summary>Data quality.</summary>
    public string? DataQuality { get; init; }

    /// <summary>Website URL.</summary>
    public string? Uri { get; init; }

    /// <summary>API URL.</summary>
    public string? ResourceUrl { get; init; }
}

/// <summary>One entry of <c>GET /masters/{id}/versions</c>.</summary>
public sealed record MasterVersion
{
    /// <summary>Release id.</summary>
    public int Id { get; init; }

    /// <summary>Title.</summary>
    public string Title { get; init => field = value ?? ""; } = "";

    /// <summary>Label name.</summary>
    public string? Label { get; init; }

    /// <summary>Catalog number.</summary>
    public string? Catno { get; init; }

    /// <summary>Country.</summary>
    public string? Country { get; init; }

    /// <summary>Release date or year, as written.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Released { get; init; }

    /// <summary>Format summary (<c>12", 33 ⅓ RPM</c>).</summary>
    public string? Format { get; init; }

    /// <summary>Major formats (newer responses).</summary>
    public IReadOnlyList<string> MajorFormats { get; init => field = value ?? []; } = [];

    /// <summary>Status.</summary>
    public string? Status { get; init; }

    /// <summary>Small image URL.</summary>
    public string? Thumb { get; init; }

    /// <summary>API URL.</summary>
    public string? ResourceUrl { get; init; }
}

/// <summary>One page of master versions.</summary>
public sealed record MasterVersionsPage : IPage<MasterVersion>
{
    /// <inheritdoc/>
    public Pagination? Pagination { get; init; }

    /// <summary>The versions.</summary>
    public IReadOnlyList<MasterVersion> Versions { get; init => field = value ?? []; } = [];

    /// <inheritdoc/>
    [JsonIgnore]
    public IReadOnlyList<MasterVersion> PageItems => Versions;
}

/// <summary><c>GET /artists/{id}</c>.</summary>
public sealed record Artist
{
    /// <summary>Artist id.</summary>
    public int Id { get; init; }

    /// <summary>Name (with a <c>(N)</c> suffix when ambiguous).</summary>
    public string Name { get; init => field = value ?? ""; } = "";

    /// <summary>Real name.</summary>
    public string? Realname { get; init; }

    /// <summary>Profile in Discogs markup.</summary>
    public string? Profile { get; init; }

    /// <summary>Data quality.</summary>
    public string? DataQuality { get; init; }

    /// <summary>Website URL.</summary>
    public string? Uri { get; init; }

    /// <summary>API URL.</summary>
    public string? ResourceUrl { get; init; }

    /// <summary>The artist's releases list API URL.</summary>
    public string? ReleasesUrl { get; init; }

    /// <summary>Web links.</summary>
    public IReadOnlyList<string> Urls { get; init => field = value ?? []; } = [];

    /// <summary>Name variations.</summary>
    [JsonPropertyName("namevariations")]
    public IReadOnlyList<string> NameVariations { get; init => field = value ?? []; } = [];

    /// <summary>Other artist records for the same person or act.</summary>
    public IReadOnlyList<ArtistReference> Aliases { get; init => field = value ?? []; } = [];

    /// <summary>Members, when the artist is a group.</summary>
    public IReadOnlyList<ArtistReference> Members { get; init => field = value ?? []; } = [];

    /// <summary>Groups the artist is a member of.</summary>
    public IReadOnlyList<ArtistReference> Groups { get; init => field = value ?? []; } = [];

    /// <summary>Images.</summary>
    public IReadOnlyList<Image> Images { get; init => field = value ?? []; } = [];
}

/// <summary>One entry of <c>GET /artists/{id}/releases</c>: a master or a release.</summary>
public sealed record ArtistRelease
{
    /// <summary>A master id when <see cref="Type"/> is <c>master</c>, else a release id.</summary>
    public int Id { get; init; }

    /// <summary><c>master</c> or <c>release</c>.</summary>
    public string? Type { get; init; }

    /// <summary>For masters: the main release id.</summary>
    public int? MainRelease { get; init; }

    /// <summary>How the artist appears (<c>Main</c>, <c>Appearance</c>, <c>TrackAppearance</c>, <c>Remix</c> ...).</summary>
    public string? Role { get; init; }

    /// <summary>For track-level roles: the tracks concerned.</summary>
    [JsonPropertyName("trackinfo")]
    public string? TrackInfo { get; init; }

    /// <summary>Title.</summary>
    public string Title { get; init => field = value ?? ""; } = "";

    /// <summary>Year, can be missing.</summary>
    public int? Year { get; init; }

    /// <summary>Small image URL, can be missing.</summary>
    public string? Thumb { get; init; }

    /// <summary>Artist credit line (newer responses).</summary>
    public string? Artist { get; init; }

    /// <summary>For releases: format summary.</summary>
    public string? Format { get; init; }

    /// <summary>For releases: label name.</summary>
    public string? Label { get; init; }

    /// <summary>For releases: status.</summary>
    public string? Status { get; init; }

    /// <summary>API URL.</summary>
    public string? ResourceUrl { get; init; }
}

/// <summary>One page of artist releases.</summary>
public sealed record ArtistReleasesPage : IPage<ArtistRelease>
{
    /// <inheritdoc/>
    public Pagination? Pagination { get; init; }

    /// <summary>The entries.</summary>
    public IReadOnlyList<ArtistRelease> Releases { get; init => field = value ?? []; } = [];

    /// <inheritdoc/>
    [JsonIgnore]
    public IReadOnlyList<ArtistRelease> PageItems => Releases;
}

/// <summary><c>GET /labels/{id}</c>; labels also stand for companies, studios and series.</summary>
public sealed record Label
{
    /// <summary>Label id.</summary>
    public int Id { get; init; }

    /// <summary>Name.</summary>
    public string Name { get; init => field = value ?? ""; } = "";

    /// <summary>Profile in Discogs markup.</summary>
    public string? Profile { get; init; }

    /// <summary>Contact information.</summary>
    public string? ContactInfo { get; init; }

    /// <summary>Web links.</summary>
    public IReadOnlyList<string> Urls { get; init => field = value ?? []; } = [];

    /// <summary>Images.</summary>
    public IReadOnlyList<Image> Images { get; init => field = value ?? []; } = [];

    /// <summary>Data quality.</summary>
    public string? DataQuality { get; init; }

    /// <summary>Website URL.</summary>
    public string? Uri { get; init; }

    /// <summary>API URL.</summary>
    public string? ResourceUrl { get; init; }

    /// <summary>The label's releases list API URL.</summary>
    public string? ReleasesUrl { get; init; }

    /// <summary>Sub-labels.</summary>
    public IReadOnlyList<LabelReference> Sublabels { get; init => field = value ?? []; } = [];

    /// <summary>The parent label, absent when none.</summary>
    public LabelReference? ParentLabel { get; init; }
}

/// <summary>One entry of <c>GET /labels/{id}/releases</c>.</summary>
public sealed record LabelRelease
{
    /// <summary>Release id.</summary>
    public int Id { get; init; }

    /// <summary>Title.</summary>
    public string Title { get; init => field = value ?? ""; } = "";

    /// <summary>Artist credit line.</summary>
    public string? Artist { get; init; }

    /// <summary>Catalog number.</summary>
    public string? Catno { get; init; }

    /// <summary>Format summary.</summary>
    public string? Format { get; init; }

    /// <summary>Year.</summary>
    public int? Year { get; init; }

    /// <summary>Status.</summary>
    public string? Status { get; init; }

    /// <summary>Small image URL.</summary>
    public string? Thumb { get; init; }

    /// <summary>API URL.</summary>
    public string? ResourceUrl { get; init; }
}

/// <summary>One page of label releases.</summary>
public sealed record LabelReleasesPage : IPage<LabelRelease>
{
    /// <inheritdoc/>
    public Pagination? Pagination { get; init; }

    /// <summary>The entries.</summary>
    public IReadOnlyList<LabelRelease> Releases { get; init => field = value ?? []; } = [];

    /// <inheritdoc/>
    [JsonIgnore]
    public IReadOnlyList<LabelRelease> PageItems => Releases;
}
