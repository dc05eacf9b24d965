using System.Diagnostics;
using System.Text;
using Platter.Core;
using Platter.Dumps;
using Platter.Storage;
using Platter.Testing;

namespace Platter.Catalog.Tests;

/// <summary>A broken import changes nothing a reader sees; smaller problems become warnings.</summary>
public class FailureTests : CatalogStoreTest
{
    public FailureTests()
        : this(postgres: false)
    {
    }

    protected FailureTests(bool postgres)
        : base(postgres)
    {
        Db = NewDb();
    }

    private string Db { get; }

    [Theory]
    [InlineData("truncated")]
    [InlineData("malformed")]
    [InlineData("html")]
    [InlineData("doctype")]
    public async Task AFailedImportLeavesTheDatabaseExactlyAsItWas(string damage)
    {
        await Importing.Import(Db, Directory.GetFiles(Fixtures.Sample2020));
        var (hash, runs) = Snapshot();
        var broken = WriteBroken(damage);

        // The good labels file is loaded first; it must not become visible either.
        await Assert.ThrowsAsync<DumpFormatException>(() => Importing.Import(Db, Fixtures.Dump2026("discogs_20260201_labels-excerpt.xml"), broken));

        Assert.Equal((hash, runs), Snapshot());
        using var c = new CatalogDb(Db);
        Assert.False(c.TableExists("release__new"));
        Assert.Equal(1000L, c.Count("label"));

        // Loads write through the WAL, so readers never wait for them.
        if (!Postgres)
        {
            Assert.Equal("wal", c.Scalar("PRAGMA journal_mode"));
        }
    }

    [Fact]
    public async Task AnExternalEntityNeverReachesTheDatabase()
    {
        const string Secret = "TOP-SECRET-7f3a9c";
        var secret = Dir.WriteText("secret.txt", Secret);
        var evil = Dir.WriteText(
            "discogs_20200806_releases.xml",
            $"<!DOCTYPE releases [<!ENTITY s SYSTEM \"file://{secret}\">]>\n<releases><release id=\"1\"><title>&s;</title></release></releases>");

        await Importing.Import(Db, Fixtures.SampleFile("labels"));

        var e = await Assert.ThrowsAsync<DumpFormatException>(() => Importing.Import(Db, evil));

        Assert.Contains("DOCTYPE", e.Message, StringComparison.Ordinal);
        using var c = new CatalogDb(Db);
        Assert.DoesNotContain(c.AllText(), t => t.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadersSeeTheOldDataUntilTheNewDataIsSwappedIn()
    {
        await Importing.Import(Db, Directory.GetFiles(Fixtures.Sample2020));
        var (hash, runs) = Snapshot();
        var seenAtFinishing = ("", 0L, 0L, 0L);
        var observer = new RecordingObserver
        {
            OnFinishing = () =>
            {
                using var other = new CatalogDb(Db);
                seenAtFinishing = (other.ContentHash(), other.Count("label"), (long)other.Scalar("SELECT count(*) FROM label WHERE id = 107799")!, other.Count("import_run"));
            },
        };

        await Importing.Import(Db, observer, Fixtures.Dump2026("discogs_20260201_labels-excerpt.xml"));

        Assert.Equal((hash, 1000L, 0L, runs), seenAtFinishing);
        using var c = new CatalogDb(Db);
        Assert.Equal(6L, c.Count("label"));
        Assert.Equal(runs + 1, c.Count("import_run"));
    }

    [Fact]
    public async Task ACatalogOpenedDuringAnImportOpensAtOnceAndReadsTheOldData()
    {
        await Importing.Import(Db, Fixtures.SampleFile("labels"));
        var opened = (TimeSpan.Zero, 0L, 0);
        var observer = new RecordingObserver
        {
            OnFinishing = () =>
            {
                // The loads are written and indexed, not yet swapped in.
                var watch = Stopwatch.StartNew();
                using var catalog = CatalogStore.Open(Db);
                var runs = catalog.ImportRuns().Count;
                opened = (watch.Elapsed, catalog.CountRows("label"), runs);
            },
        };

        await Importing.Import(Db, observer, Fixtures.Dump2026("discogs_20260201_labels-excerpt.xml"));

        Assert.InRange(opened.Item1, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal((1000L, 1), (opened.Item2, opened.Item3));
        using var c = new CatalogDb(Db);
        if (!Postgres)
        {
            Assert.Equal("wal", c.Scalar("PRAGMA journal_mode"));
            Assert.False(File.Exists(Db + "-journal"));
        }

        Assert.Equal(6L, c.Count("label"));
    }

    [Fact]
    public async Task AReaderConnectedThroughoutAnImportReadsTheOldDataUntilTheSwap()
    {
        await Importing.Import(Db, Fixtures.SampleFile("labels"));
        using var reader = new CatalogDb(Db);
        Assert.Equal(1000L, reader.Count("label"));
        var seenAtFinishing = ("", 0L);
        var observer = new RecordingObserver
        {
            OnFinishing = () => seenAtFinishing = (Postgres ? "" : (string)reader.Scalar("PRAGMA journal_mode")!, reader.Count("label")),
        };

        await Importing.Import(Db, observer, Fixtures.Dump2026("discogs_20260201_labels-excerpt.xml"));

        Assert.Equal((Postgres ? "" : "wal", 1000L), seenAtFinishing);
        Assert.Equal(6L, reader.Count("label"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ADuplicateIdKeepsTheLastOccurrenceWithAWarning(bool observed)
    {
        const string Xml = "<releases>\n" +
            "<release id=\"1\"><title>First</title><genres><genre>Rock</genre><genre>Pop</genre></genres><tracklist><track><position>A</position><title>Old</title></track></tracklist></release>\n" +
            "<release id=\"2\"><title>Other</title><genres><genre>Jazz</genre></genres></release>\n" +
            "<release id=\"1\"><title>Second</title><genres><genre>Electronic</genre></genres></release>\n" +
            "</releases>\n";
        var path = Dir.WriteText("discogs_20200806_releases.xml", Xml);
        var observer = new RecordingObserver();

        // Without an observer (an API caller that wants no progress) the warning must still be recorded.
        var report = await Importing.Import(Db, observed ? observer : null, path);

        Assert.Equal((2L, 1L), (report.Files[0].Records, report.Files[0].Warnings));
        const string Message = "the id appears again; the last occurrence replaces the earlier one";
        if (observed)
        {
            var w = Assert.Single(observer.Warnings);
            Assert.Equal(("release 1", 4L, (long)Xml.LastIndexOf("<release id=\"1\"", StringComparison.Ordinal), Message), (w.Record, w.Line, w.ByteOffset, w.Message));
        }

        using var c = new CatalogDb(Db);
        Assert.Equal([[1L, "Second"], [2L, "Other"]], c.Rows("SELECT id, title FROM release ORDER BY id"));
        Assert.Equal([[1L, "Electronic"], [2L, "Jazz"]], c.Rows("SELECT release_id, genre FROM release_genre ORDER BY release_id, position"));
        Assert.Equal(0L, c.Count("release_track"));
        Assert.Equal(new object?[] { 2L, 4L, 1L }, c.Rows("SELECT records, rows, warnings FROM import_run").Single());
        Assert.Equal(new object?[] { "release 1", 4L, Message }, c.Rows("SELECT record, line, message FROM import_warning").Single());
    }

    [Fact]
    public async Task ControlCharactersAreDroppedWithAWarningAndTheImportSucceeds()
    {
        var path = Dir.WriteText(
            "discogs_20200806_releases.xml",
            "<releases>\n<release id=\"4\"><title>Clean</title></release>\n<release id=\"5\"><title>Bell\u0003 and\u0007 ring&#7;s</title></release>\n</releases>\n");

        var report = await Importing.Import(Db, path);

        Assert.Equal((2L, 1L), (report.Files[0].Records, report.Files[0].Warnings));
        using var c = new CatalogDb(Db);
        Assert.Equal("Bell and rings", c.Scalar("SELECT title FROM release WHERE id = 5"));
        Assert.Equal(
            new object?[] { "release 5", 3L, "dropped 3 control character(s) that XML forbids (last U+0007) from the text" },
            c.Rows("SELECT record, line, message FROM import_warning").Single());
    }

    [Fact]
    public void TwoFilesOfOneEntityAreRefusedNamingBoth()
    {
        var e = Assert.Throws<ImportInputException>(() => CatalogImporter.Inspect([Fixtures.SampleFile("releases"), Fixtures.Record("release-3.xml")]));

        Assert.Contains("discogs_20200806_releases.xml.gz", e.Message, StringComparison.Ordinal);
        Assert.Contains("release-3.xml", e.Message, StringComparison.Ordinal);
        Assert.Contains("releases", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public void AMissingPathIsRefused()
    {
        var missing = Dir.File("nowhere.xml.gz");

        var e = Assert.Throws<ImportInputException>(() => CatalogImporter.Inspect([missing]));

        Assert.Equal($"{missing} does not exist.", e.Message);
    }

    private (string Hash, long Runs) Snapshot()
    {
        using var c = new CatalogDb(Db);
        return (c.ContentHash(), c.Count("import_run"));
    }

    private string WriteBroken(string damage)
    {
        const string Name = "discogs_20200901_releases.xml.gz";
        var sample = Fixtures.SampleFile("releases");
        return damage switch
        {
            "truncated" => Dir.WriteTruncated(Name, sample, new FileInfo(sample).Length / 2),
            "malformed" => Dir.WriteGzipText(Name, "<releases>\n<release id=\"1\"><title>A</title></release>\n<release id=\"2\"><title>B</titel></release>\n</releases>\n"),
            "html" => Dir.WriteBytes(Name, Encoding.UTF8.GetBytes("<!DOCTYPE html>\n<html><body>You are making requests too quickly.</body></html>\n")),
            "doctype" => Dir.WriteGzipText(Name, "<!DOCTYPE html>\n<html><body>Not found</body></html>\n"),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
    }
}

/// <summary>The same failures on PostgreSQL: the database exactly as it was.</summary>
public sealed class PostgresFailureTests() : FailureTests(postgres: true);
