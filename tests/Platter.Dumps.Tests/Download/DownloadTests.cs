using System.Security.Cryptography;
using Platter.Dumps.Download;
using Platter.Testing;
using Xunit.Abstractions;

namespace Platter.Dumps.Tests.Download;

/// <summary>Real downloads from the local fake site into real folders, with faults injected.</summary>
public sealed class DownloadTests : IAsyncLifetime, IDisposable
{
    private const string Releases = "discogs_20200806_releases.xml.gz";
    private const string Labels = "discogs_20200806_labels.xml.gz";
    private readonly RecordingObserver _observer = new();
    private readonly string _dir = Fixtures.NewTempDir("platter-download");
    private readonly ITestOutputHelper _output;
    private FakeDumpServer _server = null!;

    public DownloadTests(ITestOutputHelper output) => _output = output;
    private readonly HttpClient _http = new();

    private static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(Fixtures.Sample2020, name));

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public async Task InitializeAsync()
    {
        _server = await FakeDumpServer.StartAsync();
        _server.AddSample2020();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    public void Dispose() => _http.Dispose();

    private DumpSource Source(int maxAttempts = 6, TimeSpan? readTimeout = null) =>
        new(_http, _server.Root, _observer.Options(maxAttempts) with { ReadTimeout = readTimeout ?? TimeSpan.FromSeconds(60) }, _observer);

    private async Task<IReadOnlyList<DownloadResult>> DownloadLatestAsync(
        IReadOnlyList<string> entities,
        int maxAttempts = 6,
        TimeSpan? readTimeout = null,
        Func<DumpSource, DumpDownloader>? downloader = null,
        CancellationToken cancellationToken = default)
    {
        var source = Source(maxAttempts, readTimeout);
        var listing = await source.ListAsync(null, cancellationToken);
        var plan = await DumpDiscovery.PlanAsync(listing.Files, entities, null, source.GetChecksumAsync, cancellationToken);
        return await (downloader?.Invoke(source) ?? new DumpDownloader(source)).DownloadAsync(plan, _dir, cancellationToken);
    }

    [Fact]
    public async Task The_four_sample_files_arrive_byte_identical_with_markers_and_the_checksum_file()
    {
        var results = await DownloadLatestAsync(DumpNames.Entities);

        foreach (var entity in DumpNames.Entities)
        {
            var name = $"discogs_20200806_{entity}.xml.gz";
            Assert.Equal(Sample(name), File.ReadAllBytes(Path.Combine(_dir, name)));
            Assert.Equal($"{Sha(Sample(name))}  {name}\n", File.ReadAllText(Path.Combine(_dir, name + ".sha256")));
        }

        Assert.Equal([73_294L, 54_654, 219_295, 757_043], results.Select(r => r.BytesTransferred));
        Assert.Equal(_server.ChecksumText("20200806"), File.ReadAllText(Path.Combine(_dir, "discogs_20200806_CHECKSUM.txt")));
        Assert.Equal(
            ["discogs_20200806_CHECKSUM.txt", "discogs_20200806_artists.xml.gz", "discogs_20200806_artists.xml.gz.sha256", "discogs_20200806_labels.xml.gz",
             "discogs_20200806_labels.xml.gz.sha256", "discogs_20200806_masters.xml.gz", "discogs_20200806_masters.xml.gz.sha256",
             "discogs_20200806_releases.xml.gz", "discogs_20200806_releases.xml.gz.sha256"],
            Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(_server.Requests, r => Assert.StartsWith("GET /", r));
        Assert.Equal([DumpClientOptions.DefaultUserAgent], _server.UserAgents);
        Assert.Matches(@"^Platter/\d+\.\d+\.\d+ \(Discogs data dump client; one download at a time\)$", DumpClientOptions.DefaultUserAgent);
    }

    [Fact]
    public async Task A_verified_file_is_not_downloaded_again()
    {
        await DownloadLatestAsync(["labels", "releases"]);
        var requestsBefore = (_server.FileRequests(Labels), _server.FileRequests(Releases));

        var second = await DownloadLatestAsync(["labels", "releases"]);

        Assert.Equal((1, 1), requestsBefore);
        Assert.Equal((1, 1), (_server.FileRequests(Labels), _server.FileRequests(Releases)));
        Assert.All(second, r => Assert.True(r.AlreadyPresent));
        Assert.All(second, r => Assert.Equal(0, r.BytesTransferred));
    }

    [Fact]
    public async Task A_file_changed_after_it_was_verified_is_checked_again()
    {
        await DownloadLatestAsync(["labels"]);
        var path = Path.Combine(_dir, Labels);
        await File.WriteAllBytesAsync(path, Sample(Labels)[..1000]);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path + ".sha256").AddSeconds(1));

        var e = await Assert.ThrowsAsync<DumpException>(() => DownloadLatestAsync(["labels"]));

        Assert.Equal(DumpErrorKind.ChecksumMismatch, e.Kind);
        Assert.StartsWith($"{path} is already there but does not match its CHECKSUM file: expected SHA-256 {Sha(Sample(Labels))}, got {Sha(Sample(Labels)[..1000])}.", e.Message);
        Assert.Equal(1, _server.FileRequests(Labels));
    }

    [Fact]
    public async Task A_cancelled_download_keeps_its_part_file_and_the_next_run_sends_only_the_rest()
    {
        var size = Sample(Releases).Length;
        using var cancel = new CancellationTokenSource();
        _server.Fault(Releases).StallAfterBytes = 200_000;
        _observer.OnProgress = bytes =>
        {
            if (bytes >= 200_000)
            {
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DownloadLatestAsync(["releases"], cancellationToken: cancel.Token));

        var part = Path.Combine(_dir, Releases + ".part");
        Assert.Equal(200_000, new FileInfo(part).Length);
        Assert.False(File.Exists(Path.Combine(_dir, Releases)));
        _observer.OnProgress = null;

        Assert.Single(await DownloadLatestAsync(["releases"]));

        Assert.Equal(Sample(Releases), File.ReadAllBytes(Path.Combine(_dir, Releases)));
        Assert.Equal(size, _server.BytesSent(Releases));
        Assert.EndsWith("bytes=200000-", _server.Requests[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dropped_connection_resumes_with_range_and_the_file_is_byte_identical()
    {
        var size = Sample(Releases).Length;
        _server.Fault(Releases).DropAfterBytes = 300_000;
        _server.Fault(Releases).DropTimes = 2;

        var result = Assert.Single(await DownloadLatestAsync(["releases"]));

        Assert.Equal(Sample(Releases), File.ReadAllBytes(Path.Combine(_dir, Releases)));
        Assert.Equal(3, _server.FileRequests(Releases));
        Assert.Equal(3, _observer.Starts.Count);
        Assert.Equal(0, _observer.Starts[0].Offset);
        Assert.True(_observer.Starts[1].Offset > 0, "the second request resumes where the first stopped");
        Assert.Contains(_server.Requests, r => r.EndsWith($"bytes={_observer.Starts[2].Offset}-", StringComparison.Ordinal));
        Assert.True(_observer.Starts[2].Offset > _observer.Starts[1].Offset, "the third request resumes further on");

        // Each broken response sent 300,000 bytes; the last one sent only what was still missing.
        Assert.Equal(600_000 + size - _observer.Starts[2].Offset, _server.BytesSent(Releases));
        Assert.True(_server.BytesSent(Releases) < 2 * size, $"{_server.BytesSent(Releases)} bytes sent for a file of {size}");
        _output.WriteLine($"file {size} bytes; requests resumed at {_observer.Starts[1].Offset} and {_observer.Starts[2].Offset}; server sent {_server.BytesSent(Releases)} bytes in total");
        Assert.Equal(result.BytesTransferred, size);
        Assert.False(File.Exists(Path.Combine(_dir, Releases + ".part")));
    }

    [Fact]
    public async Task A_stalled_transfer_times_out_and_resumes()
    {
        var size = Sample(Releases).Length;
        _server.Fault(Releases).StallAfterBytes = 400_000;

        Assert.Single(await DownloadLatestAsync(["releases"], readTimeout: TimeSpan.FromSeconds(1)));

        Assert.Equal(Sample(Releases), File.ReadAllBytes(Path.Combine(_dir, Releases)));
        Assert.Equal([(Releases, 0L), (Releases, 400_000L)], _observer.Starts);
        Assert.Equal(size, _server.BytesSent(Releases));
        Assert.Equal("no data for 1 s after 400000 bytes; resuming at byte 400000", Assert.Single(_observer.Waits).Reason);
    }

    [Fact]
    public async Task A_part_file_left_by_a_killed_process_is_resumed_from_its_length()
    {
        var bytes = Sample(Releases);
        await File.WriteAllBytesAsync(Path.Combine(_dir, Releases + ".part"), bytes[..500_000]);

        var result = Assert.Single(await DownloadLatestAsync(["releases"]));

        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(_dir, Releases)));
        Assert.Equal(bytes.Length - 500_000, _server.BytesSent(Releases));
        Assert.Equal(bytes.Length - 500_000, result.BytesTransferred);
        Assert.Contains(_server.Requests, r => r.EndsWith("bytes=500000-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_complete_part_file_is_finished_with_a_416_and_no_body()
    {
        var bytes = Sample(Labels);
        await File.WriteAllBytesAsync(Path.Combine(_dir, Labels + ".part"), bytes);

        Assert.Single(await DownloadLatestAsync(["labels"]));

        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(_dir, Labels)));
        Assert.Equal(0, _server.BytesSent(Labels));
    }

    [Fact]
    public async Task A_part_file_that_is_not_gzip_is_never_resumed()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, Labels + ".part"), "<!DOCTYPE html>\n<html>Too many requests</html>");

        Assert.Single(await DownloadLatestAsync(["labels"]));

        Assert.Equal(Sample(Labels), File.ReadAllBytes(Path.Combine(_dir, Labels)));
        Assert.Equal(54_654, _server.BytesSent(Labels));
        Assert.DoesNotContain(_server.Requests, r => r.Contains("bytes=", StringComparison.Ordinal));
        Assert.Equal(["discogs_20200806_labels.xml.gz.part does not start like a gzip file; discarding it and starting discogs_20200806_labels.xml.gz over."], _observer.Notes);
    }

    [Fact]
    public async Task When_the_server_ignores_range_the_file_starts_over_cleanly()
    {
        var size = Sample(Releases).Length;
        _server.Fault(Releases).DropAfterBytes = 300_000;
        _server.Fault(Releases).IgnoreRange = true;

        Assert.Single(await DownloadLatestAsync(["releases"]));

        Assert.Equal(Sample(Releases), File.ReadAllBytes(Path.Combine(_dir, Releases)));
        Assert.Equal(2, _server.FileRequests(Releases));
        Assert.Equal(300_000 + size, _server.BytesSent(Releases));
        Assert.Contains("discogs_20200806_releases.xml.gz: the server ignored the Range request and sent the whole file; starting over.", _observer.Notes);
    }

    [Fact]
    public async Task A_503_with_retry_after_is_waited_out_then_the_download_succeeds()
    {
        _server.Fault(Labels).Status = 503;
        _server.Fault(Labels).StatusTimes = 2;
        _server.Fault(Labels).RetryAfterSeconds = 7;

        Assert.Single(await DownloadLatestAsync(["labels"]));

        Assert.Equal(Sample(Labels), File.ReadAllBytes(Path.Combine(_dir, Labels)));
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], _observer.Delays);
        Assert.Equal("HTTP 503, Retry-After 7 s", _observer.Waits[0].Reason);
        Assert.Equal(3, _server.FileRequests(Labels));
    }

    [Fact]
    public async Task A_throttled_checksum_file_is_waited_for_too()
    {
        _server.Fault("discogs_20200806_CHECKSUM.txt").Status = 429;
        _server.Fault("discogs_20200806_CHECKSUM.txt").RetryAfterSeconds = 30;

        Assert.Single(await DownloadLatestAsync(["labels"]));

        Assert.Equal([TimeSpan.FromSeconds(30)], _observer.Delays);
        Assert.Equal(2, _server.FileRequests("discogs_20200806_CHECKSUM.txt"));
        Assert.Equal(Sample(Labels), File.ReadAllBytes(Path.Combine(_dir, Labels)));
    }

    [Fact]
    public async Task A_429_asking_for_hours_is_capped_and_the_wait_is_announced()
    {
        _server.Fault(Labels).Status = 429;
        _server.Fault(Labels).RetryAfterSeconds = 7200;

        Assert.Single(await DownloadLatestAsync(["labels"]));

        Assert.Equal([TimeSpan.FromMinutes(10)], _observer.Delays);
        Assert.Equal("HTTP 429, Retry-After 7200 s (capped at 600 s)", _observer.Waits[0].Reason);
    }

    [Fact]
    public async Task Server_errors_back_off_exponentially_then_stop_with_a_clear_message()
    {
        _server.Fault(Labels).Status = 500;
        _server.Fault(Labels).StatusTimes = 100;

        var e = await Assert.ThrowsAsync<DumpException>(() => DownloadLatestAsync(["labels"], maxAttempts: 4));

        Assert.Equal(DumpErrorKind.Unavailable, e.Kind);
        Assert.Equal(
            $"{_server.Root}?download=data%2F2020%2F{Labels} failed 4 times in a row (last: HTTP 500 Internal Server Error). " +
            "The site may be down or throttling this address; run the same command again later, downloads resume where they stopped.",
            e.Message);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _observer.Delays);
        Assert.Equal(4, _server.FileRequests(Labels));
        Assert.False(File.Exists(Path.Combine(_dir, Labels)));
    }

    [Fact]
    public async Task A_checksum_mismatch_leaves_nothing_under_the_final_name_and_names_both_hashes()
    {
        _server.Fault(Labels).WrongChecksum = true;
        var published = _server.ChecksumText("20200806").Split('\n').Single(l => l.EndsWith(Labels, StringComparison.Ordinal))[..64];

        var e = await Assert.ThrowsAsync<DumpException>(() => DownloadLatestAsync(["labels"]));

        Assert.Equal(DumpErrorKind.ChecksumMismatch, e.Kind);
        Assert.Equal(
            $"{Labels} does not match its CHECKSUM file: expected SHA-256 {published}, got {Sha(Sample(Labels))} (54654 bytes from {_server.Root}?download=data%2F2020%2F{Labels}). " +
            "The download was discarded and nothing was imported. Run the command again to download it afresh; " +
            "if it fails again, the published file is damaged: wait for the next dump or choose another date with --date.",
            e.Message);
        Assert.Equal(["discogs_20200806_CHECKSUM.txt"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_html_page_instead_of_the_gzip_file_is_refused_and_nothing_is_kept()
    {
        _server.Fault(Labels).ServeHtml = true;

        var e = await Assert.ThrowsAsync<DumpException>(() => DownloadLatestAsync(["labels"]));

        Assert.Equal(DumpErrorKind.UnexpectedContent, e.Kind);
        Assert.StartsWith(
            $"{_server.Root}?download=data%2F2020%2F{Labels} did not return a gzip file for {Labels}; it starts with \"<!DOCTYPE html> <html><head><title>Access Denied</title></head>",
            e.Message);
        Assert.Equal(["discogs_20200806_CHECKSUM.txt"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_full_disk_stops_with_a_message_naming_the_file_and_nothing_under_the_final_name()
    {
        // /dev/full accepts the open and fails every write with ENOSPC, as a full disk does.
        var e = await Assert.ThrowsAsync<DumpException>(() => DownloadLatestAsync(
            ["labels"],
            downloader: source => new DumpDownloader(source) { OpenPartFile = (_, _) => new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1) }));

        var part = Path.Combine(_dir, Labels + ".part");
        Assert.Equal(DumpErrorKind.Storage, e.Kind);
        Assert.Equal(
            $"Cannot write {part}: No space left on device : '/dev/full' If the disk is full, free space (the releases file alone is about 10.4 GB) " +
            "or choose another folder with --dir; the next run resumes from the partial file.",
            e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, Labels)));
        Assert.Equal(1, _server.FileRequests(Labels));
    }

    [Fact]
    public async Task A_404_names_the_url()
    {
        _server.Fault(Labels).NotFound = true;

        var e = await Assert.ThrowsAsync<DumpException>(() => DownloadLatestAsync(["labels"]));

        Assert.Equal(DumpErrorKind.NotFound, e.Kind);
        Assert.Equal(
            $"{_server.Root}?download=data%2F2020%2F{Labels} answered 404 Not Found. The file or listing is not at the source (any more); run 'platter dumps list' to see what is there.",
            e.Message);
    }

    [Fact]
    public async Task A_verified_file_on_disk_that_no_longer_matches_is_left_alone_with_an_error()
    {
        await File.WriteAllBytesAsync(Path.Combine(_dir, Labels), Sample(Artists));

        var e = await Assert.ThrowsAsync<DumpException>(() => DownloadLatestAsync(["labels"]));

        Assert.Equal(DumpErrorKind.ChecksumMismatch, e.Kind);
        Assert.EndsWith("It was left untouched and not imported. Delete it and run the command again to download it afresh.", e.Message);
        Assert.Equal(0, _server.FileRequests(Labels));
    }

    [Fact]
    public async Task The_s3_listing_is_paged_with_markers_and_files_come_from_plain_paths()
    {
        _server.Mode = FakeListingMode.S3;
        _server.S3PageSize = 2;

        var listing = await Source().ListAsync(null, default);
        var results = await DownloadLatestAsync(["masters"]);

        Assert.Equal(ListingFormat.S3Bucket, listing.Format);
        Assert.Equal(
            ["data/2020/discogs_20200806_artists.xml.gz", "data/2020/discogs_20200806_labels.xml.gz", "data/2020/discogs_20200806_masters.xml.gz",
             "data/2020/discogs_20200806_releases.xml.gz", "data/2020/discogs_20200806_CHECKSUM.txt"],
            listing.Files.Select(f => f.Key));
        Assert.Equal(219_295, listing.Files[2].Size);
        Assert.Equal(
            ["GET /", "GET /?marker=data%2F2020%2Fdiscogs_20200806_artists.xml.gz", "GET /?marker=data%2F2020%2Fdiscogs_20200806_masters.xml.gz"],
            _server.Requests.Take(3));
        Assert.Contains("GET /data/2020/discogs_20200806_masters.xml.gz", _server.Requests);
        Assert.Equal(Sample("discogs_20200806_masters.xml.gz"), File.ReadAllBytes(results[0].Path));
    }

    [Fact]
    public async Task A_listing_key_that_escapes_the_folder_stops_everything_before_any_download()
    {
        _server.Mode = FakeListingMode.S3;
        _server.AddFile("data/2020/../../discogs_20200806_labels.xml.gz", Sample(Labels));

        var e = await Assert.ThrowsAsync<DumpException>(() => DownloadLatestAsync(["labels"]));

        Assert.Equal(DumpErrorKind.UnsafeKey, e.Kind);
        Assert.StartsWith($"The listing at {_server.Root} offers the key 'data/2020/../../discogs_20200806_labels.xml.gz'", e.Message);
        Assert.Empty(Directory.GetFiles(_dir));
        Assert.Equal(0, _server.FileRequests(Labels));
    }

    private const string Artists = "discogs_20200806_artists.xml.gz";
}
