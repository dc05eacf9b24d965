using Platter.Core;
using Platter.Testing;

namespace Platter.Catalog.Tests;

/// <summary>An interrupted import shows nothing new; the next run resumes after the last committed batch and ends with exactly the right rows.</summary>
public class ResumeTests : CatalogStoreTest
{
    private const int Batch = 100;

    public ResumeTests()
        : this(postgres: false)
    {
    }

    protected ResumeTests(bool postgres)
        : base(postgres)
    {
        Db = NewDb();
    }

    private string Db { get; }

    [Fact]
    public async Task AnInterruptedImportShowsNothingNewAndResumesToExactlyTheRightRows()
    {
        var releases = Fixtures.SampleFile("releases");
        var ids = XmlCounts.Load(releases).Root!.Elements("release").Select(r => (long)r.Attribute("id")!).ToList();

        await Interrupt(450, releases);

        using (var c = new CatalogDb(Db))
        {
            Assert.Equal(-1L, c.Count("release"));
            Assert.Equal(0L, c.Count("import_run"));
        }

        var report = await Resume(releases);

        var resumedAfter = Assert.IsType<long>(report.Files.Single().ResumedAfterId);
        var index = ids.IndexOf(resumedAfter);
        Assert.True(index >= Batch - 1 && index % Batch == Batch - 1, $"resumed after release {resumedAfter}, record #{index + 1}: not at the end of a committed batch");
        Assert.Equal(1000, report.Files.Single().Records);
        AssertExactly(releases);
        using var after = new CatalogDb(Db);
        Assert.Equal(ids, after.Rows("SELECT id FROM release ORDER BY id").Select(r => (long)r[0]!));
    }

    [Fact]
    public async Task AnInterruptionInTheSecondFileResumesBothAndSwapsThemInTogether()
    {
        string[] files = [Fixtures.SampleFile("artists"), Fixtures.SampleFile("labels")];

        // Artists come first: 1,000 of them, then 250 labels.
        await Interrupt(1250, files);

        using (var c = new CatalogDb(Db))
        {
            Assert.Equal((-1L, -1L, 0L), (c.Count("artist"), c.Count("label"), c.Count("import_run")));
        }

        var report = await Resume(files);

        Assert.Equal([1000L, 1000L], report.Files.Select(f => f.Records));
        Assert.NotNull(report.Files[1].ResumedAfterId);
        AssertExactly(files);
    }

    [Fact]
    public async Task WarningsOfTheCommittedPartAreNotCountedTwiceOnResume()
    {
        // Forbidden characters in release 5 (first batch, committed before the interruption) and 250 (read after resuming).
        var path = Dir.WriteText("discogs_20200806_releases.xml", DumpXml.Releases(300, i => $"<title>{(i is 5 or 250 ? "Bell\u0007" : "T" + i)}</title><genres><genre>Rock</genre></genres>"));

        await Interrupt(150, path);
        var report = await Resume(path);

        Assert.Equal(Batch, report.Files[0].ResumedAfterId);
        Assert.Equal(2, report.Files[0].Warnings);
        using var c = new CatalogDb(Db);
        Assert.Equal(new object?[] { 300L, 2L }, c.Rows("SELECT records, warnings FROM import_run").Single());
        Assert.Equal(["release 5", "release 250"], c.Rows("SELECT record FROM import_warning ORDER BY position").Select(r => (string?)r[0]));
        Assert.Equal("Bell", c.Scalar("SELECT title FROM release WHERE id = 5"));
    }

    [Fact]
    public async Task AFileChangedSinceTheInterruptionIsImportedFromTheStart()
    {
        var path = Dir.WriteText("discogs_20200806_releases.xml", DumpXml.Releases(300, i => $"<title>T{i}</title><genres><genre>Rock</genre></genres>"));
        await Interrupt(150, path);
        Dir.WriteText("discogs_20200806_releases.xml", DumpXml.Releases(200, i => $"<title>New {i}</title><genres><genre>Rock</genre></genres>"));

        var report = await Resume(path);

        Assert.Null(report.Files[0].ResumedAfterId);
        using var c = new CatalogDb(Db);
        Assert.Equal((200L, "New 1", "New 200"), (c.Count("release"), (string)c.Scalar("SELECT title FROM release WHERE id = 1")!, (string)c.Scalar("SELECT title FROM release WHERE id = 200")!));
    }

    // With no interval, Progress comes after every stored record (the reader's own count runs ahead
    // of the writer's), so the import stops right after the given number of stored records.
    private async Task Interrupt(int afterStored, params string[] files)
    {
        using var cts = new CancellationTokenSource();
        var stored = 0;
        var observer = new RecordingObserver { OnProgress = (_, _) => { if (++stored == afterStored) cts.Cancel(); } };
        var importer = new CatalogImporter(Db) { BatchSize = Batch, ProgressInterval = TimeSpan.Zero };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => importer.ImportAsync(files, observer, cts.Token));
    }

    private Task<ImportReport> Resume(params string[] files) =>
        new CatalogImporter(Db) { BatchSize = Batch }.ImportAsync(files, null, CancellationToken.None);

    private void AssertExactly(params string[] files)
    {
        using var c = new CatalogDb(Db);
        foreach (var (entity, rows) in files.Select(XmlCounts.Of))
        {
            Assert.Equal(rows, c.Counts(entity));
            Assert.Equal(
                new object?[] { rows[Platter.Storage.CatalogSchema.MainTable(entity).Name], rows.Values.Sum() },
                c.Rows("SELECT records, rows FROM import_run WHERE entity = $e", ("$e", entity.Name())).Single());
        }
    }
}

/// <summary>The same interruptions and resumes on PostgreSQL.</summary>
public sealed class PostgresResumeTests() : ResumeTests(postgres: true);
