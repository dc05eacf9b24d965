using Platter.Core;
using Platter.Testing;

namespace Platter.Dumps.Tests;

/// <summary>Exact values of real records, as a user would see them after an import.</summary>
public sealed class RealRecordTests
{
    private const string Runout = "Matrix / Runout";
    private const string ReleaseOnePage = "https://www.discogs.com/The-Persuader-Stockholm/release/1";

    [Fact]
    public void Release1FromTheSampleHasEveryValueOfTheDump()
    {
        var r = DumpRead.ById<Release>(Fixtures.SampleFile("releases"), 1);

        Assert.Equal("Accepted", r.Status);
        Assert.Equal("Stockholm", r.Title);
        Assert.Equal([new ArtistCredit(1, "The Persuader", null, null, null, null)], r.Artists);
        Assert.Equal([new ArtistCredit(239, "Jesper Dahlbäck", null, null, "Music By [All Tracks By]", null)], r.ExtraArtists);
        Assert.Equal([new ReleaseLabel(5, "Svek", "SK032")], r.Labels);
        Assert.Empty(r.Series);

        var format = Assert.Single(r.Formats);
        Assert.Equal(("Vinyl", "2", (string?)null), (format.Name, format.Quantity, format.Text));
        Assert.Equal(["12\"", "33 ⅓ RPM"], format.Descriptions);

        Assert.Equal(["Electronic"], r.Genres);
        Assert.Equal(["Deep House"], r.Styles);
        Assert.Equal("Sweden", r.Country);
        Assert.Equal("1999-03-00", r.Released);
        Assert.Equal("Needs Vote", r.DataQuality);
        Assert.Equal(1660109, r.MasterId);
        Assert.True(r.IsMainRelease);
        Assert.Equal(
            "The song titles are the names of six of Stockholm's 82 districts.\n\nTitle on label: - Stockholm -\n\nRecorded at the Globe Studio, Stockholm\n\nFAX: +46 8 679 64 53",
            r.Notes);

        Assert.Equal(
            [("A", "Östermalm", "4:45"), ("B1", "Vasastaden", "6:11"), ("B2", "Kungsholmen", "2:49"), ("C1", "Södermalm", "5:38"), ("C2", "Norrmalm", "4:52"), ("D", "Gamla Stan", "5:16")],
            r.Tracks.Select(t => (t.Position, t.Title, t.Duration)));
        Assert.All(r.Tracks, t => Assert.Empty(t.SubTracks));
        Assert.All(r.Tracks, t => Assert.Empty(t.Artists));
        Assert.All(r.Tracks, t => Assert.Empty(t.ExtraArtists));

        Assert.Equal(
            [
                new ReleaseIdentifier(Runout, "A-Side Runout", "MPO SK 032 A1"),
                new ReleaseIdentifier(Runout, "B-Side Runout", "MPO SK 032 B1"),
                new ReleaseIdentifier(Runout, "C-Side Runout", "MPO SK 032 C1"),
                new ReleaseIdentifier(Runout, "D-Side Runout", "MPO SK 032 D1"),
                new ReleaseIdentifier(Runout, "Only On A-Side Runout", "G PHRUPMASTERGENERAL T27 LONDON"),
            ],
            r.Identifiers);

        Assert.Equal(
            [
                ("MpmbntGDyNE", 296, "The Persuader - Östermalm"),
                ("Cawyll0pOI4", 376, "The Persuader - Vasastaden"),
                ("XExCZfMCXdo", 176, "The Persuader - Kungsholmen"),
                ("WDZqiENap_U", 341, "The Persuader - Södermalm"),
                ("EBBHR3EMN50", 301, "The Persuader - Norrmalm"),
                ("afMHNll9EVM", 326, "The Persuader - Gamla Stan"),
            ],
            r.Videos.Select(v => (v.YoutubeId, v.Duration ?? 0, v.Title)));
        Assert.All(r.Videos, v => Assert.True(v.Embed));
        Assert.Equal("https://www.youtube.com/watch?v=MpmbntGDyNE", r.Videos[0].Src);

        // &#13; is a CR written on purpose and kept; the raw LF after it stays an LF.
        Assert.Equal(
            ReleaseOnePage + "\r\n\r\nThe Persuader - Östermalm\n\r\n\r- video upload powered by https://www.TunesToTube.com",
            r.Videos[0].Description);
        Assert.Equal(ReleaseOnePage + "\n\nThe Persuader - Vasastaden", r.Videos[1].Description);

        Assert.Equal(
            [
                new ReleaseCompany(271046, "The Globe Studios", null, "23", "Recorded At", "https://api.discogs.com/labels/271046"),
                new ReleaseCompany(56025, "MPO", null, "17", "Pressed By", "https://api.discogs.com/labels/56025"),
            ],
            r.Companies);

        Assert.Equal(
            [
                new Image("primary", null, null, 600, 600),
                new Image("secondary", null, null, 600, 600),
                new Image("secondary", null, null, 600, 600),
                new Image("secondary", null, null, 600, 600),
            ],
            r.Images);
    }

    [Fact]
    public void Release3KeepsSubTracksAndTrackCredits()
    {
        var r = DumpRead.Only<Release>(Fixtures.Record("release-3.xml"));

        Assert.Equal(3, r.Id);
        Assert.Equal("Profound Sounds Vol. 1", r.Title);
        Assert.Equal(14, r.Tracks.Count);
        Assert.Equal(Enumerable.Range(1, 14).Select(i => i.ToString()), r.Tracks.Select(t => t.Position));
        Assert.Equal(66526, r.MasterId);
        Assert.False(r.IsMainRelease);

        var first = r.Tracks[0];
        Assert.Equal(("1", "Untitled 8", "7:00"), (first.Position, first.Title, first.Duration));
        Assert.Equal(
            [("11.a", "909 Shuffle", "3:10"), ("11.b", "Laser 101 Rmx", "4:26"), ("11.c", "Adrenalin (Ciborg Rmx)", "5:38")],
            first.SubTracks.Select(t => (t.Position, t.Title, t.Duration)));
        Assert.All(first.SubTracks, t => Assert.Empty(t.SubTracks));

        // <sub_tracks> comes before <artists> in this track: order must not matter.
        Assert.Equal(
            [new ArtistCredit(5, "Heiko Laux", null, "&", null, null), new ArtistCredit(4, "Johannes Heil", null, null, null, null)],
            first.Artists);
        Assert.Equal([new ArtistCredit(11233, "Chris Lum", null, null, "Producer", null)], first.ExtraArtists);

        Assert.Equal([new ArtistCredit(15525, "Karl Axel Bissler", "K.A.B.", null, null, null)], r.Tracks[1].Artists);
        Assert.Equal([new ArtistCredit(8, "Mood II Swing", null, null, "Remix", null)], r.Tracks[2].ExtraArtists);
        Assert.Equal(
            [new ArtistCredit(10702, "Nerio's Dubwork", null, "Meets", null, null), new ArtistCredit(233190, "Kathy Lee", null, null, null, null)],
            r.Tracks[7].Artists);
        Assert.Equal([new ArtistCredit(67226, "Stacey Pullen", null, null, "Presenter", null)], r.Tracks[9].ExtraArtists);
        Assert.Equal([new ArtistCredit(3906, "Christian Smith & John Selway", null, null, null, null)], r.Tracks[10].Artists);

        Assert.Equal([new ReleaseIdentifier("Barcode", null, "074646362822")], r.Identifiers);
        Assert.Equal(3, r.Videos.Count);
        Assert.Null(r.Videos[1].Description);
        Assert.Equal(
            [("10", "Manufactured By"), ("9", "Distributed By")],
            r.Companies.Select(c => (c.EntityType!, c.EntityTypeName!)));
        Assert.All(r.Companies, c => Assert.Equal((93330L, "Columbia Records", (string?)null), (c.CompanyId!.Value, c.Name!, c.CatalogNumber)));
        Assert.StartsWith("1: Track title is given as \"D2\"", r.Notes, StringComparison.Ordinal);
        Assert.Contains("release. \r\n4: Credited as J. Dahlbäck. \r\n5:", r.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Label1IsOneRecordWithItsEightSubLabels()
    {
        var (records, warnings) = DumpRead.All(Fixtures.Record("label-1.xml"));

        Assert.Empty(warnings);
        var label = Assert.IsType<Label>(Assert.Single(records));
        Assert.Equal(1, label.Id);
        Assert.Equal("Planet E", label.Name);
        Assert.Equal(
            [
                new NamedRef(86537, "Antidote (4)"),
                new NamedRef(41841, "Community Projects"),
                new NamedRef(153760, "Guilty Pleasures"),
                new NamedRef(31405, "I Ner Zon Sounds"),
                new NamedRef(277579, "Planet E Communications"),
                new NamedRef(294738, "Planet E Communications, Inc."),
                new NamedRef(1560615, "Planet E Productions"),
                new NamedRef(488315, "TWPENTY"),
            ],
            label.SubLabels);
        Assert.Equal(13, label.Urls.Count);
        Assert.Equal("http://planet-e.net", label.Urls[0]);
        Assert.Equal("http://www.youtube.com/user/planetedetroit", label.Urls[12]);
        Assert.Null(label.ParentLabel);
        Assert.StartsWith("Planet E Communications\r\nP.O. Box 27218\r\nDetroit", label.ContactInfo, StringComparison.Ordinal);

        // One image has a line break inside type="...": normalised to a space, then trimmed.
        Assert.Equal(
            [
                new Image("primary", null, null, 132, 24),
                new Image("secondary", null, null, 587, 126),
                new Image("secondary", null, null, 600, 196),
                new Image("secondary", null, null, 275, 121),
                new Image("secondary", null, null, 382, 720),
                new Image("secondary", null, null, 500, 398),
                new Image("secondary", null, null, 600, 189),
            ],
            label.Images);
    }

    [Fact]
    public void Artist27ReadsMembersPlacedBeforeAliases()
    {
        var a = DumpRead.Only<Artist>(Fixtures.Record("artist-27.xml"));

        Assert.Equal(27, a.Id);
        Assert.Equal("Cari Lekebusch", a.Name);
        Assert.Equal("Kari Pekka Lekebusch", a.RealName);
        Assert.Equal("Needs Vote", a.DataQuality);
        Assert.Equal([new NamedRef(6549, "Richard Worth"), new NamedRef(28896, "Jay Rodriguez")], a.Members);
        Assert.Equal([new NamedRef(89, "Mr. James Barth"), new NamedRef(1294, "Braincell")], a.Aliases);
        Assert.Equal([new NamedRef(2, "Mr. James Barth & A.D."), new NamedRef(2470, "Puente Latino")], a.Groups);
        Assert.Equal(["C Lekebusch", "Cari Lekebusch den rykande Bönsyrsan"], a.NameVariations);
        Assert.Equal(["https://lekebusch.bandcamp.com/", "http://www.carilekebusch.com", "http://www.lekebuschmusik.se"], a.Urls);
        Assert.Equal(5, a.Images.Count);
        Assert.EndsWith("(From http://www.lekebuschmusik.se )", a.Profile, StringComparison.Ordinal);
    }

    [Fact]
    public void Master122KeepsArtistsGenresAndVideos()
    {
        var m = DumpRead.Only<Master>(Fixtures.Record("master-122.xml"));

        Assert.Equal(122, m.Id);
        Assert.Equal(85912, m.MainRelease);
        Assert.Equal(1993, m.Year);
        Assert.Equal("Correct", m.DataQuality);
        Assert.Equal([new ArtistCredit(69209, "Mixrace", null, null, null, null)], m.Artists);
        Assert.Equal(["Electronic"], m.Genres);
        Assert.Equal(["Breakbeat", "Hardcore", "Jungle"], m.Styles);
        Assert.Equal(4, m.Images.Count);
        Assert.Equal(
            [("mksCnb_USuc", 364, "Mix Race - Mixrace Outta Hand"), ("UNxtcvAoP_0", 320, "Mix Race - Dance with the Devil"), ("m15ezeS2YdU", 331, "Mix Race - The Don Of Babylon"), ("G8w-holcY2E", 320, "Mix Race - 5 Minute Mission")],
            m.Videos.Select(v => (v.YoutubeId, v.Duration ?? 0, v.Title)));
        Assert.All(m.Videos, v => Assert.Equal("[SHADOW 28] Mixrace - Organized Chaos EP (1992)", v.Description));
        Assert.Equal("Organized Chaos E.P.", m.Title);
    }
}
