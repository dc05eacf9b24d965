using System.Text.Json.Serialization;

namespace Platter.Api.Models;

/// <summary><c>GET /oauth/identity</c>: who the credentials belong to.</summary>
public sealed record Identity
{
    /// <summary>User id.</summary>
    public int Id { get; init; }

    /// <summary>User name, used in <c>/users/{username}/...</c> paths.</summary>
    public string Username { get; init => field = value ?? ""; } = "";

    /// <summary>API URL of the user's profile.</summary>
    public string? ResourceUrl { get; init; }

    /// <summary>The application's name as registered with Discogs.</summary>
    public string? ConsumerName { get; init; }
}

/// <summary>A collection folder. Folder 0 ("All") is virtual and holds every item.</summary>
public sealed record CollectionFolder
{
    /// <summary>Folder id.</summary>
    public int Id { get; init; }

    /// <summary>Folder name.</summary>
    public string Name { get; init => field = value ?? ""; } = "";

    /// <summary>Number of items in the folder.</summary>
    public int Count { get; init; }

    /// <summary>API URL of the folder.</summary>
    public string? ResourceUrl { get; init; }
}

/// <summary><c>GET /users/{username}/collection/folders</c>.</summary>
public sealed record CollectionFolders
{
    /// <summary>The folders.</summary>
    public IReadOnlyList<CollectionFolder> Folders { get; init => field = value ?? []; } = [];
}

/// <summary>One copy (instance) of a release in a collection; its key is <see cref="InstanceId"/>.</summary>
public sealed record CollectionItem
{
    /// <summary>Release id.</summary>
    public int Id { get; init; }

    /// <summary>Id of this copy; the same release can be in the collection several times.</summary>
    public int InstanceId { get; init; }

    /// <summary>The folder holding this copy (never 0).</summary>
    public int FolderId { get; init; }

    /// <summary>When the copy was added.</summary>
    public DateTimeOffset? DateAdded { get; init; }

    /// <summary>Rating 0 to 5 (0 = unrated).</summary>
    public int Rating { get; init; }

    /// <summary>Custom field values.</summary>
    public IReadOnlyList<CollectionNote> Notes { get; init => field = value ?? []; } = [];

    /// <summary>Summary of the release.</summary>
    public BasicInformation? BasicInformation { get; init; }
}

/// <summary>A custom field value of a collection item.</summary>
public sealed record CollectionNote
{
    /// <summary>The custom field's id (1 Media, 2 Sleeve, 3 Notes by default).</summary>
    public int FieldId { get; init; }

    /// <summary>The value.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; init; }
}

/// <summary>The release summary of a collection item or want.</summary>
public sealed record BasicInformation
{
    /// <summary>Release id.</summary>
    public int Id { get; init; }

    /// <summary>Title.</summary>
    public string Title { get; init => field = value ?? ""; } = "";

    /// <summary>Year, 0 or absent when unknown.</summary>
    public int? Year { get; init; }

    /// <summary>Master id; 0 or null when the release has no master.</summary>
    public int? MasterId { get; init; }

    /// <summary>Master API URL, null when none.</summary>
    public string? MasterUrl { get; init; }

    /// <summary>API URL of the release.</summary>
    public string? ResourceUrl { get; init; }

    /// <summary>Small image URL.</summary>
    public string? Thumb { get; init; }

    /// <summary>Cover image URL.</summary>
    public string? CoverImage { get; init; }

    /// <summary>Formats.</summary>
    public IReadOnlyList<ReleaseFormat> Formats { get; init => field = value ?? []; } = [];

    /// <summary>Labels.</summary>
    public IReadOnlyList<LabelCredit> Labels { get; init => field = value ?? []; } = [];

    /// <summary>Artists.</summary>
    public IReadOnlyList<ArtistCredit> Artists { get; init => field = value ?? []; } = [];

    /// <summary>Genres.</summary>
    public IReadOnlyList<string> Genres { get; init => field = value ?? []; } = [];

    /// <summary>Styles.</summary>
    public IReadOnlyList<string> Styles { get; init => field = value ?? []; } = [];
}

/// <summary>One page of <c>GET /users/{username}/collection/folders/{folder_id}/releases</c>.</summary>
public sealed record CollectionItemsPage : IPage<CollectionItem>
{
    /// <inheritdoc/>
    public Pagination? Pagination { get; init; }

    /// <summary>The items.</summary>
    public IReadOnlyList<CollectionItem> Releases { get; init => field = value ?? []; } = [];

    /// <inheritdoc/>
    [JsonIgnore]
    public IReadOnlyList<CollectionItem> PageItems => Releases;
}

/// <summary><c>GET /users/{username}/collection/value</c>: the collection's estimated value.</summary>
public sealed record CollectionValue
{
    /// <summary>Lowest estimate.</summary>
    public Money? Minimum { get; init; }

    /// <summary>Median estimate.</summary>
    public Money? Median { get; init; }

    /// <summary>Highest estimate.</summary>
    public Money? Maximum { get; init; }
}

/// <summary>One release on a wantlist (<c>GET /users/{username}/wants</c>).</summary>
public sealed record Want
{
    /// <summary>Release id.</summary>
    public int Id { get; init; }

    /// <summary>Rating 0 to 5 (0 = unrated).</summary>
    public int Rating { get; init; }

    /// <summary>The wanter's notes.</summary>
    public string? Notes { get; init; }

    /// <summary>Whether the notes are public.</summary>
    public bool? NotesPublic { get; init; }

    /// <summary>When it was added (absent in some responses).</summary>
    public DateTimeOffset? DateAdded { get; init; }

    /// <summary>Summary of the release.</summary>
    public BasicInformation? BasicInformation { get; init; }
}

/// <summary>One page of <c>GET /users/{username}/wants</c>.</summary>
public sealed record WantsPage : IPage<Want>
{
    /// <inheritdoc/>
    public Pagination? Pagination { get; init; }

    /// <summary>The wants.</summary>
    public IReadOnlyList<Want> Wants { get; init => field = value ?? []; } = [];

    /// <inheritdoc/>
    [JsonIgnore]
    public IReadOnlyList<Want> PageItems => Wants;
}
