using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Platter.Testing;

/// <summary>How the fake site lists its files.</summary>
public enum FakeListingMode
{
    /// <summary>Like data.discogs.com today: HTML root page, <c>?prefix=</c> year pages, <c>?download=</c> files.</summary>
    Html,

    /// <summary>Like the legacy S3 bucket: <c>ListBucketResult</c> with <c>marker=</c> paging, files at plain paths.</summary>
    S3,
}

/// <summary>Faults the fake site injects for one file.</summary>
public sealed class FileFault
{
    /// <summary>Abort the connection after sending this many body bytes ...</summary>
    public long? DropAfterBytes { get; set; }

    /// <summary>... this many times.</summary>
    public int DropTimes { get; set; } = 1;

    /// <summary>Stop sending (keep the connection open, send nothing) after this many body bytes ...</summary>
    public long? StallAfterBytes { get; set; }

    /// <summary>... this many times.</summary>
    public int StallTimes { get; set; } = 1;

    /// <summary>Answer every request with 200 and the whole file, whatever the Range header says.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Answer with this status (503, 429, 500 ...) ...</summary>
    public int? Status { get; set; }

    /// <summary>... this many times ...</summary>
    public int StatusTimes { get; set; } = 1;

    /// <summary>... with this Retry-After value (seconds), if any.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Serve an HTML error page with status 200 instead of the file.</summary>
    public bool ServeHtml { get; set; }

    /// <summary>Answer 404.</summary>
    public bool NotFound { get; set; }

    /// <summary>Publish a wrong digest for this file in its CHECKSUM file.</summary>
    public bool WrongChecksum { get; set; }
}

/// <summary>
/// A local stand-in for data.discogs.com on real Kestrel (127.0.0.1, free port). It serves the
/// real listing fixtures verbatim, or builds listings in the real formats from the files it is
/// given (with CHECKSUM files computed from their bytes), honours Range like the real site,
/// injects faults on demand and counts what it sent.
/// </summary>
public sealed class FakeDumpServer : IAsyncDisposable
{
    private const string Header =
        "<!DOCTYPE html>\n<html>\n<body>\n<pre>\nLast Modified                   Size           Name\n" +
        "-----------------------------------------------------------------------------------------------\n";

    private const string Footer = "</pre>\n</body>\n</html>\n";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (byte[] Content, DateTime Modified)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FileFault> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _rawPages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _bytesSent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _fileRequests = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentDictionary<string, int> _userAgents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _datesWithoutChecksum = new(StringComparer.Ordinal);

    private FakeDumpServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The site root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>How listings are served.</summary>
    public FakeListingMode Mode { get; set; } = FakeListingMode.Html;

    /// <summary>Keys per S3 listing page (S3 itself uses 1000).</summary>
    public int S3PageSize { get; set; } = 1000;

    /// <summary>Write CHECKSUM lines as <c>hash *name</c> (binary mode) instead of <c>hash  name</c>.</summary>
    public bool BinaryChecksumStyle { get; set; }

    /// <summary>Every request as <c>METHOD path?query [Range]</c>, in order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    /// <summary>The distinct User-Agent headers received (empty string when one was missing).</summary>
    public IReadOnlyCollection<string> UserAgents => _userAgents.Keys.ToList();

    /// <summary>Starts the server on a free port.</summary>
    public static async Task<FakeDumpServer> StartAsync()
    {
        var app = LoopbackServer.Build();
        var server = new FakeDumpServer(app);
        server.Root = await LoopbackServer.StartAsync(app, server.HandleAsync);
        return server;
    }

    /// <summary>Adds a file under <paramref name="key"/> (<c>data/2020/discogs_20200806_labels.xml.gz</c>).</summary>
    public void AddFile(string key, byte[] content, DateTime? modified = null) =>
        _files[key] = (content, modified ?? new DateTime(2020, 8, 10, 12, 0, 0, DateTimeKind.Utc));

    /// <summary>Adds the bundled 2020-08-06 sample files (all four entities) under <c>data/2020/</c>.</summary>
    public void AddSample2020(params string[] entities)
    {
        foreach (var entity in entities.Length == 0 ? ["artists", "labels", "masters", "releases"] : entities)
        {
            var name = $"discogs_20200806_{entity}.xml.gz";
            AddFile("data/2020/" + name, File.ReadAllBytes(Path.Combine(Fixtures.Sample2020, name)));
        }
    }

    /// <summary>
    /// Serves <paramref name="body"/> verbatim for the HTML year page <paramref name="prefix"/>
    /// (<c>data/2026/</c>), or for the root when <paramref name="prefix"/> is null.
    /// </summary>
    public void AddRawPage(string? prefix, string body) => _rawPages[prefix ?? ""] = body;

    /// <summary>Leaves the CHECKSUM file of <paramref name="dateToken"/> unpublished (still uploading).</summary>
    public void WithoutChecksum(string dateToken) => _datesWithoutChecksum.Add(dateToken);

    /// <summary>Sets the faults of the file named <paramref name="fileName"/>.</summary>
    public FileFault Fault(string fileName) => _faults.GetOrAdd(fileName, _ => new FileFault());

    /// <summary>Body bytes sent for the file named <paramref name="fileName"/>.</summary>
    public long BytesSent(string fileName) => _bytesSent.GetValueOrDefault(fileName);

    /// <summary>Requests for the file named <paramref name="fileName"/> (data or CHECKSUM).</summary>
    public int FileRequests(string fileName) => _fileRequests.GetValueOrDefault(fileName);

    /// <summary>The CHECKSUM text the site publishes for a date, computed from the files' bytes.</summary>
    public string ChecksumText(string dateToken)
    {
        var text = new StringBuilder();
        foreach (var (key, file) in _files.Where(f => NameOf(f.Key).StartsWith($"discogs_{dateToken}_", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var name = NameOf(key);
            var digest = Convert.ToHexStringLower(SHA256.HashData(file.Content));
            if (_faults.TryGetValue(name, out var fault) && fault.WrongChecksum)
            {
                digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("not " + name)));
            }

            text.Append(digest).Append(BinaryChecksumStyle ? " *" : "  ").Append(name).Append('\n');
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string NameOf(string key) => key[(key.LastIndexOf('/') + 1)..];

    // Every object the site lists: the data files plus one CHECKSUM file per date.
    private SortedDictionary<string, (byte[] Content, DateTime Modified)> Objects()
    {
        var all = new SortedDictionary<string, (byte[], DateTime)>(_files, StringComparer.Ordinal);
        foreach (var group in _files.Where(f => NameOf(f.Key).StartsWith("discogs_", StringComparison.Ordinal)).GroupBy(f => NameOf(f.Key).Substring(8, 8)))
        {
            var key = $"data/{group.Key[..4]}/discogs_{group.Key}_CHECKSUM.txt";
            if (!_datesWithoutChecksum.Contains(group.Key) && !all.ContainsKey(key))
            {
                all[key] = (Encoding.ASCII.GetBytes(ChecksumText(group.Key)), group.Max(f => f.Value.Modified).AddMinutes(1));
            }
        }

        return all;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue($"{request.Method} {request.Path}{request.QueryString} {request.Headers.Range}".TrimEnd());
        _userAgents.AddOrUpdate(request.Headers.UserAgent.ToString(), 1, (_, n) => n + 1);
        if (Mode == FakeListingMode.S3)
        {
            if (request.Path == "/")
            {
                await WriteTextAsync(context, 200, "application/xml", _rawPages.TryGetValue("", out var raw) ? raw : S3Page(request.Query["marker"].ToString()));
                return;
            }

            await ServeFileAsync(context, Uri.UnescapeDataString(request.Path.Value!.TrimStart('/')));
            return;
        }

        if (request.Query.TryGetValue("download", out var download))
        {
            await ServeFileAsync(context, download.ToString());
            return;
        }

        var prefix = request.Query.TryGetValue("prefix", out var p) ? p.ToString() : "";
        if (_rawPages.TryGetValue(prefix, out var page))
        {
            await WriteTextAsync(context, 200, "text/html", page);
            return;
        }

        // Like the real site: anything that is not ?download= (a plain path, the root, a year) gets an index page with 200.
        await WriteTextAsync(context, 200, "text/html", prefix.Length > 0 && prefix != "data/" ? YearPage(prefix) : RootPage());
    }

    private string RootPage()
    {
        var html = new StringBuilder(Header);
        foreach (var year in Objects().Keys.Where(k => k.StartsWith("data/", StringComparison.Ordinal)).Select(k => k.Split('/')[1]).Distinct().Order(StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"{"",-32}{"-",-15}<a href=\"?prefix={Uri.EscapeDataString($"data/{year}/")}\">{year}/</a>\n");
        }

        return html.Append(Footer).ToString();
    }

    private string YearPage(string prefix)
    {
        var html = new StringBuilder(Header);
        html.Append(CultureInfo.InvariantCulture, $"{"",-47}<a href=\"?prefix=data%2F\">../</a>\n");
        foreach (var (key, file) in Objects().Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var stamp = file.Modified.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture, $"{stamp,-32}{DisplaySize(file.Content.Length),-15}<a href=\"?download={Uri.EscapeDataString(key)}\">{NameOf(key)}</a>\n");
        }

        return html.Append(Footer).ToString();
    }

    private string S3Page(string marker)
    {
        var keys = Objects().Where(o => string.CompareOrdinal(o.Key, marker) > 0).ToList();
        var page = keys.Take(S3PageSize).ToList();
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\n");
        foreach (var (key, file) in page)
        {
            xml.Append(CultureInfo.InvariantCulture, $"  <Contents>\n    <ETag>&quot;{Convert.ToHexStringLower(SHA256.HashData(file.Content))[..32]}-1&quot;</ETag>\n    <Key>{key}</Key>\n")
                .Append(CultureInfo.InvariantCulture, $"    <LastModified>{file.Modified:yyyy-MM-ddTHH:mm:ss.fffZ}</LastModified>\n    <Size>{file.Content.Length}</Size>\n    <StorageClass>STANDARD</StorageClass>\n  </Contents>\n");
        }

        xml.Append(CultureInfo.InvariantCulture, $"  <IsTruncated>{(keys.Count > page.Count ? "true" : "false")}</IsTruncated>\n  <Marker>{marker}</Marker>\n  <MaxKeys>{S3PageSize}</MaxKeys>\n  <Name>discogs-data</Name>\n  <Prefix></Prefix>\n</ListBucketResult>\n");
        return xml.ToString();
    }

    private async Task ServeFileAsync(HttpContext context, string key)
    {
        var name = NameOf(key);
        _fileRequests.AddOrUpdate(name, 1, (_, n) => n + 1);
        var fault = _faults.GetValueOrDefault(name) ?? new FileFault();
        if (fault.NotFound || !Objects().TryGetValue(key, out var file))
        {
            await WriteTextAsync(context, 404, "text/plain", "Not Found");
            return;
        }

        if (fault.Status is { } status && fault.StatusTimes > 0)
        {
            fault.StatusTimes--;
            if (fault.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await WriteTextAsync(context, status, "text/plain", status == 429 ? "You are making requests too quickly." : "Service Unavailable");
            return;
        }

        if (fault.ServeHtml)
        {
            await WriteTextAsync(context, 200, "text/html", "<!DOCTYPE html>\n<html><head><title>Access Denied</title></head><body>Access Denied</body></html>\n");
            return;
        }

        var content = file.Content;
        long from = 0;
        var range = context.Request.Headers.Range.ToString();
        var response = context.Response;
        if (!fault.IgnoreRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            from = long.Parse(range[6..^1], CultureInfo.InvariantCulture);
            if (from >= content.Length)
            {
                response.StatusCode = 416;
                response.Headers.ContentRange = $"bytes */{content.Length}";
                return;
            }

            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {from}-{content.Length - 1}/{content.Length}";
        }

        response.ContentType = name.EndsWith(".txt", StringComparison.Ordinal) ? "text/plain" : "application/gzip";
        response.ContentLength = content.Length - from;
        response.Headers.AcceptRanges = "bytes";
        var limit = content.Length - from;
        var drop = fault.DropAfterBytes is not null && fault.DropTimes > 0;
        if (drop)
        {
            fault.DropTimes--;
            limit = Math.Min(limit, fault.DropAfterBytes!.Value);
        }

        var stall = !drop && fault.StallAfterBytes is not null && fault.StallTimes > 0;
        if (stall)
        {
            fault.StallTimes--;
            limit = Math.Min(limit, fault.StallAfterBytes!.Value);
        }

        for (var offset = 0L; offset < limit;)
        {
            var count = (int)Math.Min(16 * 1024, limit - offset);
            await response.Body.WriteAsync(content.AsMemory((int)(from + offset), count), context.RequestAborted);
            _bytesSent.AddOrUpdate(name, count, (_, n) => n + count);
            offset += count;
        }

        if (stall)
        {
            // A stalled transfer: the connection stays open and silent until the client gives up.
            await response.Body.FlushAsync(context.RequestAborted);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (drop)
        {
            // Give the client a moment to read what was sent: an abort resets the connection, and
            // a reset makes the client's kernel discard bytes it has not read yet.
            await response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(100);
            context.Abort();
        }
    }

    private static async Task WriteTextAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType + "; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    // Written out here rather than borrowed from Platter.Dumps: the fake is the oracle the
    // listing parser is tested against, and a shared bug would pass unseen.
    private static string DisplaySize(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
