using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Platter.Web;

/// <summary>
/// The collection's JSON answers kept between requests while the database is unchanged: they are
/// made from what the last sync stored, so until the next write (a sync, a derivation) the same
/// request gets the same bytes. Under eight connections at once the dashboard answered at a p50
/// of 88 ms and the network at 105 ms, most of it computing and serialising the same answer again.
/// The key is the path, the query and the day (the discoveries draw once a day); the stamp is the
/// database file's and its write-ahead log's last write times and sizes, and, when the catalog is
/// on PostgreSQL (release pages and discoveries read it), the catalog's newest import run, looked up at
/// most once per <see cref="SiteOptions.IndexCheckInterval"/>. The sync's own endpoints and
/// anything but a 200 are never kept.
/// </summary>
internal sealed class CollectionResponseCache(SiteOptions options)
{
    private const int MaxEntries = 256;
    private const int MaxBytes = 8 << 20;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(Stamp Stamp, string ContentType, byte[] Body);

    private readonly record struct Stamp(DateTime Db, long DbSize, DateTime Wal, long WalSize, string? Catalog);

    private readonly Lock _catalogGate = new();
    private string? _catalogState;
    private long? _catalogCheckedAt;

    /// <summary>The middleware: answers from the cache when it can, else keeps what the endpoint wrote.</summary>
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path;
        if (!HttpMethods.IsGet(context.Request.Method) || !path.StartsWithSegments("/api/collection") || path.StartsWithSegments("/api/collection/sync")
            || Current() is not { } stamp)
        {
            await next();
            return;
        }

        var key = $"{DateTime.UtcNow:yyyy-MM-dd} {path}{context.Request.QueryString}";
        if (_entries.TryGetValue(key, out var hit) && hit.Stamp == stamp)
        {
            context.Response.ContentType = hit.ContentType;
            context.Response.ContentLength = hit.Body.Length;
            context.Response.Headers["X-Platter-Cache"] = "hit";
            await context.Response.Body.WriteAsync(hit.Body, context.RequestAborted);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next();
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = buffer.ToArray();
        if (context.Response.StatusCode == StatusCodes.Status200OK && body.Length <= MaxBytes && Current() == stamp)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[key] = new Entry(stamp, context.Response.ContentType ?? "application/json", body);
        }

        await original.WriteAsync(body, context.RequestAborted);
    }

    private Stamp? Current()
    {
        var db = new FileInfo(options.DatabasePath);
        if (!db.Exists)
        {
            return null;
        }

        var wal = new FileInfo(options.DatabasePath + "-wal");
        return new Stamp(db.LastWriteTimeUtc, db.Length, wal.Exists ? wal.LastWriteTimeUtc : default, wal.Exists ? wal.Length : 0, CatalogState());
    }

    /// <summary>The other catalog's import state (null when the catalog is the file itself), at most one look per interval.</summary>
    private string? CatalogState()
    {
        if (options.Catalog is not { } catalog || catalog == options.DatabasePath)
        {
            return null;
        }

        var now = Environment.TickCount64;
        lock (_catalogGate)
        {
            if (_catalogCheckedAt is { } checkedAt && now - checkedAt < (long)options.IndexCheckInterval.TotalMilliseconds)
            {
                return _catalogState;
            }

            _catalogCheckedAt = now;
        }

        try
        {
            using var reader = Platter.Storage.CatalogStore.Read(catalog);
            var state = "0";
            if (reader.HasTable("import_run"))
            {
                using var r = reader.Query("SELECT coalesce(max(id), 0) FROM import_run");
                state = r.Read() ? Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)! : "0";
            }

            lock (_catalogGate)
            {
                _catalogState = state;
            }

            return state;
        }
        catch (Exception e) when (e is Platter.Storage.StorageException or System.Data.Common.DbException)
        {
            // The server cannot be reached: the answers kept are as good as any made now.
            return _catalogState;
        }
    }
}
