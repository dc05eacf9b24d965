using Platter.Core;
using Platter.Storage;
using Platter.Testing;

namespace Platter.Catalog.Tests;

/// <summary>Nothing dropped: every table holds exactly the rows the XML calls for, counted independently.</summary>
public class RowCountTests : CatalogStoreTest
{
    public RowCountTests()
        : this(postgres: false)
    {
    }

    protected RowCountTests(bool postgres)
        : base(postgres)
    {
    }

    [Fact]
    public async Task TheSample2020FillsEveryTableWithExactlyTheRowsOfItsXml()
    {
        var db = NewDb();
        var files = Directory.GetFiles(Fixtures.Sample2020, "*.xml.gz");
        Assert.Equal(4, files.Length);

        var report = await Importing.Import(db, files);

        AssertRowsMatchXml(db, report, files);
        Assert.All(report.Files, f => Assert.Equal(1000, f.Records));
    }

    [Fact]
    public async Task The2026FilesFillEveryTableOfTheirEntitiesWithExactlyTheRowsOfTheirXml()
    {
        var db = NewDb();
        string[] files = [Fixtures.Dump2026("discogs_20260201_labels-excerpt.xml"), Fixtures.Dump2026("discogs_20260201_masters.xml")];

        var report = await Importing.Import(db, files);

        AssertRowsMatchXml(db, report, files);
        Assert.Equal([6L, 4L], report.Files.Select(f => f.Records));
        using var c = new CatalogDb(db);
        Assert.Equal(new object?[] { 212L, null }, c.Rows("SELECT parent_label_id, parent_label_name FROM label WHERE id = 159832").Single());
        Assert.Equal(["278277", "AVC Audio Video Communications AG"], c.Rows("SELECT parent_label_id, parent_label_name FROM label WHERE id = 107799").Single().Select(v => Convert.ToString(v)));
        Assert.Equal(0L, c.Scalar("SELECT count(*) FROM label_url WHERE label_id = 63796"));
        Assert.Equal(
            new object?[] { 95537L, "Johann Sebastian Bach", "Bach", "," },
            Assert.Single(c.Rows("SELECT artist_id, name, anv, join_text FROM master_artist WHERE master_id = 2280259")));
        Assert.Equal(new DateOnly(2026, 2, 1), report.Files[0].File.DumpDate);
    }

    [Fact]
    public void TheIndependentCountsAgreeWithTheFixtureReadme()
    {
        var releases = XmlCounts.Of(Fixtures.SampleFile("releases")).Rows;
        Assert.Equal(1242, releases["release_artist"]);
        Assert.Equal(3811, releases["release_credit"]);
        Assert.Equal(1135, releases["release_label"]);
        Assert.Equal(1037, releases["release_format"]);
        Assert.Equal(2098, releases["release_format_description"]);
        Assert.Equal(1302, releases["release_genre"]);
        Assert.Equal(1496, releases["release_style"]);
        Assert.Equal(9178 + 252, releases["release_track"]);
        Assert.Equal(1714 + 4996 + 9 + 2, releases["release_track_artist"]);
        Assert.Equal(1672, releases["release_identifier"]);
        Assert.Equal(2324, releases["release_video"]);
        Assert.Equal(1678, releases["release_company"]);
        Assert.Equal(2897, releases["release_image"]);
        Assert.Equal(0, releases["release_series"]);

        var artists = XmlCounts.Of(Fixtures.SampleFile("artists")).Rows;
        Assert.Equal([1000L, 530, 460, 893, 548, 218, 308], artists.Values);

        var labels = XmlCounts.Of(Fixtures.SampleFile("labels")).Rows;
        Assert.Equal([1000L, 421, 439 - 2, 0], labels.Values);

        var masters = XmlCounts.Of(Fixtures.SampleFile("masters")).Rows;
        Assert.Equal([1000L, 3020, 1174, 1315, 1705, 2176], masters.Values);
    }

    private static void AssertRowsMatchXml(string db, ImportReport report, string[] files)
    {
        var expected = files.Select(XmlCounts.Of).ToList();
        var entities = expected.Select(e => e.Entity).ToHashSet();

        // Every table of the schema for these entities is counted: a new table fails here until it is.
        Assert.Equal(
            CatalogSchema.Tables.Where(t => entities.Contains(t.Entity)).Select(t => t.Name).Order(),
            expected.SelectMany(e => e.Rows.Keys).Order());

        using var c = new CatalogDb(db);
        foreach (var (entity, rows) in expected)
        {
            Assert.Equal(Lines(rows), Lines(c.Counts(entity)));
            var file = report.Files.Single(f => f.File.Entity == entity);
            Assert.Equal(Lines(rows), Lines(file.RowsPerTable));
            Assert.Equal(rows[CatalogSchema.MainTable(entity).Name], file.Records);
        }
    }

    private static IEnumerable<string> Lines(IEnumerable<KeyValuePair<string, long>> counts) =>
        counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}");
}

/// <summary>The same exact row counts on PostgreSQL.</summary>
public sealed class PostgresRowCountTests() : RowCountTests(postgres: true);
