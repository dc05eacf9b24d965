using System.Globalization;
using Platter.Core;
using Platter.Storage;
using Platter.Testing;

namespace Platter.Catalog.Tests;

/// <summary>What <c>import_run</c> records, and re-importing an entity.</summary>
public class ImportRunTests : CatalogStoreTest
{
    public ImportRunTests()
        : this(postgres: false)
    {
    }

    protected ImportRunTests(bool postgres)
        : base(postgres)
    {
    }

    [Fact]
    public async Task EachImportedFileIsRecordedWithItsEntityDateRecordsRowsAndWarnings()
    {
        var db = NewDb();
        var files = Directory.GetFiles(Fixtures.Sample2020, "*.xml.gz").Order(StringComparer.Ordinal).ToArray();

        var before = DateTimeOffset.UtcNow;
        await Importing.Import(db, files);

        using var c = new CatalogDb(db);
        var runs = c.Rows("SELECT path, entity, dump_date, records, rows, warnings FROM import_run ORDER BY id");
        var expected = files.Select(f => new object?[] { f, Path.GetFileName(f)[17..^7], "2020-08-06", 1000L, XmlCounts.Of(f).Rows.Values.Sum(), 0L });
        Assert.Equal(expected, runs);
        Assert.Equal(new[] { "artists", "labels", "masters", "releases" }, runs.Select(r => (string)r[1]!));

        var times = c.Rows("SELECT started_at, finished_at FROM import_run").Select(r => r.Select(v => DateTimeOffset.Parse((string)v!, CultureInfo.InvariantCulture)).ToArray());
        Assert.All(times, t => Assert.True(before <= t[0] && t[0] <= t[1] && t[1] <= DateTimeOffset.UtcNow));

        using var catalog = CatalogStore.Open(db);
        Assert.Equal(new DateOnly(2020, 8, 6), catalog.LatestDumpDates()[EntityKind.Releases]);
        Assert.Equal(1000, catalog.ImportRuns().Single(r => r.Entity == EntityKind.Masters).Records);
    }

    [Fact]
    public async Task TheObserverSeesEachFileStartAndFinishInEntityOrderThenFinishingOnce()
    {
        var observer = new RecordingObserver();

        var report = await Importing.Import(NewDb(), observer, Fixtures.SampleFile("releases"), Fixtures.SampleFile("artists"));

        Assert.Equal(["started artists", "finished artists", "started releases", "finished releases", "finishing"], observer.Events);
        Assert.Equal(report.Files, observer.Finished);
        Assert.Equal([EntityKind.Artists, EntityKind.Releases], report.Runs.Select(r => r.Entity));
    }

    [Fact]
    public async Task ImportingTheSameFileAgainKeepsTheCountsAndAddsARun()
    {
        var db = NewDb();
        var releases = Fixtures.SampleFile("releases");
        var expected = XmlCounts.Of(releases).Rows;

        await Importing.Import(db, releases);
        await Importing.Import(db, releases);

        using var c = new CatalogDb(db);
        Assert.Equal(expected, c.Counts(EntityKind.Releases));
        Assert.Equal(new object?[] { 2L, 2000L }, c.Rows("SELECT count(*), sum(records) FROM import_run WHERE entity = 'releases'").Single());
    }

    [Fact]
    public async Task ImportingAnEntityAgainReplacesItsDataAndLeavesOtherEntitiesAlone()
    {
        var db = NewDb();
        await Importing.Import(db, Fixtures.SampleFile("releases"), Fixtures.SampleFile("labels"));
        var next = Dir.WriteText(
            "discogs_20200901_releases.xml",
            "<releases><release id=\"1\"><title>Stockholm (next month)</title><genres><genre>Electronic</genre></genres></release><release id=\"99\"><title>New</title></release></releases>");

        await Importing.Import(db, next);

        using var c = new CatalogDb(db);
        Assert.Equal([[1L, "Stockholm (next month)"], [99L, "New"]], c.Rows("SELECT id, title FROM release ORDER BY id"));
        Assert.Equal(1L, c.Count("release_genre"));
        Assert.Equal(0L, c.Count("release_track"));
        Assert.Equal(XmlCounts.Of(Fixtures.SampleFile("labels")).Rows, c.Counts(EntityKind.Labels));
        Assert.Equal("2020-09-01", c.Scalar("SELECT dump_date FROM import_run ORDER BY id DESC LIMIT 1"));
    }
}

/// <summary>The same import records on PostgreSQL.</summary>
public sealed class PostgresImportRunTests() : ImportRunTests(postgres: true);
