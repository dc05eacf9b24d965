namespace Platter.Dumps.Download;

/// <summary>Hears what the dump client does, to draw progress bars or write log lines.</summary>
public interface IDownloadObserver
{
    /// <summary>A file transfer starts or resumes at <paramref name="offset"/>; <paramref name="totalBytes"/> when known.</summary>
    void Started(DumpFile file, long offset, long? totalBytes);

    /// <summary>Bytes have been written; called often, throttle in the observer.</summary>
    void Progress(DumpFile file, long bytesOnDisk, long? totalBytes);

    /// <summary>The client waits before trying <paramref name="url"/> again, and why.</summary>
    void Waiting(string url, TimeSpan delay, string reason);

    /// <summary>Something worth telling the user that is not an error (a partial file started over, a file skipped).</summary>
    void Note(string message);

    /// <summary>A file is complete and verified (downloaded now or already present).</summary>
    void Finished(DumpFile file, DownloadResult result);
}

/// <summary>The outcome of one file.</summary>
/// <param name="Path">The verified file under its final name.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex, equal to the published one.</param>
/// <param name="BytesTransferred">Bytes received in this run (0 when it was already present).</param>
/// <param name="AlreadyPresent">True when the file was found verified and not downloaded again.</param>
public sealed record DownloadResult(string Path, long Length, string Sha256, long BytesTransferred, bool AlreadyPresent);
