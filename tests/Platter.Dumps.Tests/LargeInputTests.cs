using System.Text;
using System.Xml.Linq;
using Platter.Core;
using Platter.Testing;

namespace Platter.Dumps.Tests;

/// <summary>
/// Inputs larger than the reader's buffers (256 KB scanner buffer, 1 MB read-ahead blocks): raw
/// UTF-8 split across buffer ends, positions deep in a file, one text larger than the buffer.
/// Expected values come from System.Xml.Linq over the same text.
/// </summary>
public sealed class LargeInputTests : TempFolderTest
{
    private const int Count = 6000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RawUtf8TextAcrossBufferEndsReadsAsSystemXmlReadsIt(bool gzip)
    {
        var xml = DumpXml.Releases(Count, i => $"<title>{Title(i)}</title><country>{Country(i)}</country><notes>{Notes(i)}</notes>");
        var path = gzip ? Dir.WriteGzipText("many.xml.gz", xml) : Dir.WriteText("many.xml", xml);
        Assert.True(Encoding.UTF8.GetByteCount(xml) > 3 << 20, "the input must span several read-ahead blocks");

        var (records, warnings) = DumpRead.All(path);

        Assert.Empty(warnings);
        var expected = XDocument.Parse(xml).Root!.Elements("release")
            .Select(r => ((long)r.Attribute("id")!, (string)r.Element("title")!, (string)r.Element("country")!, (string)r.Element("notes")!))
            .ToList();
        Assert.Equal(Count, expected.Count);
        Assert.Equal(expected, records.Cast<Release>().Select(r => (r.Id, r.Title!, r.Country!, r.Notes!)));
    }

    [Fact]
    public void AWarningDeepInTheFileNamesTheRightLineAndOffset()
    {
        const int Bad = 5432;
        var xml = DumpXml.Releases(Count, i => $"<title>{Title(i)}{(i == Bad ? "\u0007" : "")}</title><notes>{Notes(i)}</notes>");
        var path = Dir.WriteGzipText("deep.xml.gz", xml);

        var (records, warnings) = DumpRead.All(path);

        Assert.Equal(Count, records.Count);
        var w = Assert.Single(warnings);
        var start = xml.IndexOf($"<release id=\"{Bad}\"", StringComparison.Ordinal);
        Assert.Equal(
            ($"release {Bad}", xml[..start].Count(c => c == '\n') + 1L, (long)Encoding.UTF8.GetByteCount(xml[..start])),
            (w.Record, w.Line, w.ByteOffset));
    }

    [Fact]
    public void ATextLargerThanTheBufferIsReadWhole()
    {
        var notes = string.Concat(Enumerable.Range(0, 120_000).Select(i => $"Zeile {i} – ⅓ 日本\n"));
        var xml = $"<releases>\n<release id=\"1\"><title>Big</title><notes>{notes}</notes></release>\n<release id=\"2\"><title>After</title></release>\n</releases>\n";
        var path = Dir.WriteGzipText("big.xml.gz", xml);

        var (records, _) = DumpRead.All(path);

        Assert.Equal([1L, 2L], records.Select(r => r.Id));
        Assert.Equal(notes, ((Release)records[0]).Notes);
        Assert.Equal("After", ((Release)records[1]).Title);
    }

    [Fact]
    public void APlainXmlFileCutInsideARecordIsTruncatedAtItsEnd()
    {
        var xml = DumpXml.Releases(Count, i => $"<title>{Title(i)}</title>");
        var cut = xml[..(xml.IndexOf("<release id=\"4000\"", StringComparison.Ordinal) + 50)]; // ends inside the title text
        var path = Dir.WriteText("cut.xml", cut);

        var e = DumpRead.Failure(path);

        Assert.Equal(
            (cut.Count(c => c == '\n') + 1L, (long)Encoding.UTF8.GetByteCount(cut), "release 3999"),
            (e.Line, e.ByteOffset, e.LastGoodRecord));
        Assert.Contains("truncated", e.Problem, StringComparison.Ordinal);
    }

    // Two-, three- and four-byte UTF-8 characters at shifting positions, so some straddle every buffer end.
    private static string Title(int i) => new string('x', i % 7) + "Östermalm ⅓ 日本 𝄞 " + i;

    private static string Country(int i) => (i % 3) switch { 0 => "Sverige", 1 => "Österreich", _ => "日本" };

    private static string Notes(int i) => string.Concat(Enumerable.Repeat($"Línea {i}: Ça va – “quoted” &amp; 𝄞\n", 1 + (i % 29)));
}
