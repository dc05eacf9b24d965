using System.Text;

namespace Platter.Collection;

/// <summary>One role of an artist on a release, as Platter reads a Discogs credit.</summary>
/// <param name="Name">The role as Discogs writes it, trimmed, without its bracket ("Music By").</param>
/// <param name="Qualifier">What the bracket says ("All Tracks By"), or null.</param>
/// <param name="Category">performance, writing, production, engineering/mixing, remix, design/art, management or other.</param>
public sealed record Role(string Name, string? Qualifier, string Category);

/// <summary>
/// Splits and classifies Discogs credit roles. A credit's role text lists roles separated by
/// commas outside brackets (<c>Producer, Written-By</c> is two roles); a bracket qualifies the
/// role before it (<c>Music By [All Tracks By]</c>, <c>Performer [Guitar, Bass]</c>). Names are
/// compared case-insensitively and with runs of spaces as one.
/// </summary>
public static class Roles
{
    /// <summary>The categories, in the order they are shown.</summary>
    public static IReadOnlyList<string> Categories { get; } = ["performance", "writing", "production", "engineering/mixing", "remix", "design/art", "management", "other"];

    // Whole names first (case-insensitive), then words a name contains, in this order: "Remix"
    // before "Mix", "Mixed By" before "By", "Executive Producer" under production.
    private static readonly Dictionary<string, string> _exact = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Featuring"] = "performance",
        ["Performer"] = "performance",
        ["Vocals"] = "performance",
        ["DJ Mix"] = "performance",
        ["Conductor"] = "performance",
        ["Orchestra"] = "performance",
        ["Choir"] = "performance",
        ["Rap"] = "performance",
        ["MC"] = "performance",
        ["Presenter"] = "performance",
        ["Cover"] = "design/art",
        ["Liner Notes"] = "other",
        ["Translated By"] = "other",
        ["A&R"] = "management",
        ["Booking"] = "management",
    };

    private static readonly (string Word, string Category)[] _words =
    [
        ("remix", "remix"),
        ("mixed by", "engineering/mixing"),
        ("mastered by", "engineering/mixing"),
        ("engineer", "engineering/mixing"),
        ("recorded by", "engineering/mixing"),
        ("lacquer cut", "engineering/mixing"),
        ("edited by", "engineering/mixing"),
        ("mastering", "engineering/mixing"),
        ("producer", "production"),
        ("produced by", "production"),
        ("programmed by", "production"),
        ("written-by", "writing"),
        ("written by", "writing"),
        ("composed by", "writing"),
        ("music by", "writing"),
        ("lyrics by", "writing"),
        ("words by", "writing"),
        ("songwriter", "writing"),
        ("arranged by", "writing"),
        ("design", "design/art"),
        ("artwork", "design/art"),
        ("art direction", "design/art"),
        ("photography", "design/art"),
        ("illustration", "design/art"),
        ("layout", "design/art"),
        ("graphics", "design/art"),
        ("painting", "design/art"),
        ("management", "management"),
        ("manager", "management"),
        ("vocals", "performance"),
        ("voice", "performance"),
        ("guitar", "performance"),
        ("bass", "performance"),
        ("drums", "performance"),
        ("percussion", "performance"),
        ("keyboards", "performance"),
        ("piano", "performance"),
        ("organ", "performance"),
        ("synthesizer", "performance"),
        ("saxophone", "performance"),
        ("trumpet", "performance"),
        ("trombone", "performance"),
        ("horn", "performance"),
        ("flute", "performance"),
        ("clarinet", "performance"),
        ("violin", "performance"),
        ("viola", "performance"),
        ("cello", "performance"),
        ("strings", "performance"),
        ("turntables", "performance"),
        ("scratches", "performance"),
        ("instruments", "performance"),
        ("harmonica", "performance"),
        ("banjo", "performance"),
        ("mandolin", "performance"),
        ("harp", "performance"),
        ("sitar", "performance"),
        ("electronics", "performance"),
    ];

    /// <summary>The roles in a credit's role text; none for null or blank text.</summary>
    public static IReadOnlyList<Role> Parse(string? text)
    {
        var roles = new List<Role>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return roles;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ',';
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && depth > 0)
            {
                depth--;
            }
            else if (c == ',' && (depth == 0 || i == text.Length))
            {
                if (One(text[start..i]) is { } role)
                {
                    roles.Add(role);
                }

                start = i + 1;
            }
        }

        return roles;
    }

    /// <summary>The category of a role name (without its bracket).</summary>
    public static string Category(string name)
    {
        if (_exact.TryGetValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (word, category) in _words)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return category;
            }
        }

        return "other";
    }

    private static Role? One(string part)
    {
        var text = Squeeze(part);
        if (text.Length == 0)
        {
            return null;
        }

        string? qualifier = null;
        var open = text.IndexOf('[', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = text.LastIndexOf(']');
            qualifier = Squeeze(close > open ? text[(open + 1)..close] : text[(open + 1)..]);
            text = text[..open].Trim();
            if (qualifier.Length == 0)
            {
                qualifier = null;
            }
        }

        return text.Length == 0 ? null : new Role(text, qualifier, Category(text));
    }

    private static string Squeeze(string s)
    {
        var b = new StringBuilder(s.Length);
        foreach (var c in s.Trim())
        {
            if (!char.IsWhiteSpace(c) || (b.Length > 0 && b[^1] != ' '))
            {
                b.Append(char.IsWhiteSpace(c) ? ' ' : c);
            }
        }

        return b.ToString();
    }
}
