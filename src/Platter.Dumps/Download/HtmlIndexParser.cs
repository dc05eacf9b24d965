using System.Globalization;
using System.Text.RegularExpressions;

namespace Platter.Dumps.Download;

/// <summary>
/// Reads the server-rendered index of data.discogs.com (section 4.1): the root page with one
/// <c>?prefix=data%2FYYYY%2F</c> link per year, and year pages with one <c>?download=</c> row per file.
/// Kept small on purpose; the tests hold it to copies of the real pages.
/// </summary>
public static partial class HtmlIndexParser
{
    /// <summary>True when <paramref name="page"/> looks like the index (a <c>&lt;pre&gt;</c> listing with the column header).</summary>
    public static bool IsIndexPage(string page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Contains("<pre>", StringComparison.OrdinalIgnoreCase) && page.Contains("Last Modified", StringComparison.Ordinal);
    }

    /// <summary>The year folders linked from the root page, ascending.</summary>
    public static IReadOnlyList<int> ParseYears(string page, string url)
    {
        EnsureIndex(page, url);
        return YearLink().Matches(page)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .Order()
            .ToList();
    }

    /// <summary>
    /// The dump files of a year page. The key comes from the URL-decoded <c>href</c>, not from
    /// the link text, which is only a label.
    /// </summary>
    public static IReadOnlyList<DumpFile> ParseYearPage(string page, string url)
    {
        EnsureIndex(page, url);
        var files = new List<DumpFile>();
        foreach (Match row in FileRow().Matches(page))
        {
            var key = Uri.UnescapeDataString(row.Groups[3].Value);
            var modified = DateTime.ParseExact(row.Groups[1].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            if (DumpNames.Classify(key, null, row.Groups[2].Value, modified, url) is { } file)
            {
                files.Add(file);
            }
        }

        return files;
    }

    private static void EnsureIndex(string page, string url)
    {
        if (!IsIndexPage(page))
        {
            throw new DumpException(
                DumpErrorKind.UnexpectedContent,
                $"{url} did not return a dump listing (it starts with \"{Excerpt.Of(page)}\"). " +
                "Check --source / PLATTER_SOURCE, or try again later if the site shows an error page.",
                url);
        }
    }

    [GeneratedRegex(@"href=""\?prefix=data%2F(\d{4})%2F""")]
    private static partial Regex YearLink();

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\s+([\d.]+ [KMGT]?B)\s+<a href=""\?download=([^""]+)"">([^<]*)</a>", RegexOptions.Multiline)]
    private static partial Regex FileRow();
}
