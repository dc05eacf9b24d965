using System.Text;
using System.Text.RegularExpressions;

namespace Platter.Testing;

/// <summary>
/// What a reader of a truncated <c>.gz</c> dump should report, worked out without Platter: the
/// bytes gzip can still decompress, the line and byte offset where they stop, and the last
/// record closed before that point.
/// </summary>
/// <param name="Line">1-based line where the data stops.</param>
/// <param name="ByteOffset">Uncompressed bytes before the data stops.</param>
/// <param name="LastGoodRecord">The last complete record (<c>release 6084147</c>).</param>
/// <param name="Records">Complete records before the data stops.</param>
public sealed partial record Truncation(long Line, long ByteOffset, string LastGoodRecord, long Records)
{
    /// <summary>Works out the expected error position of a truncated dump holding <paramref name="record"/> elements.</summary>
    public static Truncation Of(string gzPath, string record)
    {
        var prefix = TempFolder.GunzipPrefix(gzPath);
        var text = Encoding.UTF8.GetString(prefix);
        var close = $"</{record}>";
        var lastClosed = text.LastIndexOf(close, StringComparison.Ordinal);
        var lastOpen = RecordStart().Matches(text[..lastClosed]).Last(m => m.Groups[1].Value == record);
        var id = lastOpen.Groups[2].Success ? lastOpen.Groups[2].Value : IdElement().Match(text, lastOpen.Index).Groups[1].Value;
        return new Truncation(
            prefix.Count(b => b == (byte)'\n') + 1,
            prefix.Length,
            $"{record} {id}",
            Regex.Count(text, Regex.Escape(close)));
    }

    [GeneratedRegex("<(release|master|artist|label)(?: id=\"(\\d+)\")?[ >]")]
    private static partial Regex RecordStart();

    [GeneratedRegex("<id>(\\d+)</id>")]
    private static partial Regex IdElement();
}
