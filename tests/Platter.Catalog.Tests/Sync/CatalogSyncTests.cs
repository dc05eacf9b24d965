using Platter.Catalog.Sync;
using Platter.Dumps.Download;
using Platter.Storage;
using Platter.Testing;

namespace Platter.Catalog.Tests.Sync;

public sealed class CatalogSyncTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private readonly string _dir = Fixtures.NewTempDir("platter-sync");
    private FakeDumpServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeDumpServer.StartAsync();
        _server.AddSample2020("labels", "masters");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private CatalogSync Sync() => new(new DumpSource(_http, _server.Root), Path.Combine(_dir, "catalog.db"), Path.Combine(_dir, "dumps"));

    [Fact]
    public async Task A_second_run_finds_the_database_current_and_does_nothing()
    {
        var first = await Sync().RunAsync(["labels", "masters"], null, default);
        var second = await Sync().RunAsync(["labels", "masters"], null, default);

        Assert.Equal([1000L, 1000], first.Import!.Files.Select(f => f.Records));
        Assert.Equal([54_654L, 219_295], first.Downloads.Select(d => d.BytesTransferred));
        Assert.Null(second.Import);
        Assert.Empty(second.Downloads);
        Assert.Equal([false, false], second.Plan.Items.Select(i => i.IsNewer));
        Assert.Equal(1, _server.FileRequests("discogs_20200806_masters.xml.gz"));
        using var catalog = SqliteCatalog.Open(Path.Combine(_dir, "catalog.db"));
        Assert.Equal(2, catalog.ImportRuns().Count);
    }

    [Fact]
    public async Task A_newer_dump_at_the_source_is_fetched_for_that_entity_only()
    {
        await Sync().RunAsync(["labels", "masters"], null, default);
        var labels = await File.ReadAllBytesAsync(Path.Combine(Fixtures.Sample2020, "discogs_20200806_labels.xml.gz"));
        _server.AddFile("data/2020/discogs_20200901_labels.xml.gz", labels, new DateTime(2020, 9, 3, 0, 0, 0, DateTimeKind.Utc));

        var result = await Sync().RunAsync(["labels", "masters"], null, default);

        Assert.Equal([("labels", true), ("masters", false)], result.Plan.Items.Select(i => (i.Entity, i.IsNewer)));
        Assert.Equal(["discogs_20200901_labels.xml.gz"], result.Downloads.Select(d => Path.GetFileName(d.Path)));
        using var catalog = SqliteCatalog.Open(Path.Combine(_dir, "catalog.db"));
        Assert.Equal(new DateOnly(2020, 9, 1), catalog.LatestDumpDates()[Platter.Core.EntityKind.Labels]);
        Assert.Equal(new DateOnly(2020, 8, 6), catalog.LatestDumpDates()[Platter.Core.EntityKind.Masters]);
    }
}
