using Platter.Core;
using Platter.Dumps.Download;
using Platter.Storage;

namespace Platter.Catalog.Sync;

/// <summary>One entity: what the database holds and the newest verified file at the source.</summary>
/// <param name="Entity">The entity (<c>releases</c> ...).</param>
/// <param name="Imported">The dump date of its last import; null when never imported or the date was unknown.</param>
/// <param name="Latest">The newest file the source vouches for with a CHECKSUM file.</param>
public sealed record SyncItem(string Entity, DateOnly? Imported, PlannedFile Latest)
{
    /// <summary>True when the source has something newer than the database.</summary>
    public bool IsNewer => Imported is not { } imported || Latest.File.Date > imported;
}

/// <summary>What <c>platter sync</c> will do.</summary>
/// <param name="Items">Every wanted entity, in import order.</param>
/// <param name="Dumps">The discovery result the items come from.</param>
public sealed record SyncPlan(IReadOnlyList<SyncItem> Items, DumpPlan Dumps)
{
    /// <summary>The entities to download and import.</summary>
    public IReadOnlyList<SyncItem> ToFetch => Items.Where(i => i.IsNewer).ToList();
}

/// <summary>What a sync did.</summary>
/// <param name="Plan">The plan it followed.</param>
/// <param name="Downloads">The files downloaded or found verified, one per fetched entity.</param>
/// <param name="Import">The import, or null when the database was already up to date.</param>
public sealed record SyncResult(SyncPlan Plan, IReadOnlyList<DownloadResult> Downloads, ImportReport? Import);

/// <summary>
/// The catalog's main job end to end: find the newest dump files at the source, keep those newer
/// than what the database's <c>import_run</c> table records, download and verify them, import them.
/// A file that fails verification is never handed to the importer.
/// </summary>
public sealed class CatalogSync
{
    private readonly DumpSource _source;
    private readonly string _databasePath;
    private readonly string _dumpsDirectory;

    /// <summary>Creates a sync from <paramref name="source"/> into the database at <paramref name="databasePath"/>, downloading to <paramref name="dumpsDirectory"/>.</summary>
    public CatalogSync(DumpSource source, string databasePath, string dumpsDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _databasePath = CatalogStore.IsPostgres(databasePath) ? databasePath : Path.GetFullPath(databasePath);
        _dumpsDirectory = Path.GetFullPath(dumpsDirectory);
    }

    /// <summary>The newest dump date imported per entity (empty when the database does not exist yet).</summary>
    public IReadOnlyDictionary<string, DateOnly?> ImportedDates()
    {
        // Opening would create the file; a first sync should not leave an empty database behind if listing fails.
        if (!CatalogStore.IsPostgres(_databasePath) && !File.Exists(_databasePath))
        {
            return new Dictionary<string, DateOnly?>();
        }

        using var catalog = CatalogStore.Open(_databasePath);
        return catalog.LatestDumpDates().ToDictionary(kv => kv.Key.Name(), kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Lists the source, chooses the newest verified file per entity and compares with the database.</summary>
    public async Task<SyncPlan> PlanAsync(IReadOnlyList<string> entities, CancellationToken cancellationToken)
    {
        var imported = ImportedDates();
        var listing = await _source.ListAsync(null, cancellationToken);
        var dumps = await DumpDiscovery.PlanAsync(listing.Files, entities, null, _source.GetChecksumAsync, cancellationToken);
        var items = dumps.Files.Select(f => new SyncItem(f.File.Entity!, imported.GetValueOrDefault(f.File.Entity!), f)).ToList();
        return new SyncPlan(items, dumps);
    }

    /// <summary>Downloads and verifies the plan's newer files, one at a time.</summary>
    public Task<IReadOnlyList<DownloadResult>> DownloadAsync(SyncPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var fetch = new DumpPlan(plan.ToFetch.Select(i => i.Latest).ToList(), plan.Dumps.Notes, plan.Dumps.Checksums);
        return new DumpDownloader(_source).DownloadAsync(fetch, _dumpsDirectory, cancellationToken);
    }

    /// <summary>Plans, downloads and imports; imports nothing when the database is up to date.</summary>
    public async Task<SyncResult> RunAsync(IReadOnlyList<string> entities, IImportObserver? observer, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(entities, cancellationToken);
        var downloads = await DownloadAsync(plan, cancellationToken);
        if (downloads.Count == 0)
        {
            return new SyncResult(plan, downloads, null);
        }

        var report = await new CatalogImporter(_databasePath).ImportAsync(downloads.Select(d => d.Path).ToList(), observer, cancellationToken);
        return new SyncResult(plan, downloads, report);
    }
}
