namespace Platter.Index;

/// <summary>A tag of the index.</summary>
/// <param name="Id">Its id within the index generation.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Name">Its name as Discogs writes it.</param>
/// <param name="RefId">The Discogs id of the artist or label, when it has one.</param>
/// <param name="Token">How it is written in a query: <c>style:Deep House</c>, or <c>artist:John Smith#123</c> when another tag of its kind has the same name.</param>
/// <param name="Works">Works that carry it.</param>
public sealed record Tag(int Id, TagKind Kind, string Name, long? RefId, string Token, int Works);

/// <summary>One part of a query: works carrying any of <see cref="Tags"/> (or, when negated, none of them).</summary>
/// <param name="Negated">True for an exclusion (<c>-style:House</c>).</param>
/// <param name="Tags">The alternatives (<c>style:Deep House|Techno</c> is two).</param>
public sealed record TagClause(bool Negated, IReadOnlyList<Tag> Tags)
{
    /// <summary>For a clause over a set kept outside the index (<c>in:collection</c>): its token as written; null for tags.</summary>
    public string? SetToken { get; init; }

    /// <summary>For a set clause: its works' numbers, ascending.</summary>
    internal int[]? SetWorks { get; init; }

    /// <summary>The clause as written in a query.</summary>
    public string Token => (Negated ? "-" : "") + (SetToken ?? Tags[0].Kind.Name() + ":" + string.Join("|", Tags.Select(t => t.Token[(t.Kind.Name().Length + 1)..])));
}

/// <summary>
/// Releases a query can name that the index does not hold as tags because they change between
/// index builds (a collection, a wantlist): the releases and their masters, and a version that
/// changes when the set does.
/// </summary>
/// <param name="Token">The tag as it is written (<c>in:collection</c>).</param>
/// <param name="Releases">Release ids in the set.</param>
/// <param name="Masters">Master ids of those releases (a work of a master matches through any of its releases).</param>
public sealed record ReleaseSet(string Token, IReadOnlyList<long> Releases, IReadOnlyList<long> Masters);

/// <summary>Where a query's sets of releases come from (<c>in:collection</c>, <c>in:wantlist</c>).</summary>
public interface IReleaseSets
{
    /// <summary>The kind these tags are written with (<c>in</c>).</summary>
    string Kind { get; }

    /// <summary>The names there are (<c>collection</c>, <c>wantlist</c>), for suggestions and errors.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The set named <paramref name="name"/> (case-insensitive), or null when there is none by that name; throws <see cref="TagQueryException"/> when it cannot be had (nothing synced).</summary>
    ReleaseSet? Find(string name);
}

/// <summary>A parsed query: the intersection of its clauses.</summary>
/// <param name="Clauses">The clauses, as given.</param>
/// <param name="VideosOnly">Only works that have at least one video.</param>
public sealed record TagQuery(IReadOnlyList<TagClause> Clauses, bool VideosOnly)
{
    /// <summary>True when the query names no tag to include.</summary>
    public bool IsEmpty => !Clauses.Any(c => !c.Negated);
}

/// <summary>A query could not be understood; the message says which part and what would work.</summary>
public sealed class TagQueryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TagQueryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TagQueryException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public TagQueryException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Tags the user may have meant.</summary>
    public IReadOnlyList<string> Suggestions { get; init; } = [];
}

/// <summary>How a page of results is ordered.</summary>
public enum WorkOrder
{
    /// <summary>Most videos first, then the earliest year, then masters before releases, then id.</summary>
    Stable,

    /// <summary>A shuffle that is the same for the same seed and result.</summary>
    Shuffled,
}

/// <summary>What to return for a query.</summary>
public sealed record QueryOptions
{
    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxLimit = 500;

    /// <summary>Works to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Works to return (at most <see cref="MaxLimit"/>).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>The order of the works.</summary>
    public WorkOrder Order { get; init; } = WorkOrder.Stable;

    /// <summary>The shuffle's seed.</summary>
    public long Seed { get; init; }

    /// <summary>Facets to return per kind (0: none).</summary>
    public int FacetsPerKind { get; init; } = 20;

    /// <summary>Whether each work on the page comes with its videos.</summary>
    public bool WithVideos { get; init; } = true;
}

/// <summary>A work on a page of results.</summary>
/// <param name="Ordinal">Its number in the index's order.</param>
/// <param name="MasterId">The master, for a master's work.</param>
/// <param name="ReleaseId">The release, for a release without a master.</param>
/// <param name="Title">Title.</param>
/// <param name="Artists">Main artists as credited.</param>
/// <param name="Labels">Up to three labels.</param>
/// <param name="Year">The earliest year known.</param>
/// <param name="Country">The country of its first release.</param>
/// <param name="VideoCount">Videos.</param>
/// <param name="Videos">The videos, when asked for.</param>
public sealed record WorkItem(int Ordinal, long? MasterId, long? ReleaseId, string? Title, string? Artists, string? Labels, int? Year, string? Country, int VideoCount, IReadOnlyList<WorkVideo> Videos)
{
    /// <summary>The work's page on Discogs.</summary>
    public string DiscogsUrl => MasterId is long m ? $"https://www.discogs.com/master/{m}" : $"https://www.discogs.com/release/{ReleaseId}";
}

/// <summary>A tag and how many works of the result carry it.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Works">Works of the result with it (estimated when <see cref="FacetSet.Estimated"/>).</param>
public sealed record FacetCount(Tag Tag, int Works);

/// <summary>The top tags of one kind within a result.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Tags">The most frequent tags, most works first.</param>
/// <param name="Estimated">True when counted over a sample of the result (the counts are scaled up to it).</param>
/// <param name="Counted">How many works were counted.</param>
public sealed record Facet(TagKind Kind, IReadOnlyList<FacetCount> Tags, bool Estimated, int Counted);

/// <summary>The facets of a result.</summary>
/// <param name="Estimated">True when some kind was counted over a sample of the result, not all of it.</param>
/// <param name="Counted">How many works were counted for the small kinds (genre to format).</param>
/// <param name="Kinds">One facet per kind.</param>
public sealed record FacetSet(bool Estimated, int Counted, IReadOnlyList<Facet> Kinds);

/// <summary>The answer to a query.</summary>
/// <param name="Query">The query.</param>
/// <param name="Works">Works that match.</param>
/// <param name="Videos">Videos of those works.</param>
/// <param name="Offset">The page's first work.</param>
/// <param name="Page">The page.</param>
/// <param name="Facets">The facets, when asked for.</param>
public sealed record QueryResult(TagQuery Query, int Works, long Videos, int Offset, IReadOnlyList<WorkItem> Page, FacetSet? Facets);

/// <summary>A tag offered for a prefix.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Videos">Videos of its works.</param>
public sealed record TagSuggestion(Tag Tag, long Videos);

/// <summary>One video of a playlist.</summary>
/// <param name="YoutubeId">The YouTube id.</param>
/// <param name="Title">The video's title.</param>
/// <param name="Duration">Seconds, when known.</param>
/// <param name="Work">The work it belongs to (without its videos).</param>
public sealed record PlaylistVideo(string YoutubeId, string? Title, int? Duration, WorkItem Work);

/// <summary>A stretch of a playlist.</summary>
/// <param name="Videos">The videos, work after work.</param>
/// <param name="NextOffset">The work to continue from, or null at the end of the result.</param>
public sealed record PlaylistPage(IReadOnlyList<PlaylistVideo> Videos, int? NextOffset);
