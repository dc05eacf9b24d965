using Platter.Core;
using Platter.Dumps;

namespace Platter.Catalog.Tests;

/// <summary>Runs imports the way the CLI does, into a database in a temp folder.</summary>
internal static class Importing
{
    public static Task<ImportReport> Import(string db, params string[] paths) => Import(db, null, paths);

    public static Task<ImportReport> Import(string db, IImportObserver? observer, params string[] paths) =>
        new CatalogImporter(db).ImportAsync(paths, observer, CancellationToken.None);
}

/// <summary>Records what an import reports and lets a test act at chosen moments.</summary>
internal sealed class RecordingObserver : IImportObserver
{
    public List<DumpWarning> Warnings { get; } = [];

    public List<ImportedFile> Finished { get; } = [];

    /// <summary>The calls other than Progress and Warning, in order (<c>started releases</c>, <c>finished releases</c>, <c>finishing</c>).</summary>
    public List<string> Events { get; } = [];

    public Action<DumpFileInfo, long>? OnProgress { get; init; }

    public Action? OnFinishing { get; init; }

    public void FileStarted(DumpFileInfo file) => Events.Add("started " + file.Entity.Name());

    public void Progress(DumpFileInfo file, long bytesRead, long records) => OnProgress?.Invoke(file, records);

    public void Warning(DumpWarning warning)
    {
        lock (Warnings)
        {
            Warnings.Add(warning);
        }
    }

    public void FileFinished(ImportedFile file)
    {
        Events.Add("finished " + file.File.Entity.Name());
        Finished.Add(file);
    }

    public void Finishing()
    {
        Events.Add("finishing");
        OnFinishing?.Invoke();
    }
}
