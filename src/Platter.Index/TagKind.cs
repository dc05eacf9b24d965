namespace Platter.Index;

/// <summary>
/// What a tag says about a work. Tag ids are grouped by kind in this order; the kinds before
/// <see cref="Label"/> have a few thousand tags at most, labels and artists millions.
/// </summary>
public enum TagKind : byte
{
    /// <summary>A Discogs genre (<c>genre:Electronic</c>).</summary>
    Genre,

    /// <summary>A Discogs style (<c>style:Deep House</c>).</summary>
    Style,

    /// <summary>The decade of a release (<c>decade:1990s</c>).</summary>
    Decade,

    /// <summary>The year of a release (<c>year:1999</c>).</summary>
    Year,

    /// <summary>The country a release was issued in (<c>country:Germany</c>).</summary>
    Country,

    /// <summary>A format name (<c>format:Vinyl</c>).</summary>
    Format,

    /// <summary>A label a release was issued on, by label id (<c>label:Planet E</c>).</summary>
    Label,

    /// <summary>A main artist of a release or master, by artist id (<c>artist:The Persuader</c>).</summary>
    Artist,

}

/// <summary>Names of the tag kinds as they are written in tags (<c>style:…</c>).</summary>
public static class TagKinds
{
    /// <summary>Every kind, in the order the page shows them.</summary>
    public static IReadOnlyList<TagKind> All { get; } = Enum.GetValues<TagKind>();

    /// <summary>The kinds, as written: "genre, style, decade, year, country, format, label, artist".</summary>
    public static string List { get; } = string.Join(", ", All.Select(Name));

    /// <summary>The kind's name as written in a tag.</summary>
    public static string Name(this TagKind kind) => kind switch
    {
        TagKind.Genre => "genre",
        TagKind.Style => "style",
        TagKind.Decade => "decade",
        TagKind.Year => "year",
        TagKind.Country => "country",
        TagKind.Format => "format",
        TagKind.Label => "label",
        TagKind.Artist => "artist",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static TagKind? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var k in All)
        {
            if (string.Equals(k.Name(), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return k;
            }
        }

        return null;
    }

    /// <summary>True for the kinds whose tags are told apart by a Discogs id (artists and labels).</summary>
    public static bool HasId(this TagKind kind) => kind is TagKind.Artist or TagKind.Label;
}
