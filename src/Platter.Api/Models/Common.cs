using System.Text.Json.Serialization;

namespace Platter.Api.Models;

/// <summary>The <c>pagination</c> object of a list response.</summary>
public sealed record Pagination
{
    /// <summary>This page's number, from 1.</summary>
    public int Page { get; init; }

    /// <summary>How many pages there are.</summary>
    public int Pages { get; init; }

    /// <summary>How many items there are over all pages.</summary>
    public int Items { get; init; }

    /// <summary>Items per page.</summary>
    public int PerPage { get; init; }

    /// <summary>Links to neighbouring pages; only those that apply (and not always right: paging follows <see cref="Pages"/>).</summary>
    public PaginationUrls? Urls { get; init; }
}

/// <summary>The <c>pagination.urls</c> links.</summary>
public sealed record PaginationUrls
{
    /// <summary>The first page, absent on the first page.</summary>
    public string? First { get; init; }

    /// <summary>The previous page.</summary>
    public string? Prev { get; init; }

    /// <summary>The next page.</summary>
    public string? Next { get; init; }

    /// <summary>The last page.</summary>
    public string? Last { get; init; }
}

/// <summary>One page of a list response: its pagination and its items.</summary>
public interface IPage<out T>
{
    /// <summary>The page's pagination (null when the server sent none: then it is the only page).</summary>
    Pagination? Pagination { get; }

    /// <summary>The page's items.</summary>
    IReadOnlyList<T> PageItems { get; }
}

/// <summary>An artist credit on a release, track or collection item.</summary>
public sealed record ArtistCredit
{
    /// <summary>Artist id.</summary>
    public int Id { get; init; }

    /// <summary>Artist name (with a <c>(N)</c> suffix when ambiguous).</summary>
    public string Name { get; init => field = value ?? ""; } = "";

    /// <summary>Artist name variation used on this release, empty when none.</summary>
    public string? Anv { get; init; }

    /// <summary>The word joining this credit to the next (<c>&amp;</c>, <c>/</c>, <c>feat.</c>).</summary>
    public string? Join { get; init; }

    /// <summary>Role with its bracketed qualifiers (e.g. <c>Music By [All Tracks By]</c>); empty for main artists.</summary>
    public string? Role { get; init; }

    /// <summary>The tracks the credit covers, empty when all.</summary>
    public string? Tracks { get; init; }

    /// <summary>API URL of the artist (absolute or, in old responses, relative).</summary>
    public string? ResourceUrl { get; init; }

    /// <summary>Image of the artist (newer responses).</summary>
    public string? ThumbnailUrl { get; init; }
}

/// <summary>A label, company or series credit on a release.</summary>
public sealed record LabelCredit
{
    /// <summary>Label id.</summary>
    public int Id { get; init; }

    /// <summary>Label name.</summary>
    public string Name { get; init => field = value ?? ""; } = "";

    /// <summary>Catalog number (<c>none</c> when there is none).</summary>
    public string? Catno { get; init; }

    /// <summary>Entity type code, a string in the API (<c>"1"</c> label, <c>"2"</c> series ...), sometimes empty.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? EntityType { get; init; }

    /// <summary>Entity type name (<c>Label</c>, <c>Mastered At</c> ...).</summary>
    public string? EntityTypeName { get; init; }

    /// <summary>API URL of the label.</summary>
    public string? ResourceUrl { get; init; }

    /// <summary>Image of the label (newer responses).</summary>
    public string? ThumbnailUrl { get; init; }
}

/// <summary>A format of a release.</summary>
public sealed record ReleaseFormat
{
    /// <summary>Format name (<c>Vinyl</c>, <c>CD</c>, <c>File</c> ...).</summary>
    public string Name { get; init => field = value ?? ""; } = "";

    /// <summary>Quantity, a string in the API (<c>"2"</c>).</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Qty { get; init; }

    /// <summary>Descriptions (<c>LP</c>, <c>12"</c>, <c>Compilation</c> ...).</summary>
    public IReadOnlyList<string> Descriptions { get; init => field = value ?? []; } = [];

    /// <summary>Free text (<c>Trifold Cover, 180 g</c>), optional.</summary>
    public string? Text { get; init; }
}

/// <summary>An image (URLs are signed: never rewrite them).</summary>
public sealed record Image
{
    /// <summary><c>primary</c> or <c>secondary</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Full-size URL.</summary>
    public string? Uri { get; init; }

    /// <summary>150-pixel URL.</summary>
    [JsonPropertyName("uri150")]
    public string? Uri150 { get; init; }

    /// <summary>API URL of the image.</summary>
    public string? ResourceUrl { get; init; }

    /// <summary>Width in pixels.</summary>
    public int? Width { get; init; }

    /// <summary>Height in pixels.</summary>
    public int? Height { get; init; }
}

/// <summary>A video (YouTube) linked to a release or master.</summary>
public sealed record Video
{
    /// <summary>The video's URL.</summary>
    public string Uri { get; init => field = value ?? ""; } = "";

    /// <summary>Title.</summary>
    public string? Title { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Length in seconds.</summary>
    public int? Duration { get; init; }

    /// <summary>Whether the video may be embedded.</summary>
    public bool Embed { get; init; }
}

/// <summary>A track, heading or index entry of a tracklist.</summary>
public sealed record Track
{
    /// <summary>Position (<c>A1</c>, <c>3</c>), empty for headings.</summary>
    public string? Position { get; init; }

    /// <summary><c>track</c>, <c>heading</c> or <c>index</c> (newer responses only).</summary>
    [JsonPropertyName("type_")]
    public string? Type { get; init; }

    /// <summary>Title.</summary>
    public string Title { get; init => field = value ?? ""; } = "";

    /// <summary>Duration as written (<c>4:45</c>), may be empty.</summary>
    public string? Duration { get; init; }

    /// <summary>Track-level artists.</summary>
    public IReadOnlyList<ArtistCredit> Artists { get; init => field = value ?? []; } = [];

    /// <summary>Track-level credits.</summary>
    [JsonPropertyName("extraartists")]
    public IReadOnlyList<ArtistCredit> ExtraArtists { get; init => field = value ?? []; } = [];

    /// <summary>Sub-tracks of an index entry.</summary>
    public IReadOnlyList<Track> SubTracks { get; init => field = value ?? []; } = [];
}

/// <summary>A reference to another artist (alias, member, group).</summary>
public sealed record ArtistReference
{
    /// <summary>Artist id.</summary>
    public int Id { get; init; }

    /// <summary>Artist name.</summary>
    public string Name { get; init => field = value ?? ""; } = "";

    /// <summary>API URL of the artist.</summary>
    public string? ResourceUrl { get; init; }

    /// <summary>For members and groups: whether the membership is current (newer responses).</summary>
    public bool? Active { get; init; }

    /// <summary>Image of the artist (newer responses).</summary>
    public string? ThumbnailUrl { get; init; }
}

/// <summary>A reference to another label (sub-label, parent label).</summary>
public sealed record LabelReference
{
    /// <summary>Label id.</summary>
    public int Id { get; init; }

    /// <summary>Label name.</summary>
    public string Name { get; init => field = value ?? ""; } = "";

    /// <summary>API URL of the label.</summary>
    public string? ResourceUrl { get; init; }
}
