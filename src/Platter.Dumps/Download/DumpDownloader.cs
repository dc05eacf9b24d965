using System.Net;
using System.Security.Cryptography;

namespace Platter.Dumps.Download;

/// <summary>
/// Downloads dump files one at a time into a folder: to <c>NAME.part</c>, hashing SHA-256 as
/// the bytes arrive, resuming with <c>Range</c> after a dropped connection or a killed process,
/// and renaming to <c>NAME</c> only when the digest matches the CHECKSUM file. A verified file
/// gets a <c>NAME.sha256</c> marker (in <c>sha256sum</c> format) so the next run skips it
/// without re-reading gigabytes.
/// </summary>
public sealed class DumpDownloader
{
    private const int BufferSize = 1 << 20;
    private readonly DumpSource _source;

    /// <summary>Creates a downloader for files listed by <paramref name="source"/>.</summary>
    public DumpDownloader(DumpSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>
    /// Opens the partial file for writing at a given length. Tests point it at <c>/dev/full</c>
    /// to get the kernel's real "no space left on device" error.
    /// </summary>
    internal Func<string, long, FileStream> OpenPartFile { get; init; } = OpenPart;

    private DumpHttp Http => _source.Http;

    private IDownloadObserver? Observer => _source.Http.Observer;

    /// <summary>The local path of a listed file in <paramref name="directory"/>; refuses names that are not dump file names.</summary>
    public static string LocalPath(string directory, DumpFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var root = Path.GetFullPath(directory);
        var path = Path.GetFullPath(Path.Combine(root, file.FileName));
        if (!DumpNames.IsDumpFileName(file.FileName) || Path.GetDirectoryName(path) != root.TrimEnd(Path.DirectorySeparatorChar))
        {
            throw new DumpException(DumpErrorKind.UnsafeKey, $"The key '{file.Key}' does not name a dump file inside {root}; refusing to write it.", file.Key);
        }

        return path;
    }

    /// <summary>Downloads (or finds already verified) every planned file, in order, one at a time.</summary>
    public async Task<IReadOnlyList<DownloadResult>> DownloadAsync(DumpPlan plan, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Directory.CreateDirectory(directory);
        SaveChecksumFiles(plan, directory);
        var results = new List<DownloadResult>();
        foreach (var item in plan.Files)
        {
            results.Add(await DownloadAsync(item.File, item.ExpectedSha256, directory, cancellationToken));
        }

        return results;
    }

    /// <summary>
    /// Downloads one file into <paramref name="directory"/> and verifies it against
    /// <paramref name="expectedSha256"/>. Nothing appears under the final name unless it matches.
    /// </summary>
    public async Task<DownloadResult> DownloadAsync(DumpFile file, string expectedSha256, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(expectedSha256);
        var expected = expectedSha256.ToLowerInvariant();
        var finalPath = LocalPath(directory, file);
        var partPath = finalPath + ".part";
        var markerPath = finalPath + ".sha256";
        Storage(() => Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!), finalPath);

        if (File.Exists(finalPath))
        {
            return await CheckExistingAsync(file, finalPath, markerPath, expected, cancellationToken);
        }

        var url = _source.DownloadUri(file);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long have = 0;
        if (File.Exists(partPath))
        {
            if (!StartsWithGzipMagic(partPath))
            {
                Observer?.Note($"{Path.GetFileName(partPath)} does not start like a gzip file; discarding it and starting {file.FileName} over.");
                Storage(() => File.Delete(partPath), partPath);
            }
            else
            {
                Observer?.Note($"Resuming {file.FileName}: checking the {ByteSize.Format(new FileInfo(partPath).Length)} already downloaded.");
                have = await HashExistingAsync(partPath, hash, cancellationToken);
            }
        }

        long transferred = 0;
        var failures = 0;
        long? total = null;
        while (true)
        {
            using var response = await Http.GetAsync(url, have > 0 ? have : null, cancellationToken);
            var restart = false;
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The part file already holds every byte (the process died between the last
                // write and the rename), or it is longer than the file: then start over.
                var length = response.Content.Headers.ContentRange?.Length;
                if (length == have)
                {
                    total = have;
                    break;
                }

                Observer?.Note($"{file.FileName}: the server has {length?.ToString() ?? "an unknown number of"} bytes but {have} are on disk; starting over.");
                restart = true;
            }
            else if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                var range = response.Content.Headers.ContentRange;
                total = range?.Length;
                if (range?.From != have)
                {
                    Observer?.Note($"{file.FileName}: asked for bytes from {have}, the server sent from {range?.From}; starting over.");
                    restart = true;
                }
            }
            else
            {
                total = response.Content.Headers.ContentLength;
                if (have > 0)
                {
                    Observer?.Note($"{file.FileName}: the server ignored the Range request and sent the whole file; starting over.");
                    restart = true;
                }
            }

            if (restart)
            {
                have = 0;
                hash.GetHashAndReset();
                Storage(() => File.Delete(partPath), partPath);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    continue;
                }
            }

            Observer?.Started(file, have, total);
            var before = have;
            var outcome = await ReceiveAsync(response, file, url, partPath, hash, have, total, cancellationToken);
            have = outcome.Have;
            transferred += have - before;
            if (outcome.Failure is null && (total is null || have == total))
            {
                break;
            }

            // Progress resets the count: a long transfer over a flaky line may drop many times
            // and still finish; only failures that gain nothing are bounded.
            failures = have > before ? 1 : failures + 1;
            var reason = outcome.Failure ?? $"the connection closed after {have} of {total} bytes";
            await Http.WaitOrGiveUpAsync(url, failures, Http.Options.Backoff(failures), reason + $"; resuming at byte {have}", null, cancellationToken);
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != expected)
        {
            Storage(() => File.Delete(partPath), partPath);
            throw new DumpException(
                DumpErrorKind.ChecksumMismatch,
                $"{file.FileName} does not match its CHECKSUM file: expected SHA-256 {expected}, got {actual} ({have} bytes from {url}). " +
                "The download was discarded and nothing was imported. Run the command again to download it afresh; " +
                "if it fails again, the published file is damaged: wait for the next dump or choose another date with --date.",
                finalPath);
        }

        Storage(() => File.Move(partPath, finalPath), finalPath);
        WriteMarker(markerPath, file.FileName, actual);
        var result = new DownloadResult(finalPath, have, actual, transferred, false);
        Observer?.Finished(file, result);
        return result;
    }

    private async Task<(long Have, string? Failure)> ReceiveAsync(
        HttpResponseMessage response, DumpFile file, Uri url, string partPath, IncrementalHash hash, long have, long? total, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        FileStream? output = null;
        try
        {
            Stream body;
            try
            {
                body = await response.Content.ReadAsStreamAsync(cancellationToken);
            }
            catch (HttpRequestException e)
            {
                return (have, e.Message);
            }

            await using (body)
            {
                while (true)
                {
                    int read;
                    try
                    {
                        stall.CancelAfter(Http.Options.ReadTimeout);
                        read = await body.ReadAsync(buffer, stall.Token);
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException)
                    {
                        return (have, $"the transfer broke off after {have} bytes ({e.Message})");
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        return (have, $"no data for {Http.Options.ReadTimeout.TotalSeconds:0.#} s after {have} bytes");
                    }

                    if (read == 0)
                    {
                        return (have, null);
                    }

                    // The site answers unknown URLs with its HTML index and status 200; a dump
                    // always starts with the gzip magic, so check before the first byte is kept.
                    if (have == 0 && (buffer[0] != 0x1F || (read > 1 && buffer[1] != 0x8B)))
                    {
                        throw new DumpException(
                            DumpErrorKind.UnexpectedContent,
                            $"{url} did not return a gzip file for {file.FileName}; it starts with \"{Excerpt.Of(buffer.AsSpan(0, read))}\" " +
                            "(an HTML page or error message). Nothing was saved. Check --source / PLATTER_SOURCE, or try again later.",
                            url.ToString());
                    }

                    try
                    {
                        // Opened only once good bytes arrive, so a refused response leaves no empty .part behind.
                        output ??= OpenPartFile(partPath, have);
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    }
                    catch (IOException e)
                    {
                        throw StorageError(partPath, e);
                    }

                    hash.AppendData(buffer, 0, read);
                    have += read;
                    Observer?.Progress(file, have, total);
                }
            }
        }
        finally
        {
            if (output is not null)
            {
                await output.DisposeAsync();
            }
        }
    }

    private static FileStream OpenPart(string partPath, long have)
    {
        var output = new FileStream(partPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous);
        output.SetLength(have);
        output.Position = have;
        return output;
    }

    private async Task<DownloadResult> CheckExistingAsync(DumpFile file, string finalPath, string markerPath, string expected, CancellationToken cancellationToken)
    {
        var length = new FileInfo(finalPath).Length;
        // A file written after its marker (edited, truncated, copied over) is checked again.
        if (ReadMarker(markerPath) == expected && File.GetLastWriteTimeUtc(finalPath) <= File.GetLastWriteTimeUtc(markerPath))
        {
            var known = new DownloadResult(finalPath, length, expected, 0, true);
            Observer?.Finished(file, known);
            return known;
        }

        // No marker (copied in by hand, or the process died between rename and marker): hash it once.
        Observer?.Note($"{file.FileName} is present without a verification record; checking its SHA-256.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await HashExistingAsync(finalPath, hash, cancellationToken);
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != expected)
        {
            throw new DumpException(
                DumpErrorKind.ChecksumMismatch,
                $"{finalPath} is already there but does not match its CHECKSUM file: expected SHA-256 {expected}, got {actual}. " +
                "It was left untouched and not imported. Delete it and run the command again to download it afresh.",
                finalPath);
        }

        WriteMarker(markerPath, file.FileName, actual);
        var result = new DownloadResult(finalPath, length, actual, 0, true);
        Observer?.Finished(file, result);
        return result;
    }

    private static void SaveChecksumFiles(DumpPlan plan, string directory)
    {
        // Kept beside the data so that 'sha256sum -c' works on the folder without Platter.
        foreach (var checksum in plan.Files.Select(f => f.Checksum).DistinctBy(c => c.Key))
        {
            var path = LocalPath(directory, checksum);
            var parsed = plan.Checksums[checksum.Key];
            var text = string.Concat(parsed.Digests.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Value}  {d.Key}\n"));
            Storage(() => File.WriteAllText(path, text), path);
        }
    }

    private static async Task<long> HashExistingAsync(string path, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        return total;
    }

    private static bool StartsWithGzipMagic(string path)
    {
        Span<byte> head = stackalloc byte[2];
        using var input = File.OpenRead(path);
        return input.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == 0x1F && head[1] == 0x8B;
    }

    private static string? ReadMarker(string markerPath)
    {
        if (!File.Exists(markerPath))
        {
            return null;
        }

        var line = File.ReadAllText(markerPath).Trim();
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space == 64 ? line[..64].ToLowerInvariant() : null;
    }

    private static void WriteMarker(string markerPath, string fileName, string sha256) =>
        Storage(() => File.WriteAllText(markerPath, $"{sha256}  {fileName}\n"), markerPath);

    private static void Storage(Action action, string path)
    {
        try
        {
            action();
        }
        catch (IOException e)
        {
            throw StorageError(path, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DumpException(DumpErrorKind.Storage, $"Cannot write {path}: {e.Message} Choose a folder you can write to with --dir or PLATTER_DUMPS_DIR.", path, e);
        }
    }

    private static DumpException StorageError(string path, IOException e) => new(
        DumpErrorKind.Storage,
        $"Cannot write {path}: {e.Message} If the disk is full, free space (the releases file alone is about 10.4 GB) " +
        "or choose another folder with --dir; the next run resumes from the partial file.",
        path,
        e);
}
