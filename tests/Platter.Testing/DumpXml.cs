using System.Text;

namespace Platter.Testing;

/// <summary>Builds dump XML in the 2020 layout (root, one record a line) for inputs the fixtures do not have.</summary>
public static class DumpXml
{
    /// <summary>A releases file of <paramref name="count"/> records with ids 1 to count and the given inner XML each.</summary>
    public static string Releases(int count, Func<int, string> body)
    {
        var sb = new StringBuilder("<releases>\n");
        for (var i = 1; i <= count; i++)
        {
            sb.Append($"<release id=\"{i}\" status=\"Accepted\">").Append(body(i)).Append("</release>\n");
        }

        return sb.Append("</releases>\n").ToString();
    }
}
