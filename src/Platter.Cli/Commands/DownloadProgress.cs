using System.Diagnostics;
using Platter.Dumps.Download;
using Spectre.Console;

namespace Platter.Cli.Commands;

/// <summary>
/// Shows downloads to the user: on a terminal, Spectre.Console progress bars with size, speed
/// and time left; otherwise (CI, redirected output) a plain line every few seconds on stderr.
/// </summary>
internal static class DownloadProgress
{
    /// <summary>Runs <paramref name="work"/> with an observer suited to <paramref name="context"/>.</summary>
    public static async Task<T> RunAsync<T>(CliContext context, Func<IDownloadObserver, Task<T>> work)
    {
        if (!context.Interactive)
        {
            return await work(new PlainLog(context.Error, TimeSpan.FromSeconds(10)));
        }

        var console = Consoles.Live(context.Error);
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn())
            .StartAsync(async progress => result = await work(new Bars(progress, console)));
        return result;
    }

    private sealed class Bars(ProgressContext progress, IAnsiConsole console) : IDownloadObserver
    {
        private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

        public void Started(DumpFile file, long offset, long? totalBytes)
        {
            if (!_tasks.TryGetValue(file.FileName, out var task))
            {
                task = progress.AddTask(Markup.Escape(file.FileName), maxValue: totalBytes ?? 1);
                _tasks[file.FileName] = task;
            }

            task.IsIndeterminate = totalBytes is null;
            task.MaxValue = totalBytes ?? 1;
            task.Value = offset;
        }

        public void Progress(DumpFile file, long bytesOnDisk, long? totalBytes)
        {
            if (_tasks.TryGetValue(file.FileName, out var task))
            {
                task.Value = bytesOnDisk;
            }
        }

        public void Waiting(string url, TimeSpan delay, string reason) =>
            console.MarkupLineInterpolated($"[yellow]Waiting {delay.TotalSeconds:0} s before trying {url} again: {reason}.[/]");

        public void Note(string message) => console.MarkupLineInterpolated($"{message}");

        public void Finished(DumpFile file, DownloadResult result)
        {
            if (result.AlreadyPresent)
            {
                console.MarkupLineInterpolated($"{file.FileName}: already downloaded and verified.");
                return;
            }

            if (_tasks.TryGetValue(file.FileName, out var task))
            {
                task.Value = task.MaxValue;
                task.StopTask();
            }
        }
    }

    /// <summary>Log lines for non-terminals: a start line, a line per interval, a verified line.</summary>
    internal sealed class PlainLog(TextWriter error, TimeSpan interval) : IDownloadObserver
    {
        private readonly Stopwatch _clock = new();
        private TimeSpan _lastLine;
        private long _startOffset;

        public void Started(DumpFile file, long offset, long? totalBytes)
        {
            _clock.Restart();
            _lastLine = TimeSpan.Zero;
            _startOffset = offset;
            var size = totalBytes is { } t ? ByteSize.Format(t) : "size unknown";
            error.WriteLine(offset == 0
                ? $"{file.FileName}: downloading ({size})"
                : $"{file.FileName}: resuming at {ByteSize.Format(offset)} of {size}");
        }

        public void Progress(DumpFile file, long bytesOnDisk, long? totalBytes)
        {
            if (_clock.Elapsed - _lastLine < interval)
            {
                return;
            }

            _lastLine = _clock.Elapsed;
            var speed = (bytesOnDisk - _startOffset) / Math.Max(0.001, _clock.Elapsed.TotalSeconds);
            var line = $"{file.FileName}: {ByteSize.Format(bytesOnDisk)}";
            if (totalBytes is { } total && total > 0)
            {
                var left = speed > 0 ? TimeSpan.FromSeconds((total - bytesOnDisk) / speed) : TimeSpan.Zero;
                line += $" of {ByteSize.Format(total)} ({100.0 * bytesOnDisk / total:0}%), {ByteSize.Format((long)speed)}/s, about {Format(left)} left";
            }
            else
            {
                line += $", {ByteSize.Format((long)speed)}/s";
            }

            error.WriteLine(line);
        }

        public void Waiting(string url, TimeSpan delay, string reason) =>
            error.WriteLine($"Waiting {delay.TotalSeconds:0} s before trying {url} again: {reason}.");

        public void Note(string message) => error.WriteLine(message);

        public void Finished(DumpFile file, DownloadResult result) =>
            error.WriteLine(result.AlreadyPresent
                ? $"{file.FileName}: already downloaded and verified."
                : $"{file.FileName}: {ByteSize.Format(result.Length)} downloaded, SHA-256 verified.");

        private static string Format(TimeSpan span) =>
            span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min" : $"{span.Seconds} s";
    }
}
