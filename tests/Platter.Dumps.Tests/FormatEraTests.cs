using Platter.Core;
using Platter.Testing;

namespace Platter.Dumps.Tests;

/// <summary>The same data written the 2020 way and the 2025/2026 way reads the same.</summary>
public sealed class FormatEraTests
{
    private const string Credit2020 = "<artist><id>1</id><name>The Persuader</name><anv/><join/><role/><tracks/></artist>";

    private static Release Release(string inner, string attributes = "id=\"7\" status=\"Accepted\"") =>
        DumpRead.OnlyFromXml<Release>($"<releases><release {attributes}><title>T</title>{inner}</release></releases>");

    private static Artist Artist(string inner) =>
        DumpRead.OnlyFromXml<Artist>($"<artists><artist><id>2</id><name>Mr. James Barth &amp; A.D.</name>{inner}</artist></artists>");

    [Fact]
    public void MembersWithIdPairsAndMembersWithNameIdsOnlyGiveTheSameMembers()
    {
        var old = Artist("<members><id>26</id><name id=\"26\">Alexi Delano</name><id>27</id><name id=\"27\">Cari Lekebusch</name></members>");
        var now = Artist("<members><name id=\"26\">Alexi Delano</name><name id=\"27\">Cari Lekebusch</name></members>");

        NamedRef[] expected = [new(26, "Alexi Delano"), new(27, "Cari Lekebusch")];
        Assert.Equal(expected, old.Members);
        Assert.Equal(expected, now.Members);
    }

    [Fact]
    public void AMemberIdGivenOnlyAsElementIsKept()
    {
        var a = Artist("<members><id>26</id><name>Alexi Delano</name></members>");

        Assert.Equal([new NamedRef(26, "Alexi Delano")], a.Members);
    }

    [Fact]
    public void MissingMasterIdAndMasterIdZeroBothMeanNoMaster()
    {
        var old = Release("");
        var now = Release("<master_id is_main_release=\"false\">0</master_id>", "id=\"7\"");
        var linked = Release("<master_id is_main_release=\"true\">1660109</master_id>");

        Assert.Null(old.MasterId);
        Assert.Null(old.IsMainRelease);
        Assert.Null(now.MasterId);
        Assert.False(now.IsMainRelease);
        Assert.Equal(1660109, linked.MasterId);
        Assert.True(linked.IsMainRelease);
    }

    [Fact]
    public void StatusIsReadWhenPresentAndNullWhenAbsent()
    {
        Assert.Equal("Accepted", Release("").Status);
        Assert.Null(Release("", "id=\"7\"").Status);
    }

    [Fact]
    public void EmptyCreditElementsWrittenOutOrOmittedGiveTheSameCredit()
    {
        var written = Release($"<artists>{Credit2020}</artists>");
        var openClose = Release("<artists><artist><id>1</id><name>The Persuader</name><anv></anv><join></join><role></role><tracks></tracks></artist></artists>");
        var omitted = Release("<artists><artist><id>1</id><name>The Persuader</name></artist></artists>");

        ArtistCredit expected = new(1, "The Persuader", null, null, null, null);
        Assert.Equal([expected], written.Artists);
        Assert.Equal([expected], openClose.Artists);
        Assert.Equal([expected], omitted.Artists);
    }

    [Fact]
    public void JoinKeepsItsSpaces()
    {
        var r = Release("<artists><artist><id>1</id><name>A</name><join> &amp; </join></artist><artist><id>2</id><name>B</name></artist></artists>");

        Assert.Equal(" & ", r.Artists[0].Join);
        Assert.Null(r.Artists[1].Join);
    }

    [Fact]
    public void ImagesPresentAreReadAndImagesAbsentGiveNone()
    {
        var old = Release("<images><image type=\"primary\" uri=\"\" uri150=\"\" width=\"600\" height=\"601\"/></images>");
        var now = Release("");

        Assert.Equal([new Image("primary", null, null, 600, 601)], old.Images);
        Assert.Empty(now.Images);
    }

    [Fact]
    public void IdentifierDescriptionEmptyOrOmittedIsNoDescription()
    {
        var r = Release(
            "<identifiers><identifier type=\"Rights Society\" description=\"\" value=\"SABAM-BIEM\"/>" +
            "<identifier type=\"Barcode\" value=\"074646362822\"/>" +
            "<identifier type=\"Matrix / Runout\" description=\"Side A\" value=\"SD 4000-A2\"/></identifiers>");

        Assert.Equal(
            [new ReleaseIdentifier("Rights Society", null, "SABAM-BIEM"), new ReleaseIdentifier("Barcode", null, "074646362822"), new ReleaseIdentifier("Matrix / Runout", "Side A", "SD 4000-A2")],
            r.Identifiers);
    }

    [Fact]
    public void SeriesOnReleasesAreRead()
    {
        var r = Release(
            "<labels><label name=\"Subway Dance\" catno=\"SD 4000-LP\" id=\"9789\"/></labels>" +
            "<series><series name=\"Take\" catno=\"4\" id=\"183060\"/><series name=\"A.B.-Sounds\" catno=\"\" id=\"475876\"/></series>",
            "id=\"40299\"");

        Assert.Equal([new ReleaseLabel(183060, "Take", "4"), new ReleaseLabel(475876, "A.B.-Sounds", null)], r.Series);
        Assert.Equal([new ReleaseLabel(9789, "Subway Dance", "SD 4000-LP")], r.Labels);
    }

    [Fact]
    public void UnlinkedCreditsWithIdZeroEmptyOrMissingKeepTheNameWithoutArtistId()
    {
        var r = Release(
            "<extraartists>" +
            "<artist><id>0</id><name>Demopoulos</name><anv/><join/><role>Written By</role><tracks/></artist>" +
            "<artist><id/><name>Demopoulos</name><role>Written By</role></artist>" +
            "<artist><name>Demopoulos</name><role>Written By</role></artist>" +
            "</extraartists>");

        Assert.Equal(3, r.ExtraArtists.Count);
        Assert.All(r.ExtraArtists, c => Assert.Equal(new ArtistCredit(null, "Demopoulos", null, null, "Written By", null), c));
    }

    [Fact]
    public void FormatsWithAndWithoutDescriptionsAndAHugeQuantity()
    {
        var r = Release(
            "<formats><format name=\"Box Set\" qty=\"1\" text=\"\"/>" +
            "<format name=\"File\" qty=\"1000000000000000000000000000000000000000000000000000000000000001\" text=\"320 kbps\"><descriptions><description>MP3</description></descriptions></format></formats>");

        Assert.Equal(
            [("Box Set", "1", null, 0), ("File", "1000000000000000000000000000000000000000000000000000000000000001", "320 kbps", 1)],
            r.Formats.Select(f => (f.Name, f.Quantity, f.Text, f.Descriptions.Count)));
    }

    [Fact]
    public void LabelsFrom2026KeepEmptyUrlsAndAParentLabelWithIdButNoName()
    {
        var path = Fixtures.Dump2026("discogs_20260201_labels-excerpt.xml");
        var (records, warnings) = DumpRead.All(path);

        Assert.Empty(warnings);
        var labels = records.Cast<Label>().ToDictionary(l => l.Id);
        Assert.Equal([63796L, 107799, 159832, 267830, 268298, 273899], labels.Keys);
        Assert.Empty(labels[63796].Urls);
        Assert.Empty(labels[63796].Images);
        Assert.Equal(new NamedRef(212, null), labels[159832].ParentLabel);
        Assert.Equal(["https://en.wikipedia.org/wiki/Harry_Smith_Recording"], labels[159832].Urls);
        Assert.Equal(new NamedRef(278277, "AVC Audio Video Communications AG"), labels[107799].ParentLabel);
        Assert.Equal("Swiss label\r\nLabel Code: LC 1122 / LC 01122", labels[107799].Profile);
        Assert.Null(labels[273899].ParentLabel);
        Assert.Equal("St Martin‘s Church\r\nEast Woodhay\r\nHampshire RG20 0AL", labels[267830].ContactInfo);
    }

    [Fact]
    public void MastersFrom2026KeepTheTrailingJoinAndTheAnv()
    {
        var path = Fixtures.Dump2026("discogs_20260201_masters.xml");
        var (records, warnings) = DumpRead.All(path);

        Assert.Empty(warnings);
        var masters = records.Cast<Master>().ToList();
        Assert.Equal([392818L, 1168624, 2280259, 3319987], masters.Select(m => m.Id));
        var bach = masters[2];
        Assert.Equal([new ArtistCredit(95537, "Johann Sebastian Bach", "Bach", ",", null, null)], bach.Artists);
        Assert.Equal(5355366, bach.MainRelease);
        Assert.Equal(2012, bach.Year);
        Assert.Equal(["Baroque", "Cantata", "Mass"], bach.Styles);
        Assert.Equal(["Rock", "Pop", "Children's", "Folk, World, & Country"], masters[0].Genres);
        Assert.Equal("Complete Works = L'Oeuvre Intégrale = Gesamtwerk", masters[1].Title);
        Assert.All(masters, m => Assert.Empty(m.Images));
    }

    [Fact]
    public void WhitespaceOnlyTextIsNoValue()
    {
        var a = Artist("<realname> </realname><profile/><urls><url>http://x.example</url><url></url><url>  </url></urls><namevariations><name> </name></namevariations>");

        Assert.Null(a.RealName);
        Assert.Null(a.Profile);
        Assert.Equal(["http://x.example"], a.Urls);
        Assert.Empty(a.NameVariations);
    }
}
