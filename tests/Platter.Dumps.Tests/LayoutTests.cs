using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platter.Core;
using Platter.Testing;

namespace Platter.Dumps.Tests;

/// <summary>
/// The reader takes the elements the dumps write in their usual order and layout in one step
/// each, and anything else token by token: both ways must give the same records and warnings.
/// </summary>
public sealed partial class LayoutTests : TempFolderTest
{
    [Theory]
    [InlineData("discogs_20200806_artists.xml.gz")]
    [InlineData("discogs_20200806_labels.xml.gz")]
    [InlineData("discogs_20200806_masters.xml.gz")]
    [InlineData("discogs_20200806_releases.xml.gz")]
    [InlineData("discogs_20260201_masters.xml")]
    [InlineData("discogs_20260201_labels-excerpt.xml")]
    public void A_dump_reads_the_same_when_every_start_tag_stands_on_a_line_of_its_own(string file)
    {
        var path = file.StartsWith("discogs_2020", StringComparison.Ordinal) ? Path.Combine(Fixtures.Sample2020, file) : Fixtures.Dump2026(file);

        // A line break before every start tag that follows another tag puts white space where
        // the one-step reading expects the next element, so the copy is read token by token.
        var xml = ReadXml(path);
        var spread = StartTagAfterTag().Replace(xml, ">\n  <");
        Assert.NotEqual(xml.Length, spread.Length);
        var copy = Dir.WriteText(file.Replace(".gz", "", StringComparison.Ordinal), spread);

        var (records, warnings) = DumpRead.All(path);
        var (spreadRecords, spreadWarnings) = DumpRead.All(copy);

        Assert.NotEmpty(records);
        Assert.Equal(records.Count, spreadRecords.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(Json(records[i]), Json(spreadRecords[i]));
        }

        Assert.Equal(warnings.Select(w => (w.Record, w.Message)), spreadWarnings.Select(w => (w.Record, w.Message)));
    }

    [Fact]
    public void Credits_out_of_the_usual_order_or_form_are_read_as_written()
    {
        var path = Dir.WriteText(
            "credits.xml",
            "<releases>\n<release id=\"5\"><artists>"
            + "<artist><id>7</id><name>A &amp; B&#x3;</name><anv></anv><join> &amp; </join><role>Producer<sup>1</sup></role><tracks/></artist>"
            + "<artist><id>x7</id><name>Bad Id</name></artist>"
            + "<artist><name>Second</name><id>2</id><name>Third</name></artist>"
            + "<artist/><id>9</id>"
            + "</artists><genres><genre>Rock</genre><genre> </genre><genre/><genre>Pop</genre></genres><styles/><style>Oops</style>"
            + "<tracklist><track><position>A1</position><duration>3:01</duration><title>One</title></track></tracklist></release>\n</releases>");

        var (records, warnings) = DumpRead.All(path);

        var r = Assert.IsType<Release>(Assert.Single(records));
        Assert.Equal(
            [
                new ArtistCredit(7, "A & B", null, " & ", "Producer", null),
                new ArtistCredit(null, "Bad Id", null, null, null, null),
                new ArtistCredit(2, "Third", null, null, null, null),
                new ArtistCredit(null, null, null, null, null, null),
            ],
            r.Artists);
        Assert.Equal(["Rock", "Pop"], r.Genres);
        Assert.Empty(r.Styles);
        var track = Assert.Single(r.Tracks);
        Assert.Equal(("A1", "One", "3:01"), (track.Position!, track.Title!, track.Duration!));
        Assert.Equal(
            [
                "element <sup> inside a text element was skipped",
                "'x7' is not a number; stored as no value",
                "unknown element <id> in <artists> was skipped",
                "unknown element <style> in <release> was skipped",
                "dropped 1 control character(s) that XML forbids (last U+0003) from the text",
            ],
            warnings.Select(w => w.Message));
    }

    [Fact]
    public void An_unknown_entity_in_a_track_title_read_in_one_step_is_reported_at_the_title()
    {
        var xml = "<releases>\n<release id=\"1\"><title>ok</title></release>\n<release id=\"2\"><tracklist><track><position>A</position><title>x &secret; y</title></track></tracklist></release>\n</releases>\n";
        var path = Dir.WriteText("entity.xml", xml);

        var e = DumpRead.Failure(path);

        Assert.Equal(
            (path, 3L, (long)xml.IndexOf("x &secret;", StringComparison.Ordinal), "release 1", "an unknown entity &secret; (only the five XML entities are allowed; DTDs are never processed)"),
            (e.File, e.Line, e.ByteOffset, e.LastGoodRecord, e.Problem));
    }

    private static string ReadXml(string path)
    {
        using var file = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var text = new StreamReader(input, Encoding.UTF8);
        return text.ReadToEnd();
    }

    private static string Json(IDiscogsRecord record) => JsonSerializer.Serialize(record, record.GetType());

    // '>' then the '<' of a start tag: text cannot hold a raw '<', so this is only ever between tags.
    [GeneratedRegex("><(?=[A-Za-z])")]
    private static partial Regex StartTagAfterTag();
}
