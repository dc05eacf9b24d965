using System.Text;
using Platter.Core;
using Platter.Testing;

namespace Platter.Dumps.Tests;

/// <summary>Broken and hostile files: the error a user sees names the file, the position and the last good record.</summary>
public sealed class BadInputTests : TempFolderTest
{
    private const string Html = "<!DOCTYPE html>\n<html>\n<head><title>Discogs Data</title></head>\n<body><pre>You are making requests too quickly.</pre></body>\n</html>\n";

    [Theory]
    [InlineData("releases", 0.5)]
    [InlineData("releases", 0.9)]
    [InlineData("artists", 0.5)]
    [InlineData("labels", 0.7)]
    [InlineData("masters", 0.3)]
    public void ATruncatedGzipFailsNamingTheLastCompleteRecordAndWhereTheDataStops(string entity, double keep)
    {
        var source = Fixtures.SampleFile(entity);
        var length = new FileInfo(source).Length;
        var path = Dir.WriteTruncated(Path.GetFileName(source), source, length - (long)(length * keep));

        var e = DumpRead.Failure(path);

        // Counted independently: everything gzip can still decompress, and the last record closed in it.
        var expected = Truncation.Of(path, entity[..^1]);

        AssertError(e, path, expected.Line, expected.ByteOffset, expected.LastGoodRecord);
        Assert.Contains("truncated", e.Problem, StringComparison.Ordinal);
        Assert.Contains($"{path}: line {expected.Line}, byte offset {expected.ByteOffset}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"the last good record is {expected.LastGoodRecord}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGzipFileMissingOnlyItsEightByteTrailerIsTruncatedAfterTheLastRecord()
    {
        var path = Dir.WriteTruncated("discogs_20200806_releases.xml.gz", Fixtures.SampleFile("releases"), 8);

        var e = DumpRead.Failure(path);

        var xml = TempFolder.GunzipPrefix(Fixtures.SampleFile("releases"));
        Assert.Equal(4_505_837, xml.Length);
        AssertError(e, path, xml.Count(b => b == (byte)'\n') + 1, xml.Length, "release 14220612");
        Assert.Contains("truncated", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AMismatchedEndTagFailsAtItsLine()
    {
        const string Xml = "<releases>\n<release id=\"1\"><title>A</title></release>\n<release id=\"2\"><title>B</titel></release>\n</releases>\n";
        var path = Dir.WriteText("malformed.xml", Xml);

        var e = DumpRead.Failure(path);

        AssertError(e, path, 3, Xml.IndexOf("</titel>", StringComparison.Ordinal), "release 1");
        Assert.Equal("end tag </titel> does not match <title>: the XML is malformed", e.Problem);
        Assert.Equal(
            $"{path}: line 3, byte offset {Xml.IndexOf("</titel>", StringComparison.Ordinal)}: end tag </titel> does not match <title>: the XML is malformed (the last good record is release 1). Nothing from this file was stored; check or download the file again.",
            e.Message);
    }

    [Fact]
    public void AnHtmlPageSavedAsXmlGzIsRecognisedAsHtml()
    {
        var path = Dir.WriteText("discogs_20200806_releases.xml.gz", Html);

        var e = Assert.Throws<DumpFormatException>(() => DumpReader.Open(path));

        AssertError(e, path, 0, 0, null);
        Assert.Contains("HTML page", e.Problem, StringComparison.Ordinal);
        Assert.Contains("not gzip", e.Problem, StringComparison.Ordinal);
        Assert.Contains($"{path}: byte offset 0: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("(no record was read before it)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGzippedHtmlPageIsRefusedAtItsDoctype()
    {
        var path = Dir.WriteGzipText("discogs_20200806_releases.xml.gz", Html);

        var e = Assert.Throws<DumpFormatException>(() => DumpReader.Open(path));

        AssertError(e, path, 1, 0, null);
        Assert.Contains("DOCTYPE", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ABinaryFileNamedGzIsNotGzip()
    {
        var path = Dir.WriteBytes("discogs_20200806_releases.xml.gz", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]);

        var e = Assert.Throws<DumpFormatException>(() => DumpReader.Open(path));

        AssertError(e, path, 0, 0, null);
        Assert.Contains("1F 8B", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExternalEntityInADtdIsNeverRead()
    {
        const string Secret = "TOP-SECRET-7f3a9c";
        var secretPath = Dir.WriteText("secret.txt", Secret);
        var xml = $"<?xml version=\"1.0\"?>\n<!DOCTYPE releases [<!ENTITY secret SYSTEM \"file://{secretPath}\">]>\n<releases><release id=\"1\"><title>&secret;</title></release></releases>\n";
        var path = Dir.WriteText("evil.xml", xml);
        var warnings = new List<DumpWarning>();

        var e = Assert.Throws<DumpFormatException>(() =>
        {
            using var reader = DumpReader.Open(path, warnings.Add);
            reader.ReadRecords().ToList();
        });

        AssertError(e, path, 2, xml.IndexOf("<!DOCTYPE", StringComparison.Ordinal), null);
        Assert.Contains("DOCTYPE", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
        Assert.Empty(warnings);
    }

    [Fact]
    public void AnEntityReferenceWithoutADtdIsAnErrorNotALookup()
    {
        var secretPath = Dir.WriteText("secret.txt", "TOP-SECRET-7f3a9c");
        var xml = "<releases>\n<release id=\"1\"><title>ok</title></release>\n<release id=\"2\"><title>&secret;</title></release>\n</releases>\n";
        var path = Dir.WriteText("entity.xml", xml);

        var e = DumpRead.Failure(path);

        AssertError(e, path, 3, xml.IndexOf("&secret;", StringComparison.Ordinal), "release 1");
        Assert.Contains("&secret;", e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("TOP-SECRET", e.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(secretPath));
    }

    [Fact]
    public void ARootElementThatIsNotADumpIsRefused()
    {
        var path = Dir.WriteText("root.xml", "<root><release id=\"1\"><title>A</title></release></root>\n");

        var e = Assert.Throws<DumpFormatException>(() => DumpReader.Open(path));

        AssertError(e, path, 1, 0, null);
        Assert.Equal("the root element is <root>, not <artists>, <labels>, <masters> or <releases>: this is not a Discogs dump", e.Problem);
    }

    [Fact]
    public void AnEmptyFileIsNotADump()
    {
        var path = Dir.WriteText("empty.xml", "");

        var e = Assert.Throws<DumpFormatException>(() => DumpReader.Open(path));

        AssertError(e, path, 1, 0, null);
        Assert.Contains("no XML element", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ForbiddenControlCharactersAreDroppedAndCountedInAWarningNamingTheRecord()
    {
        var xml = "<releases>\n<release id=\"4\"><title>Clean</title></release>\n<release id=\"5\"><title>Bell\u0003 and\u0007 ring&#7;s</title><notes>n&#x3;o</notes></release>\n</releases>\n";
        var path = Dir.WriteText("control.xml", xml);

        var (records, warnings) = DumpRead.All(path);

        Assert.Equal(["Clean", "Bell and rings"], records.Cast<Release>().Select(r => r.Title));
        Assert.Equal("no", ((Release)records[1]).Notes);
        var w = Assert.Single(warnings);
        Assert.Equal("release 5", w.Record);
        Assert.Equal(path, w.File);
        Assert.Equal(3, w.Line);
        Assert.Equal(xml.IndexOf("<release id=\"5\"", StringComparison.Ordinal), w.ByteOffset);
        Assert.Equal("dropped 4 control character(s) that XML forbids (last U+0003) from the text", w.Message);
        Assert.Equal("control.xml: line 3, release 5: dropped 4 control character(s) that XML forbids (last U+0003) from the text", w.ToString());
    }

    [Fact]
    public void LineEndsAreNormalisedButAnEscapedCarriageReturnIsKept()
    {
        var xml = "<releases><release id=\"1\"><title>a\r\nb\rc\nd&#13;e&#13;\nf</title>" +
            "<identifiers><identifier type=\"Other\" description=\"x\r\ny\tz\" value=\"v\"/></identifiers></release></releases>";
        var path = Dir.WriteText("lines.xml", xml);

        var r = Assert.IsType<Release>(Assert.Single(DumpRead.All(path).Records));

        Assert.Equal("a\nb\nc\nd\re\r\nf", r.Title);
        Assert.Equal("x y z", r.Identifiers[0].Description);
    }

    [Fact]
    public void ByteOrderMarkDeclarationCommentsAndCDataAreAccepted()
    {
        var xml = "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- cut from a dump -->\n<labels><label><id>9</id><name><![CDATA[A & <B>]]></name><!-- x --><profile>p</profile></label></labels>";
        var path = Dir.WriteBytes("bom.xml", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(xml[1..])).ToArray());

        var label = DumpRead.Only<Label>(path);

        Assert.Equal((9L, "A & <B>", "p"), (label.Id, label.Name!, label.Profile!));
    }

    [Fact]
    public void TextAfterTheRootElementIsMalformed()
    {
        const string Xml = "<labels>\n<label><id>9</id><name>A</name></label>\n</labels>garbage\n";
        var path = Dir.WriteText("after.xml", Xml);

        var e = DumpRead.Failure(path);

        AssertError(e, path, 3, Xml.IndexOf("garbage", StringComparison.Ordinal), "label 9");
        Assert.Equal("text after the end of the root element", e.Problem);
    }

    [Fact]
    public void TheEntityComesFromTheRootElementNotTheFileName()
    {
        var path = Dir.WriteText("discogs_20200806_releases.xml", "<labels><label><id>9</id><name>A</name></label></labels>");

        using var reader = DumpReader.Open(path);

        Assert.Equal(EntityKind.Labels, reader.Entity);
        Assert.Equal(new DateOnly(2020, 8, 6), reader.DumpDate);
    }

    private static void AssertError(DumpFormatException e, string file, long line, long offset, string? lastGood)
    {
        Assert.Equal(file, e.File);
        Assert.Equal((line, offset, lastGood), (e.Line, e.ByteOffset, e.LastGoodRecord));
        Assert.StartsWith(file + ": ", e.Message, StringComparison.Ordinal);
    }

}
