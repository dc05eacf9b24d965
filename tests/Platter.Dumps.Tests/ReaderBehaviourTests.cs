using Platter.Core;
using Platter.Testing;

namespace Platter.Dumps.Tests;

/// <summary>What the reader reports besides records (counts, last id, dump date) and how it treats unexpected content.</summary>
public sealed class ReaderBehaviourTests : TempFolderTest
{
    [Theory]
    [InlineData("artists", EntityKind.Artists, 7347455)]
    [InlineData("labels", EntityKind.Labels, 1713781)]
    [InlineData("masters", EntityKind.Masters, 1162096)]
    [InlineData("releases", EntityKind.Releases, 14220612)]
    public void EachSampleFileHoldsAThousandAscendingRecordsOfItsEntity(string name, EntityKind entity, long lastId)
    {
        var path = Fixtures.SampleFile(name);
        var warnings = new List<DumpWarning>();
        using var reader = DumpReader.Open(path, warnings.Add);

        var ids = reader.ReadRecords().Select(r => r.Id).ToList();

        Assert.Equal((entity, new DateOnly(2020, 8, 6), 1000L, lastId), (reader.Entity, reader.DumpDate!.Value, reader.Records, reader.LastId!.Value));
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(new FileInfo(path).Length, reader.CompressedLength);
        Assert.Empty(warnings);
    }

    [Fact]
    public void RepeatedAttributeValuesAreSharedButStillTrimmedAndDecodedLikeAnyOther()
    {
        // Label, format, image and identifier attributes go through the string pool unless they
        // need decoding; both ways must give the same text.
        const string Release = """
            <release id="{0}" status="Accepted">
              <images><image type="primary" uri="" uri150="" width="600" height="600"/></images>
              <labels><label name="Warp Records" catno="WARP 1" id="23528"/><label name=" Smith &amp; Mighty " catno="" id="1"/><label name="Tab~Name" catno="x" id="2"/><label name="Tab&#9;Name" catno="x" id="3"/></labels>
              <formats><format name="Vinyl" qty="2" text=""><descriptions><description>LP</description></descriptions></format></formats>
              <identifiers><identifier type="Barcode" description="Text" value="5 021603 0"/></identifiers>
            </release>
            """;
        var record = Release.Replace('~', '\t'); // a raw tab: normalised to a space; &#9; stays a tab
        var path = Dir.WriteText("releases.xml", "<releases>" + string.Format(System.Globalization.CultureInfo.InvariantCulture, record, 1) + string.Format(System.Globalization.CultureInfo.InvariantCulture, record, 2) + "</releases>");
        using var reader = DumpReader.Open(path);

        var releases = reader.ReadRecords().Cast<Release>().ToList();

        Assert.Equal(2, releases.Count);
        foreach (var r in releases)
        {
            Assert.Equal("Accepted", r.Status);
            Assert.Equal(["Warp Records", "Smith & Mighty", "Tab Name", "Tab\tName"], r.Labels.Select(l => l.Name));
            Assert.Equal(("Vinyl", "2", (string?)null), (r.Formats[0].Name, r.Formats[0].Quantity, r.Formats[0].Text));
            Assert.Equal("primary", r.Images[0].Type);
            Assert.Equal(("Barcode", "Text", "5 021603 0"), (r.Identifiers[0].Type, r.Identifiers[0].Description, r.Identifiers[0].Value));
        }
    }

    [Fact]
    public void AttributeValuesAreTrimmedOfUnicodeSpaceLikeAnyOther()
    {
        // string.Trim() removes U+00A0, U+2028 and U+3000 as well as ASCII space; label names,
        // catalog numbers and format names must all come out trimmed of them.
        const string Record = "<release id=\"{0}\"><labels><label name=\"Warp\u00A0\" catno=\"\u2028A 1\" id=\"23528\"/><label name=\"\u3000\" catno=\"B\" id=\"1\"/></labels>"
            + "<formats><format name=\"\u2028Vinyl\" qty=\"1\"/></formats></release>";
        var records = string.Concat(new[] { 1, 2 }.Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, Record, i)));
        var path = Dir.WriteText("releases.xml", "<releases>" + records + "</releases>");
        using var reader = DumpReader.Open(path);

        var releases = reader.ReadRecords().Cast<Release>().ToList();

        Assert.Equal([1L, 2L], releases.Select(r => r.Id));
        foreach (var r in releases)
        {
            Assert.Equal([("Warp", "A 1"), (null, "B")], r.Labels.Select(l => (l.Name, l.CatalogNumber)));
            Assert.Equal("Vinyl", r.Formats[0].Name);
        }
    }

    [Fact]
    public void TheValidatorReadsAGoodFileWithoutError()
    {
        var result = DumpValidator.Validate(Fixtures.SampleFile("masters"), null, CancellationToken.None);

        Assert.True(result.Ok);
        Assert.Equal((EntityKind.Masters, 1000L, new DateOnly(2020, 8, 6)), (result.Entity!.Value, result.Records, result.DumpDate!.Value));
    }

    [Fact]
    public void TheValidatorReturnsTheErrorOfATruncatedFileWithTheRecordsBeforeIt()
    {
        var source = Fixtures.SampleFile("labels");
        var path = Dir.WriteTruncated(Path.GetFileName(source), source, new FileInfo(source).Length / 3);
        var expected = Truncation.Of(path, "label");

        var result = DumpValidator.Validate(path, null, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal((EntityKind.Labels, expected.Records), (result.Entity!.Value, result.Records));
        Assert.Equal((expected.Line, expected.ByteOffset, expected.LastGoodRecord), (result.Error!.Line, result.Error.ByteOffset, result.Error.LastGoodRecord));
    }

    [Fact]
    public void UnknownElementsAreSkippedWithAWarningAndTheRecordIsKept()
    {
        var path = Dir.WriteText(
            "new.xml",
            "<releases>\n<release id=\"7\"><title>T</title><rating>5<stars/></rating><country>UK</country></release>\n</releases>");

        var (records, warnings) = DumpRead.All(path);

        var r = Assert.IsType<Release>(Assert.Single(records));
        Assert.Equal(("T", "UK"), (r.Title!, r.Country!));
        var w = Assert.Single(warnings);
        Assert.Equal(("release 7", 2L, "unknown element <rating> in <release> was skipped"), (w.Record, w.Line, w.Message));
    }

    [Fact]
    public void ARecordWithoutAnIdIsSkippedWithAWarning()
    {
        var path = Dir.WriteText("noid.xml", "<labels>\n<label><name>No id</name></label>\n<label><id>3</id><name>Three</name></label>\n</labels>");

        var (records, warnings) = DumpRead.All(path);

        Assert.Equal([3L], records.Select(r => r.Id));
        var w = Assert.Single(warnings);
        Assert.Equal((2L, 9L, "a <label> without an id was skipped"), (w.Line, w.ByteOffset, w.Message));
    }

    [Fact]
    public void AttributesKeepQuotedAngleBracketsAndDecodeEntities()
    {
        var r = DumpRead.OnlyFromXml<Release>(
            "<releases><release id=\"1\"><labels><label name=\"A &gt; B &amp; &quot;C&quot; 'D'\" catno=\"x>y\" id=\"12\"/><label name='single &apos;quoted&apos;' catno=\"\" id=\"\"/></labels></release></releases>");

        Assert.Equal([new ReleaseLabel(12, "A > B & \"C\" 'D'", "x>y"), new ReleaseLabel(null, "single 'quoted'", null)], r.Labels);
    }

    [Fact]
    public void AnEmptyRootHoldsNoRecords()
    {
        var (records, warnings) = DumpRead.All(Dir.WriteText("empty-root.xml", "<masters/>\n"));

        Assert.Empty(records);
        Assert.Empty(warnings);
    }
}
