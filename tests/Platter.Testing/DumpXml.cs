using System.IO.Compression;
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

    /// <summary>A gzipped dump (or any gzip file) as text.</summary>
    public static string ReadGzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Writes <paramref name="xml"/> gzipped to <paramref name="path"/>.</summary>
    public static void WriteGzip(string path, string xml) => File.WriteAllBytes(path, TempFolder.Gzip(new UTF8Encoding(false).GetBytes(xml)));

    /// <summary>The dump text with <paramref name="oldText"/> replaced inside release <paramref name="id"/> only; throws when that release does not hold it.</summary>
    public static string ReplaceInRelease(string xml, long id, string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var start = xml.IndexOf($"<release id=\"{id}\" ", StringComparison.Ordinal);
        var end = start < 0 ? -1 : xml.IndexOf("</release>", start, StringComparison.Ordinal);
        var at = end < 0 ? -1 : xml.IndexOf(oldText, start, end - start, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ArgumentException($"release {id} does not hold {oldText}");
        }

        return xml[..at] + newText + xml[(at + oldText.Length)..];
    }
}
