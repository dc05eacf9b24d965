namespace Platter.Core;

/// <summary>The four kinds of record in the Discogs dumps; each dump file holds one kind.</summary>
public enum EntityKind
{
    /// <summary>Artists (<c>&lt;artists&gt;</c>).</summary>
    Artists,

    /// <summary>Labels (<c>&lt;labels&gt;</c>).</summary>
    Labels,

    /// <summary>Masters (<c>&lt;masters&gt;</c>).</summary>
    Masters,

    /// <summary>Releases (<c>&lt;releases&gt;</c>).</summary>
    Releases,
}

/// <summary>Names of entity kinds as they appear in file names and in the database.</summary>
public static class EntityKinds
{
    /// <summary>The plural lower-case name used by Discogs (<c>releases</c>).</summary>
    public static string Name(this EntityKind kind) => kind switch
    {
        EntityKind.Artists => "artists",
        EntityKind.Labels => "labels",
        EntityKind.Masters => "masters",
        EntityKind.Releases => "releases",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses a plural entity name (case-insensitive); null when it is none of the four.</summary>
    public static EntityKind? Parse(string name) => name.ToLowerInvariant() switch
    {
        "artists" or "artist" => EntityKind.Artists,
        "labels" or "label" => EntityKind.Labels,
        "masters" or "master" => EntityKind.Masters,
        "releases" or "release" => EntityKind.Releases,
        _ => null,
    };
}

/// <summary>A top-level Discogs record (artist, label, master or release).</summary>
public interface IDiscogsRecord
{
    /// <summary>The record's id in its entity's number space.</summary>
    long Id { get; }
}

/// <summary>An <c>&lt;image&gt;</c> (dumps up to 2024; URLs empty since about 2017).</summary>
public sealed record Image(string? Type, string? Uri, string? Uri150, int? Width, int? Height);

/// <summary>A reference to another record by id and name (alias, member, group, sub-label, parent label).</summary>
public sealed record NamedRef(long? Id, string? Name);

/// <summary>An artist credit on a release, track or master (<c>&lt;artist&gt;</c> in <c>&lt;artists&gt;</c>/<c>&lt;extraartists&gt;</c>).</summary>
/// <param name="ArtistId">The artist id; null for an unlinked credit (missing, empty or 0 in the dump).</param>
/// <param name="Name">The artist's canonical name.</param>
/// <param name="Anv">The name as printed on the release, when it differs.</param>
/// <param name="Join">The connector to the next artist, spaces kept.</param>
/// <param name="Role">The role text of a credit (<c>Producer, Written-By</c>).</param>
/// <param name="Tracks">The track positions a credit is limited to.</param>
public sealed record ArtistCredit(long? ArtistId, string? Name, string? Anv, string? Join, string? Role, string? Tracks);

/// <summary>A video on a release or master (in practice a YouTube URL).</summary>
public sealed record Video(string? Src, int? Duration, bool? Embed, string? Title, string? Description)
{
    /// <summary>The YouTube video id taken from <see cref="Src"/> (<c>v=</c>), when it has one.</summary>
    public string? YoutubeId => YouTube.IdFromUrl(Src);
}

/// <summary>An artist record.</summary>
public sealed record Artist : IDiscogsRecord
{
    /// <summary>The artist id.</summary>
    public required long Id { get; init; }

    /// <summary>The canonical name, with a <c>(N)</c> suffix when ambiguous.</summary>
    public string? Name { get; init; }

    /// <summary>Legal or full name(s).</summary>
    public string? RealName { get; init; }

    /// <summary>Biography, with Discogs markup.</summary>
    public string? Profile { get; init; }

    /// <summary>Data quality vote.</summary>
    public string? DataQuality { get; init; }

    /// <summary>Images (older dumps).</summary>
    public IReadOnlyList<Image> Images { get; init; } = [];

    /// <summary>External links.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>Other spellings used in credits.</summary>
    public IReadOnlyList<string> NameVariations { get; init; } = [];

    /// <summary>Other artist records for the same person or act.</summary>
    public IReadOnlyList<NamedRef> Aliases { get; init; } = [];

    /// <summary>Members, when this artist is a group.</summary>
    public IReadOnlyList<NamedRef> Members { get; init; } = [];

    /// <summary>Groups this artist belongs to.</summary>
    public IReadOnlyList<NamedRef> Groups { get; init; } = [];
}

/// <summary>A label record.</summary>
public sealed record Label : IDiscogsRecord
{
    /// <summary>The label id.</summary>
    public required long Id { get; init; }

    /// <summary>The label name.</summary>
    public string? Name { get; init; }

    /// <summary>Postal address, phone, e-mail.</summary>
    public string? ContactInfo { get; init; }

    /// <summary>Description, with Discogs markup.</summary>
    public string? Profile { get; init; }

    /// <summary>Data quality vote.</summary>
    public string? DataQuality { get; init; }

    /// <summary>The parent company (its name can be missing while its id is set).</summary>
    public NamedRef? ParentLabel { get; init; }

    /// <summary>Images (older dumps).</summary>
    public IReadOnlyList<Image> Images { get; init; } = [];

    /// <summary>External links.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>Sub-labels.</summary>
    public IReadOnlyList<NamedRef> SubLabels { get; init; } = [];
}

/// <summary>A master record: the versions of one work.</summary>
public sealed record Master : IDiscogsRecord
{
    /// <summary>The master id.</summary>
    public required long Id { get; init; }

    /// <summary>The representative release.</summary>
    public long? MainRelease { get; init; }

    /// <summary>Images (older dumps).</summary>
    public IReadOnlyList<Image> Images { get; init; } = [];

    /// <summary>The credited main artists.</summary>
    public IReadOnlyList<ArtistCredit> Artists { get; init; } = [];

    /// <summary>Genres.</summary>
    public IReadOnlyList<string> Genres { get; init; } = [];

    /// <summary>Styles.</summary>
    public IReadOnlyList<string> Styles { get; init; } = [];

    /// <summary>Notes, with Discogs markup.</summary>
    public string? Notes { get; init; }

    /// <summary>Year of first release; 0 in the dump means unknown and is kept as 0.</summary>
    public int? Year { get; init; }

    /// <summary>The title.</summary>
    public string? Title { get; init; }

    /// <summary>Data quality vote.</summary>
    public string? DataQuality { get; init; }

    /// <summary>Videos.</summary>
    public IReadOnlyList<Video> Videos { get; init; } = [];
}

/// <summary>A label or series line on a release.</summary>
public sealed record ReleaseLabel(long? LabelId, string? Name, string? CatalogNumber);

/// <summary>A format of a release (<c>Vinyl</c>, 1, <c>LP, Album</c>).</summary>
/// <param name="Name">Format name.</param>
/// <param name="Quantity">Quantity exactly as written (can exceed 64 bits).</param>
/// <param name="Text">Free text.</param>
/// <param name="Descriptions">Descriptions in order.</param>
public sealed record ReleaseFormat(string? Name, string? Quantity, string? Text, IReadOnlyList<string> Descriptions);

/// <summary>An identifier (barcode, matrix ...).</summary>
public sealed record ReleaseIdentifier(string? Type, string? Description, string? Value);

/// <summary>A company credited on a release (its id is a label id).</summary>
public sealed record ReleaseCompany(long? CompanyId, string? Name, string? CatalogNumber, string? EntityType, string? EntityTypeName, string? ResourceUrl);

/// <summary>A track; index tracks carry sub-tracks (one level deep).</summary>
public sealed record Track
{
    /// <summary>Position as printed (<c>A1</c>, <c>1-5</c>); null for headings.</summary>
    public string? Position { get; init; }

    /// <summary>The title.</summary>
    public string? Title { get; init; }

    /// <summary>Duration as written (<c>4:45</c>).</summary>
    public string? Duration { get; init; }

    /// <summary>Track-level main artists.</summary>
    public IReadOnlyList<ArtistCredit> Artists { get; init; } = [];

    /// <summary>Track-level credits.</summary>
    public IReadOnlyList<ArtistCredit> ExtraArtists { get; init; } = [];

    /// <summary>Sub-tracks of an index track.</summary>
    public IReadOnlyList<Track> SubTracks { get; init; } = [];
}

/// <summary>A release record.</summary>
public sealed record Release : IDiscogsRecord
{
    /// <summary>The release id.</summary>
    public required long Id { get; init; }

    /// <summary>The <c>status</c> attribute (gone from 2026 dumps).</summary>
    public string? Status { get; init; }

    /// <summary>Images (older dumps).</summary>
    public IReadOnlyList<Image> Images { get; init; } = [];

    /// <summary>Main artists.</summary>
    public IReadOnlyList<ArtistCredit> Artists { get; init; } = [];

    /// <summary>The title.</summary>
    public string? Title { get; init; }

    /// <summary>Labels with catalogue numbers.</summary>
    public IReadOnlyList<ReleaseLabel> Labels { get; init; } = [];

    /// <summary>Series (since 2025).</summary>
    public IReadOnlyList<ReleaseLabel> Series { get; init; } = [];

    /// <summary>Release-level credits.</summary>
    public IReadOnlyList<ArtistCredit> ExtraArtists { get; init; } = [];

    /// <summary>Formats.</summary>
    public IReadOnlyList<ReleaseFormat> Formats { get; init; } = [];

    /// <summary>Genres.</summary>
    public IReadOnlyList<string> Genres { get; init; } = [];

    /// <summary>Styles.</summary>
    public IReadOnlyList<string> Styles { get; init; } = [];

    /// <summary>Country or region.</summary>
    public string? Country { get; init; }

    /// <summary>The release date exactly as written (<c>1999-03-00</c>, <c>1999</c>).</summary>
    public string? Released { get; init; }

    /// <summary>Notes, with Discogs markup.</summary>
    public string? Notes { get; init; }

    /// <summary>Data quality vote.</summary>
    public string? DataQuality { get; init; }

    /// <summary>The master; null when there is none (missing or 0 in the dump).</summary>
    public long? MasterId { get; init; }

    /// <summary>Whether this is its master's main release (null when not stated).</summary>
    public bool? IsMainRelease { get; init; }

    /// <summary>The tracklist in order.</summary>
    public IReadOnlyList<Track> Tracks { get; init; } = [];

    /// <summary>Identifiers.</summary>
    public IReadOnlyList<ReleaseIdentifier> Identifiers { get; init; } = [];

    /// <summary>Videos.</summary>
    public IReadOnlyList<Video> Videos { get; init; } = [];

    /// <summary>Companies.</summary>
    public IReadOnlyList<ReleaseCompany> Companies { get; init; } = [];
}
