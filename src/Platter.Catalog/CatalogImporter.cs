using System.Collections.Concurrent;
using System.Diagnostics;
using Platter.Core;
using Platter.Core.Threading;
using Platter.Dumps;
using Platter.Storage;

namespace Platter.Catalog;

/// <summary>What an import tells its observer as it goes (the CLI draws progress bars from it).</summary>
public interface IImportObserver
{
    /// <summary>A file is about to be read.</summary>
    void FileStarted(DumpFileInfo file);

    /// <summary>Progress within the current file, a few times a second.</summary>
    void Progress(DumpFileInfo file, long bytesRead, long records);

    /// <summary>A warning; the import goes on.</summary>
    void Warning(DumpWarning warning);

    /// <summary>A file was read completely (its data is not visible until every file is done).</summary>
    void FileFinished(ImportedFile file);

    /// <summary>Indexes are being built and the new data swapped in.</summary>
    void Finishing();
}

/// <summary>A dump file and what its root element says it holds.</summary>
/// <param name="Path">Full path.</param>
/// <param name="Entity">The entity, from the root element.</param>
/// <param name="DumpDate">From the file name, when it has one.</param>
/// <param name="Size">Bytes on disk.</param>
public sealed record DumpFileInfo(string Path, EntityKind Entity, DateOnly? DumpDate, long Size);

/// <summary>One file's import.</summary>
/// <param name="File">The file.</param>
/// <param name="Records">Records stored.</param>
/// <param name="RowsPerTable">Rows stored per table.</param>
/// <param name="Warnings">Warnings raised.</param>
/// <param name="Elapsed">Time spent on this file.</param>
/// <param name="ResumedAfterId">When an interrupted import was resumed: the last id it had stored.</param>
public sealed record ImportedFile(DumpFileInfo File, long Records, IReadOnlyDictionary<string, long> RowsPerTable, long Warnings, TimeSpan Elapsed, long? ResumedAfterId)
{
    /// <summary>Rows stored across the entity's tables.</summary>
    public long Rows => RowsPerTable.Values.Sum();
}

/// <summary>The outcome of an import.</summary>
/// <param name="Files">Each file, in import order.</param>
/// <param name="Runs">The <c>import_run</c> rows written.</param>
/// <param name="Elapsed">Total time.</param>
public sealed record ImportReport(IReadOnlyList<ImportedFile> Files, IReadOnlyList<ImportRun> Runs, TimeSpan Elapsed);

/// <summary>
/// Imports Discogs dump files into the catalog (an SQLite file or a PostgreSQL database, see
/// <see cref="CatalogStore.Open"/>): parse on one thread (decompression on
/// another), write on the caller's. All files of one import become visible together, in one
/// transaction; a broken file leaves the database as it was, an interrupted import resumes.
/// </summary>
public sealed class CatalogImporter(string database)
{
    // The parser hands records to the writer in batches, already made into rows (see RowBatch),
    // so what waits in the queue is bytes, not objects the collector must trace or copy. When the
    // records themselves went over, more than a few in flight survived gen0 collections (with 4
    // batches of 64, 195 of 196 collections were gen1 and paused the import 1.8 s) and batches of
    // 8 were the best trade. With rows, batches of 32 to 256 records took the 200,000-release
    // import from 6.6 s (batches of 8: a wake-up of the parsing thread every 8 records) to about
    // 5.8 s, with 1 or no gen1 collection; 32 keeps the fewest bytes in flight.
    private const int BatchItems = 32;
    private const int QueueCapacity = 4;

    /// <summary>How often <see cref="IImportObserver.Progress"/> is called at most.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Records per committed batch (smaller in tests that interrupt an import).</summary>
    public int BatchSize { get; init; } = 20_000;

    /// <summary>
    /// Expands folders into the dump files they hold (<c>*.xml</c>, <c>*.xml.gz</c>) and reads each
    /// file's root element to learn its entity. Throws <see cref="ImportInputException"/> for a
    /// missing path, an empty folder, or two files of the same entity.
    /// </summary>
    public static IReadOnlyList<DumpFileInfo> Inspect(IEnumerable<string> paths)
    {
        var infos = new List<DumpFileInfo>();
        foreach (var f in ExpandPaths(paths))
        {
            using var reader = DumpReader.Open(f);
            infos.Add(new DumpFileInfo(f, reader.Entity, reader.DumpDate, reader.CompressedLength));
        }

        var twice = infos.GroupBy(i => i.Entity).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new ImportInputException(
                $"{twice.Count()} files hold {twice.Key.Name()}: {string.Join(", ", twice.Select(i => Path.GetFileName(i.Path)))}. Import one file per entity at a time.");
        }

        return infos.OrderBy(i => i.Entity).ToList();
    }

    /// <summary>
    /// The dump files named by <paramref name="paths"/>, as full paths: each file as given, each
    /// folder's <c>*.xml</c> and <c>*.xml.gz</c> files in name order, every file once. Throws
    /// <see cref="ImportInputException"/> for a missing path or a folder with no dump files.
    /// </summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                var found = Directory.EnumerateFiles(p)
                    .Where(f => f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xml.gz", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new ImportInputException($"The folder {p} holds no .xml or .xml.gz files.");
                }

                files.AddRange(found.Select(f => Path.GetFullPath(f)));
            }
            else if (File.Exists(p))
            {
                files.Add(Path.GetFullPath(p));
            }
            else
            {
                throw new ImportInputException($"{p} does not exist.");
            }
        }

        return files.Distinct().ToList();
    }

    /// <summary>Imports the files (see <see cref="Inspect"/>) and returns what was stored.</summary>
    public Task<ImportReport> ImportAsync(IReadOnlyList<DumpFileInfo> files, IImportObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);

        // SQLite work is synchronous; run it off the caller's thread so the caller stays responsive.
        return Task.Run(() => Import(files, observer, cancellationToken), CancellationToken.None);
    }

    /// <summary>Convenience overload: inspects <paramref name="paths"/> and imports them.</summary>
    public Task<ImportReport> ImportAsync(IReadOnlyList<string> paths, IImportObserver? observer, CancellationToken cancellationToken) =>
        ImportAsync(Inspect(paths), observer, cancellationToken);

    private ImportReport Import(IReadOnlyList<DumpFileInfo> files, IImportObserver? observer, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        using var catalog = CatalogStore.Open(database);
        var loaders = new List<ICatalogLoad>();
        var results = new List<ImportedFile>();
        try
        {
            foreach (var file in files)
            {
                var loader = catalog.BeginLoad(file.Entity, new FileInfo(file.Path));
                loader.BatchSize = BatchSize;
                loaders.Add(loader);
                results.Add(ImportFile(file, loader, observer, ct));
                loader.Prepare();
            }

            observer?.Finishing();
            var runs = catalog.SwapIn(loaders.Select((l, i) => (l, files[i].Path, files[i].DumpDate)).ToList());
            return new ImportReport(results, runs, total.Elapsed);
        }
        catch (DumpFormatException)
        {
            // The broken file's partial load is worthless; loads of good files stay for a rerun.
            loaders[^1].Abort(keepForResume: false);
            throw;
        }
        finally
        {
            // Every loader lets go of its statements even when one of them fails to (a full
            // disk): the import's own error is the one the user needs to see.
            foreach (var l in loaders)
            {
                try
                {
                    l.Dispose();
                }
                catch (Exception e) when (e is StorageException or System.Data.Common.DbException)
                {
                    // Already failing or about to report the import's own outcome.
                }
            }
        }
    }

    private ImportedFile ImportFile(DumpFileInfo file, ICatalogLoad loader, IImportObserver? observer, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        observer?.FileStarted(file);
        var queue = new HandOff<Chunk>(QueueCapacity);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        // Chunks go back and forth between the two threads, so their row buffers are reused.
        var free = new ConcurrentQueue<Chunk>();
        Chunk Rent() => free.TryDequeue(out var c) ? c : new Chunk(file.Entity);
        var chunk = Rent();
        using var reader = DumpReader.Open(file.Path, w => chunk.Items.Add(new Item(-1, w, 0, 0)));
        Item current = default;
        loader.DuplicateReplaced += id => Warn(loader, observer, new DumpWarning(
            file.Path, current.Line, current.Offset, $"{file.Entity.Name()[..^1]} {id}", "the id appears again; the last occurrence replaces the earlier one"));

        var producer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var record in reader.ReadRecords())
                    {
                        // The rows are made here, on the parsing thread: the writing thread is the import's bottleneck.
                        chunk.Items.Add(new Item(chunk.Rows.Count, null, reader.RecordLine, reader.RecordOffset));
                        chunk.Rows.Add(record);
                        if (chunk.Rows.Count >= BatchItems)
                        {
                            if (!queue.Add(chunk, stop.Token))
                            {
                                return; // the writer stopped
                            }

                            chunk = Rent();
                        }
                    }

                    if (chunk.Items.Count > 0)
                    {
                        _ = queue.Add(chunk, stop.Token);
                    }
                }
                finally
                {
                    queue.Complete();
                }
            },
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var nextReport = ProgressInterval;
        try
        {
            // A record's warnings arrive just before it; hold them until we know whether a resumed
            // load already stored that record (and its warnings) before the interruption.
            var pending = new List<DumpWarning>();
            while (queue.TryTake(out var taken, ct))
            {
                foreach (var item in taken.Items)
                {
                    ct.ThrowIfCancellationRequested();
                    if (item.Warning is { } w)
                    {
                        pending.Add(w);
                        continue;
                    }

                    if (loader.AlreadyStored(taken.Rows.IdAt(item.Row)))
                    {
                        pending.Clear();
                        continue;
                    }

                    foreach (var p in pending)
                    {
                        Warn(loader, observer, p);
                    }

                    pending.Clear();
                    current = item;
                    loader.Write(taken.Rows, item.Row);
                    if (watch.Elapsed >= nextReport)
                    {
                        nextReport = watch.Elapsed + ProgressInterval;
                        observer?.Progress(file, reader.BytesRead, reader.Records);
                    }
                }

                taken.Clear();
                free.Enqueue(taken);
            }

            producer.GetAwaiter().GetResult();
            foreach (var p in pending)
            {
                Warn(loader, observer, p);
            }
        }
        catch
        {
            stop.Cancel();
            queue.Close();
            WaitQuietly(producer);
            throw;
        }

        observer?.Progress(file, file.Size, reader.Records);
        var result = new ImportedFile(file, loader.Records, loader.RowCounts, loader.Warnings, watch.Elapsed, loader.ResumeAfterId);
        observer?.FileFinished(result);
        return result;
    }

    // Recorded with the load whether or not anyone observes: the import_run row counts every warning.
    private static void Warn(ICatalogLoad loader, IImportObserver? observer, DumpWarning w)
    {
        loader.AddWarning(w.Line, w.ByteOffset, w.Record, w.Message);
        observer?.Warning(w);
    }

    private static void WaitQuietly(Task task)
    {
        try
        {
            task.Wait();
        }
        catch (AggregateException)
        {
            // Already handled: the consumer is unwinding with its own exception.
        }
    }

    // A record (its index in the chunk's rows) or a warning read before the next record.
    private readonly record struct Item(int Row, DumpWarning? Warning, long Line, long Offset);

    // What the parsing thread hands over at a time: records made into rows, and the warnings among them.
    private sealed class Chunk(EntityKind entity)
    {
        public List<Item> Items { get; } = new(BatchItems * 2);

        public RowBatch Rows { get; } = new(entity);

        public void Clear()
        {
            Items.Clear();
            Rows.Clear();
        }
    }
}

/// <summary>The paths given to an import are unusable (missing, empty folder, two files of one entity).</summary>
public sealed class ImportInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImportInputException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public ImportInputException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public ImportInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
