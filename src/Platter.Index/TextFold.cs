using System.Text;

namespace Platter.Index;

/// <summary>
/// Folds text for matching that ignores case and accents ("Björk" and "bjork", "Sigur Rós" and
/// "sigur ros"). The process runs with invariant globalization, whose string normalisation does
/// nothing, so Latin letters with diacritics (U+00C0 to U+024F) are mapped by a table, and
/// combining marks (U+0300 to U+036F) are dropped.
/// </summary>
public static class TextFold
{
    // Index c - 0xC0; an empty entry keeps the lower-cased letter (× and ÷, for example).
    private static readonly string[] _latin = "a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o||o|u|u|u|u|y|th|ss|a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o||o|u|u|u|u|y|th|y|a|a|a|a|a|a|c|c|c|c|c|c|c|c|d|d|d|d|e|e|e|e|e|e|e|e|e|e|g|g|g|g|g|g|g|g|h|h|h|h|i|i|i|i|i|i|i|i|i|i|ij|ij|j|j|k|k|k|l|l|l|l|l|l|l|l|l|l|n|n|n|n|n|n||n|n|o|o|o|o|o|o|oe|oe|r|r|r|r|r|r|s|s|s|s|s|s|s|s|t|t|t|t|t|t|u|u|u|u|u|u|u|u|u|u|u|u|w|w|y|y|y|z|z|z|z|z|z|s|b|||||||||||||||||f|f|||||i|||||||||o|o||||||||||||||u|u||||||||||||||||||||dz|dz|dz|lj|lj|lj|nj|nj|nj|a|a|i|i|o|o|u|u|u|u|u|u|u|u|u|u||a|a|a|a|||g|g|g|g|k|k|o|o|o|o|||j|dz|dz|dz|g|g|||n|n|a|a|||||a|a|a|a|e|e|e|e|i|i|i|i|o|o|o|o|r|r|r|r|u|u|u|u|s|s|t|t|||h|h|||||||a|a|e|e|o|o|o|o|o|o|o|o|y|y||||||||||||||||b|u|||||||||||".Split('|');

    /// <summary>The folded form of <paramref name="text"/>: lower case, no accents, runs of white space as one space, trimmed.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch))
            {
                space = sb.Length > 0;
                continue;
            }

            if (ch is >= '\u0300' and <= '\u036F')
            {
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            if (ch < 0x80)
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
            else if (ch is >= '\u00C0' and <= '\u024F' && _latin[ch - 0xC0].Length > 0)
            {
                sb.Append(_latin[ch - 0xC0]);
            }
            else
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
        }

        return sb.ToString();
    }

    /// <summary>The starts of the words of a folded text ("deep house" gives "deep house" and "house"), for autocomplete.</summary>
    public static IEnumerable<string> WordStarts(string folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        yield return folded;
        for (var i = 1; i < folded.Length; i++)
        {
            if (folded[i - 1] is ' ' or '-' or '/' or '(' or '&' or '.' && folded[i] != ' ')
            {
                yield return folded[i..];
            }
        }
    }
}
