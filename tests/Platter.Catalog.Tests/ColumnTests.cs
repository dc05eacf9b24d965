using System.Xml.Linq;
using Platter.Testing;

namespace Platter.Catalog.Tests;

/// <summary>The whole 2020 sample, imported once for the tests of this class.</summary>
public sealed class SampleCatalog : TempFolderTest
{
    public SampleCatalog()
    {
        Db = Dir.File("catalog.db");
        Importing.Import(Db, Directory.GetFiles(Fixtures.Sample2020)).GetAwaiter().GetResult();
        Releases = XmlCounts.Load(Fixtures.SampleFile("releases")).Root!.Elements("release").ToList();
        Masters = XmlCounts.Load(Fixtures.SampleFile("masters")).Root!.Elements("master").ToList();
    }

    public string Db { get; }

    public List<XElement> Releases { get; }

    public List<XElement> Masters { get; }

}

/// <summary>Column values across the whole sample agree with the XML they came from (nulls, zeros, flags, dates).</summary>
public sealed class ColumnTests(SampleCatalog sample) : IClassFixture<SampleCatalog>
{
    [Fact]
    public void MasterLinksAndMainReleaseFlagsMatchTheXml()
    {
        var linked = sample.Releases.Count(r => (long?)r.Element("master_id") is > 0);
        var main = sample.Releases.Count(r => (string?)r.Element("master_id")?.Attribute("is_main_release") == "true");

        using var c = new CatalogDb(sample.Db);
        Assert.Equal((615, 163), (linked, main));
        Assert.Equal((long)linked, c.Scalar("SELECT count(*) FROM release WHERE master_id IS NOT NULL"));
        Assert.Equal((long)main, c.Scalar("SELECT count(*) FROM release WHERE is_main_release = 1"));
        Assert.Equal(0L, c.Scalar("SELECT count(*) FROM release WHERE master_id = 0"));
    }

    [Fact]
    public void ReleaseDatesKeepTheirTextAndParseTheirYear()
    {
        var released = sample.Releases.Select(r => (string?)r.Element("released")).Where(v => !string.IsNullOrWhiteSpace(v)).ToList();

        using var c = new CatalogDb(sample.Db);
        Assert.Equal(882, released.Count);
        Assert.Equal(released.Order(StringComparer.Ordinal), c.Rows("SELECT released FROM release WHERE released IS NOT NULL").Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        Assert.Equal((long)released.Count(v => v!.Contains("-00", StringComparison.Ordinal)), c.Scalar("SELECT count(*) FROM release WHERE released LIKE '%-00%'"));
        Assert.Equal(
            released.Select(v => long.Parse(v![..4], System.Globalization.CultureInfo.InvariantCulture)).Sum(),
            c.Scalar("SELECT sum(released_year) FROM release"));
        Assert.Equal(970L, c.Scalar("SELECT count(*) FROM release WHERE country IS NOT NULL"));
    }

    [Fact]
    public void UnlinkedCreditsAreStoredWithoutArtistIdButWithTheirName()
    {
        // Release artists, release credits and the credits of every track and sub-track.
        var credits = sample.Releases.Descendants("artist").Where(a => a.Parent!.Name.LocalName is "artists" or "extraartists" && (long?)a.Element("id") is null or 0).ToList();

        using var c = new CatalogDb(sample.Db);
        Assert.Equal(20, credits.Count);
        Assert.Equal(
            credits.Select(a => (string)a.Element("name")!).Order(StringComparer.Ordinal),
            c.Rows("SELECT name FROM release_artist WHERE artist_id IS NULL UNION ALL SELECT name FROM release_credit WHERE artist_id IS NULL UNION ALL SELECT name FROM release_track_artist WHERE artist_id IS NULL")
                .Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        Assert.Equal(1L, c.Scalar("SELECT count(*) FROM release_track_artist WHERE kind = 'extraartist' AND artist_id IS NULL AND name = 'Demopoulos' AND role = 'Written By'"));
    }

    [Fact]
    public void TracksWithAnEmptyTitleAndSubTracksAreKept()
    {
        var tracks = sample.Releases.Elements("tracklist").Elements("track").ToList();
        var subTracks = tracks.Elements("sub_tracks").Elements("track").ToList();

        using var c = new CatalogDb(sample.Db);
        Assert.Equal(20L, tracks.Concat(subTracks).LongCount(t => string.IsNullOrWhiteSpace((string?)t.Element("title"))));
        Assert.Equal(20L, c.Scalar("SELECT count(*) FROM release_track WHERE title IS NULL"));
        Assert.Equal((long)subTracks.Count, c.Scalar("SELECT count(*) FROM release_track WHERE parent_position IS NOT NULL"));
        Assert.Equal(57L, c.Scalar("SELECT count(DISTINCT release_id || '/' || parent_position) FROM release_track WHERE parent_position IS NOT NULL"));

        // Every parent exists, has no parent itself, and comes just before its first sub-track or an earlier sibling.
        Assert.Equal(0L, c.Scalar("SELECT count(*) FROM release_track s LEFT JOIN release_track p ON p.release_id = s.release_id AND p.position = s.parent_position WHERE s.parent_position IS NOT NULL AND (p.position IS NULL OR p.parent_position IS NOT NULL OR p.position >= s.position)"));
    }

    [Fact]
    public void MasterYearZeroIsKeptAsZero()
    {
        using var c = new CatalogDb(sample.Db);
        Assert.Equal(38, sample.Masters.Count(m => (int?)m.Element("year") == 0));
        Assert.Equal(38L, c.Scalar("SELECT count(*) FROM master WHERE year = 0"));
        Assert.Equal((long)sample.Masters.Count(m => m.Element("notes") is not null), c.Scalar("SELECT count(*) FROM master WHERE notes IS NOT NULL"));
    }

    [Fact]
    public void CatalogueNumbersAndFormatQuantitiesAreKeptAsWritten()
    {
        var labels = sample.Releases.Elements("labels").Elements("label").ToList();
        var formats = sample.Releases.Elements("formats").Elements("format").ToList();

        using var c = new CatalogDb(sample.Db);
        Assert.Equal(123L, labels.LongCount(l => (string?)l.Attribute("catno") == "none"));
        Assert.Equal(123L, c.Scalar("SELECT count(*) FROM release_label WHERE catno = 'none'"));
        Assert.Equal(
            formats.Select(f => (string)f.Attribute("qty")!).Order(StringComparer.Ordinal),
            c.Rows("SELECT qty FROM release_format").Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        Assert.Equal(0L, c.Scalar("SELECT count(*) FROM release_format WHERE CAST(qty_int AS TEXT) <> qty"));
    }

    [Fact]
    public void TheIndexesLaterFeaturesNeedExist()
    {
        using var c = new CatalogDb(sample.Db);
        var indexed = c.Rows("SELECT m.name, i.name FROM sqlite_master m, pragma_index_info(m.name) i WHERE m.type = 'index' AND m.sql IS NOT NULL")
            .Select(r => (string)r[1]!)
            .ToHashSet();
        var byTable = c.Rows("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").Select(r => (string)r[0]!).ToHashSet();

        Assert.Superset(new HashSet<string> { "release", "release_artist", "release_label", "release_genre", "release_style", "master", "master_artist" }, byTable);
        Assert.Superset(new HashSet<string> { "master_id", "artist_id", "label_id", "genre", "style", "released_year", "country", "year" }, indexed);
        var plan = (string)c.Rows("EXPLAIN QUERY PLAN SELECT id FROM release WHERE master_id = 1660109").Single()[3]!;
        Assert.StartsWith("SEARCH release USING ", plan, StringComparison.Ordinal);
        Assert.Contains("INDEX", plan, StringComparison.Ordinal);
    }
}
