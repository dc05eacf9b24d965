using Platter.Testing;

namespace Platter.Catalog.Tests;

/// <summary>Real records read back from the database column by column, as a later feature will query them.</summary>
public class ReadBackTests : CatalogStoreTest
{
    public ReadBackTests()
        : this(postgres: false)
    {
    }

    protected ReadBackTests(bool postgres)
        : base(postgres)
    {
    }

    private const string Runout = "Matrix / Runout";
    private const string Notes1 = "The song titles are the names of six of Stockholm's 82 districts.\n\nTitle on label: - Stockholm -\n\nRecorded at the Globe Studio, Stockholm\n\nFAX: +46 8 679 64 53";

    [Fact]
    public async Task Release1IsStoredWithEveryColumnOfTheDump()
    {
        var db = NewDb();
        await Importing.Import(db, Fixtures.SampleFile("releases"));

        using var c = new CatalogDb(db);
        Assert.Equal(
            [1L, "Accepted", "Stockholm", "Sweden", "1999-03-00", 1999L, 3L, null, Notes1, "Needs Vote", 1660109L, 1L],
            Assert.Single(c.Rows("SELECT id, status, title, country, released, released_year, released_month, released_day, notes, data_quality, master_id, is_main_release FROM release WHERE id = 1")));
        AssertRows(c, "release_artist", [1L, 1L, 1L, "The Persuader", null, null, null, null]);
        AssertRows(c, "release_credit", [1L, 1L, 239L, "Jesper Dahlbäck", null, null, "Music By [All Tracks By]", null]);
        AssertRows(c, "release_label", [1L, 1L, 5L, "Svek", "SK032"]);
        AssertRows(c, "release_series");
        AssertRows(c, "release_format", [1L, 1L, "Vinyl", "2", 2L, null]);
        AssertRows(c, "release_format_description", [1L, 1L, 1L, "12\""], [1L, 1L, 2L, "33 ⅓ RPM"]);
        AssertRows(c, "release_genre", [1L, 1L, "Electronic"]);
        AssertRows(c, "release_style", [1L, 1L, "Deep House"]);
        AssertRows(
            c,
            "release_track",
            [1L, 1L, null, "A", "Östermalm", "4:45"],
            [1L, 2L, null, "B1", "Vasastaden", "6:11"],
            [1L, 3L, null, "B2", "Kungsholmen", "2:49"],
            [1L, 4L, null, "C1", "Södermalm", "5:38"],
            [1L, 5L, null, "C2", "Norrmalm", "4:52"],
            [1L, 6L, null, "D", "Gamla Stan", "5:16"]);
        AssertRows(c, "release_track_artist");
        AssertRows(
            c,
            "release_identifier",
            [1L, 1L, Runout, "A-Side Runout", "MPO SK 032 A1"],
            [1L, 2L, Runout, "B-Side Runout", "MPO SK 032 B1"],
            [1L, 3L, Runout, "C-Side Runout", "MPO SK 032 C1"],
            [1L, 4L, Runout, "D-Side Runout", "MPO SK 032 D1"],
            [1L, 5L, Runout, "Only On A-Side Runout", "G PHRUPMASTERGENERAL T27 LONDON"]);
        AssertRows(
            c,
            "release_company",
            [1L, 1L, 271046L, "The Globe Studios", null, "23", "Recorded At", "https://api.discogs.com/labels/271046"],
            [1L, 2L, 56025L, "MPO", null, "17", "Pressed By", "https://api.discogs.com/labels/56025"]);
        AssertRows(
            c,
            "release_image",
            [1L, 1L, "primary", null, null, 600L, 600L],
            [1L, 2L, "secondary", null, null, 600L, 600L],
            [1L, 3L, "secondary", null, null, 600L, 600L],
            [1L, 4L, "secondary", null, null, 600L, 600L]);

        var videos = c.Rows("SELECT position, src, youtube_id, duration, embed, title FROM release_video WHERE release_id = 1 ORDER BY position");
        Assert.Equal(
            [
                [1L, "https://www.youtube.com/watch?v=MpmbntGDyNE", "MpmbntGDyNE", 296L, 1L, "The Persuader - Östermalm"],
                [2L, "https://www.youtube.com/watch?v=Cawyll0pOI4", "Cawyll0pOI4", 376L, 1L, "The Persuader - Vasastaden"],
                [3L, "https://www.youtube.com/watch?v=XExCZfMCXdo", "XExCZfMCXdo", 176L, 1L, "The Persuader - Kungsholmen"],
                [4L, "https://www.youtube.com/watch?v=WDZqiENap_U", "WDZqiENap_U", 341L, 1L, "The Persuader - Södermalm"],
                [5L, "https://www.youtube.com/watch?v=EBBHR3EMN50", "EBBHR3EMN50", 301L, 1L, "The Persuader - Norrmalm"],
                [6L, "https://www.youtube.com/watch?v=afMHNll9EVM", "afMHNll9EVM", 326L, 1L, "The Persuader - Gamla Stan"],
            ],
            videos);
        Assert.Equal(
            "https://www.discogs.com/The-Persuader-Stockholm/release/1\r\n\r\nThe Persuader - Östermalm\n\r\n\r- video upload powered by https://www.TunesToTube.com",
            c.Scalar("SELECT description FROM release_video WHERE release_id = 1 AND position = 1"));
    }

    [Fact]
    public async Task SubTracksAreTracksLinkedToTheirParentWithTheirOwnCredits()
    {
        var db = NewDb();
        await Importing.Import(db, Fixtures.Record("release-3.xml"));

        using var c = new CatalogDb(db);
        var tracks = c.Rows("SELECT position, parent_position, track_position, title, duration FROM release_track WHERE release_id = 3 ORDER BY position");
        Assert.Equal(17, tracks.Count);
        Assert.Equal(
            [
                [1L, null, "1", "Untitled 8", "7:00"],
                [2L, 1L, "11.a", "909 Shuffle", "3:10"],
                [3L, 1L, "11.b", "Laser 101 Rmx", "4:26"],
                [4L, 1L, "11.c", "Adrenalin (Ciborg Rmx)", "5:38"],
                [5L, null, "2", "Anjua (Sneaky 3)", "5:28"],
            ],
            tracks.Take(5));
        Assert.Equal([17L, null, "14", "Track 2", "3:39"], tracks[^1]);

        var credits = c.Rows("SELECT track, kind, position, artist_id, name, anv, join_text, role FROM release_track_artist WHERE release_id = 3 AND track IN (1, 5) ORDER BY track, kind, position");
        Assert.Equal(
            [
                [1L, "artist", 1L, 5L, "Heiko Laux", null, "&", null],
                [1L, "artist", 2L, 4L, "Johannes Heil", null, null, null],
                [1L, "extraartist", 1L, 11233L, "Chris Lum", null, null, "Producer"],
                [5L, "artist", 1L, 15525L, "Karl Axel Bissler", "K.A.B.", null, null],
            ],
            credits);
        Assert.Equal(22L, c.Scalar("SELECT count(*) FROM release_track_artist WHERE release_id = 3"));
        Assert.Equal([3L, 66526L, 0L, 1999L, 7L, 13L], Assert.Single(c.Rows("SELECT id, master_id, is_main_release, released_year, released_month, released_day FROM release")));
    }

    [Fact]
    public async Task Label1AndArtist27AreStoredWithTheirListsInOrder()
    {
        var db = NewDb();
        await Importing.Import(db, Fixtures.Record("label-1.xml"), Fixtures.Record("artist-27.xml"));

        using var c = new CatalogDb(db);
        Assert.Equal(1L, c.Count("label"));
        Assert.Equal(
            [[1L, 86537L, "Antidote (4)"], [2L, 41841L, "Community Projects"], [3L, 153760L, "Guilty Pleasures"], [4L, 31405L, "I Ner Zon Sounds"], [5L, 277579L, "Planet E Communications"], [6L, 294738L, "Planet E Communications, Inc."], [7L, 1560615L, "Planet E Productions"], [8L, 488315L, "TWPENTY"]],
            c.Rows("SELECT position, sublabel_id, name FROM label_sublabel WHERE label_id = 1 ORDER BY position"));
        Assert.Equal(13L, c.Count("label_url"));
        Assert.Equal(["primary", "secondary", "secondary", "secondary", "secondary", "secondary", "secondary"], c.Rows("SELECT type FROM label_image ORDER BY position").Select(r => (string)r[0]!));
        Assert.Equal(
            [[1L, 6549L, "Richard Worth"], [2L, 28896L, "Jay Rodriguez"]],
            c.Rows("SELECT position, member_id, name FROM artist_member WHERE artist_id = 27 ORDER BY position"));
        Assert.Equal(
            [[1L, 89L, "Mr. James Barth"], [2L, 1294L, "Braincell"]],
            c.Rows("SELECT position, alias_id, name FROM artist_alias WHERE artist_id = 27 ORDER BY position"));
    }

    [Fact]
    public async Task AReleaseIn2026FormatIsStoredLikeItsOlderForm()
    {
        const string Release2026 = "<releases><release id=\"40299\"><artists><artist><id>194</id><name>Various</name></artist></artists><title>New Beat - Take 4</title>" +
            "<labels><label name=\"Subway Dance\" catno=\"Subway Dance 4000\" id=\"9789\"/><label name=\"Subway Dance\" catno=\"SD 4000-LP\" id=\"9789\"/></labels>" +
            "<series><series name=\"Take\" catno=\"4\" id=\"183060\"/><series name=\"A.B.-Sounds\" catno=\"\" id=\"475876\"/></series>" +
            "<formats><format name=\"File\" qty=\"1000000000000000000000000000000000000000000000000000000000000001\" text=\"\"/></formats>" +
            "<released>1989</released><master_id is_main_release=\"false\">0</master_id>" +
            "<tracklist><track><title>Set 1</title></track></tracklist>" +
            "<identifiers><identifier type=\"Rights Society\" description=\"\" value=\"SABAM-BIEM\"/></identifiers></release></releases>";
        var db = NewDb();
        await Importing.Import(db, Dir.WriteText("excerpt.xml", Release2026));

        using var c = new CatalogDb(db);
        Assert.Equal(
            new object?[] { 40299L, null, "New Beat - Take 4", "1989", 1989L, null, null, 0L },
            Assert.Single(c.Rows("SELECT id, status, title, released, released_year, released_month, master_id, is_main_release FROM release")));
        AssertRows(c, 40299, "release_artist", [40299L, 1L, 194L, "Various", null, null, null, null]);
        AssertRows(c, 40299, "release_label", [40299L, 1L, 9789L, "Subway Dance", "Subway Dance 4000"], [40299L, 2L, 9789L, "Subway Dance", "SD 4000-LP"]);
        AssertRows(c, 40299, "release_series", [40299L, 1L, 183060L, "Take", "4"], [40299L, 2L, 475876L, "A.B.-Sounds", null]);
        AssertRows(c, 40299, "release_format", [40299L, 1L, "File", "1000000000000000000000000000000000000000000000000000000000000001", null, null]);
        AssertRows(c, 40299, "release_format_description");
        AssertRows(c, 40299, "release_track", [40299L, 1L, null, null, "Set 1", null]);
        AssertRows(c, 40299, "release_identifier", [40299L, 1L, "Rights Society", null, "SABAM-BIEM"]);
        AssertRows(c, 40299, "release_image");
        Assert.Equal(new object?[] { "releases", null }, c.Rows("SELECT entity, dump_date FROM import_run").Single());
    }

    private static void AssertRows(CatalogDb c, string table, params object?[][] expected) => AssertRows(c, 1, table, expected);

    private static void AssertRows(CatalogDb c, long releaseId, string table, params object?[][] expected)
    {
        var key = table == "release_format_description" ? "format_position, position" : "position";
        Assert.Equal(expected, c.Rows($"SELECT * FROM \"{table}\" WHERE release_id = $id ORDER BY {key}", ("$id", releaseId)));
    }
}

/// <summary>The same records, column by column, read back from PostgreSQL.</summary>
public sealed class PostgresReadBackTests() : ReadBackTests(postgres: true);
