using Platter.Dumps.Download;

namespace Platter.Dumps.Tests.Download;

/// <summary>Keeps what the client told the user, and the delays it asked for instead of sleeping.</summary>
internal sealed class RecordingObserver : IDownloadObserver
{
    public List<string> Notes { get; } = [];

    public List<(TimeSpan Delay, string Reason)> Waits { get; } = [];

    public List<TimeSpan> Delays { get; } = [];

    public List<(string File, long Offset)> Starts { get; } = [];

    public DumpClientOptions Options(int maxAttempts = 6) => new()
    {
        MaxAttempts = maxAttempts,
        Jitter = () => 0,
        Delay = (delay, _) =>
        {
            Delays.Add(delay);
            return Task.CompletedTask;
        },
    };

    public void Started(DumpFile file, long offset, long? totalBytes) => Starts.Add((file.FileName, offset));

    public Action<long>? OnProgress { get; set; }

    public void Progress(DumpFile file, long bytesOnDisk, long? totalBytes) => OnProgress?.Invoke(bytesOnDisk);

    public void Waiting(string url, TimeSpan delay, string reason) => Waits.Add((delay, reason));

    public void Note(string message) => Notes.Add(message);

    public void Finished(DumpFile file, DownloadResult result)
    {
    }
}
