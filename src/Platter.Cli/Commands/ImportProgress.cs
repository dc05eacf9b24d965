using System.Diagnostics;
using Platter.Catalog;
using Platter.Core;
using Platter.Dumps;
using Spectre.Console;

namespace Platter.Cli.Commands;

/// <summary>
/// Shows an import's progress: on a terminal one live bar per file (bytes of the compressed
/// file, records/s, time left); in a pipe or CI a plain line every few seconds. Warnings go to
/// standard error, the first ones in full.
/// </summary>
internal sealed class ImportProgress(CliContext context, ProgressContext? live) : IImportObserver
{
    private const int WarningsShown = 20;
    private static readonly TimeSpan _logInterval = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, ProgressTask> _tasks = [];
    private readonly Stopwatch _sinceLog = Stopwatch.StartNew();
    private readonly Stopwatch _file = new();
    private readonly object _gate = new();
    private long _warnings;

    public long Warnings => _warnings;

    public void FileStarted(DumpFileInfo file)
    {
        _file.Restart();
        if (live is not null)
        {
            var task = live.AddTask(Markup.Escape($"{file.Entity.Name(),-8} {Path.GetFileName(file.Path)}"), maxValue: Math.Max(1, file.Size));
            task.State.Update<long>("records", _ => 0);
            _tasks[file.Path] = task;
        }
        else
        {
            Log($"{file.Entity.Name()}: reading {file.Path} ({Consoles.Size(file.Size)})");
        }
    }

    public void Progress(DumpFileInfo file, long bytesRead, long records)
    {
        if (live is not null && _tasks.TryGetValue(file.Path, out var task))
        {
            task.State.Update<long>("records", _ => records);
            task.Value = Math.Min(bytesRead, task.MaxValue);
            return;
        }

        if (_sinceLog.Elapsed < _logInterval)
        {
            return;
        }

        _sinceLog.Restart();
        var fraction = file.Size > 0 ? (double)bytesRead / file.Size : 0;
        var rate = records / Math.Max(0.001, _file.Elapsed.TotalSeconds);
        var left = fraction > 0.01 ? Consoles.Duration(TimeSpan.FromSeconds(_file.Elapsed.TotalSeconds * (1 - fraction) / fraction)) : "?";
        Log($"{file.Entity.Name()}: {fraction:P0} ({Consoles.Size(bytesRead)} of {Consoles.Size(file.Size)}), {records:N0} records, {rate:N0} records/s, about {left} left");
    }

    public void Warning(DumpWarning warning)
    {
        var n = Interlocked.Increment(ref _warnings);
        if (n <= WarningsShown)
        {
            Log("warning: " + warning);
        }
        else if (n == WarningsShown + 1)
        {
            Log("warning: more warnings follow; all are counted in the summary and stored in the import_warning table");
        }
    }

    public void FileFinished(ImportedFile file)
    {
        if (live is not null && _tasks.TryGetValue(file.File.Path, out var task))
        {
            task.State.Update<long>("records", _ => file.Records);
            task.Value = task.MaxValue;
            task.StopTask();
            return;
        }

        var rate = file.Records / Math.Max(0.001, file.Elapsed.TotalSeconds);
        Log($"{file.File.Entity.Name()}: {file.Records:N0} records, {file.Rows:N0} rows in {Consoles.Duration(file.Elapsed)} ({rate:N0} records/s)" +
            (file.ResumedAfterId is { } id ? $", resumed after id {id}" : ""));
    }

    public void Finishing()
    {
        if (live is null)
        {
            Log("building indexes and swapping the new data in");
        }
    }

    private void Log(string line)
    {
        lock (_gate)
        {
            context.Error.WriteLine(line);
            context.Error.Flush();
        }
    }
}

/// <summary>The records/s column of the live progress display.</summary>
internal sealed class RecordsPerSecondColumn : ProgressColumn
{
    public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var records = task.State.Get<long>("records");
        var seconds = task.ElapsedTime?.TotalSeconds ?? 0;
        var rate = seconds > 0 ? records / seconds : 0;
        return new Text($"{records,12:N0} rec {rate,9:N0}/s");
    }
}
