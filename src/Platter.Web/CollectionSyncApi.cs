using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platter.Api;
using Platter.Collection;

namespace Platter.Web;

/// <summary>Where the site's collection sync is; the events of <c>/api/collection/sync/events</c> carry it whole.</summary>
/// <param name="Seq">Increases with every change, so a page can tell a new state from one it has seen.</param>
/// <param name="Status"><c>idle</c> (none since the site started), <c>running</c>, <c>done</c> or <c>failed</c>.</param>
/// <param name="Step">The step of the last progress report (folders, collection, wantlist, value, releases, masters, artists).</param>
/// <param name="Done">Pages (or records) of the step done.</param>
/// <param name="Total">Pages (or records) of the step.</param>
/// <param name="Calls">API calls the sync made.</param>
/// <param name="CallsLeft">API calls it still expects to make.</param>
/// <param name="RateLimitLeft">Calls left in the rate limit's current minute.</param>
/// <param name="RateLimit">Calls a minute the rate limit allows.</param>
/// <param name="MinutesLeft">Minutes the calls left need beyond this minute at the limit, or null when they fit.</param>
/// <param name="Line">The progress as <c>platter collection sync</c> words it.</param>
/// <param name="Error">Why the sync stopped, as the CLI words it.</param>
/// <param name="Report">What the sync changed, one line per part, as the CLI prints it.</param>
/// <param name="Items">Collection items stored at the end.</param>
/// <param name="StartedAt">When the sync started.</param>
/// <param name="FinishedAt">When it ended.</param>
public sealed record SyncState(
    long Seq,
    string Status,
    string? Step,
    int Done,
    int Total,
    int Calls,
    int CallsLeft,
    int RateLimitLeft,
    int RateLimit,
    int? MinutesLeft,
    string? Line,
    string? Error,
    IReadOnlyList<string>? Report,
    int? Items,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary><c>POST /api/collection/sync</c> starts a sync (one at a time); <c>GET /api/collection/sync</c> and its <c>/events</c> stream say where it is.</summary>
public static class CollectionSyncApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapCollectionSyncApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/collection/sync").WithTags("Collection sync");
        api.MapPost("", Start).RequireAntiforgery().WithSummary("Starts `collection sync` (with the records behind the items and the derivations) in the background; 409 while one runs.");
        api.MapGet("", (SyncRunner runner) => TypedResults.Ok(runner.Current)).WithSummary("Where the sync is.");
        api.MapGet("/events", Events).WithSummary("Server-sent events: the sync's state now, then at every change until the client leaves.");
        return app;
    }

    private static Results<Accepted<SyncState>, ProblemHttpResult> Start(SyncRunner runner)
    {
        var (state, refusal, status) = runner.Start();
        return refusal is null
            ? TypedResults.Accepted("/api/collection/sync", state)
            : TypedResults.Problem(refusal, statusCode: status, title: status == StatusCodes.Status409Conflict ? "A sync is already running" : "Cannot sync");
    }

    private static ServerSentEventsResult<SyncState> Events(HttpContext http, SyncRunner runner, IHostApplicationLifetime lifetime)
    {
        http.Response.Headers.CacheControl = "no-store";

        // Open streams end when the site stops, or stopping would wait for every open page.
        var ct = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.RegisterForDispose(ct);
        return TypedResults.ServerSentEvents(runner.Watch(ct.Token), "state");
    }
}

/// <summary>
/// Runs the site's collection sync, one at a time, and keeps its latest state so that a page
/// opened (or reloaded) mid-sync picks it up. Each watcher gets every state from the one current
/// when it subscribed.
/// </summary>
public sealed class SyncRunner : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Channel<SyncState>> _watchers = [];
    private readonly DiscogsAccess _access;
    private readonly SiteOptions _options;
    private readonly ILogger<SyncRunner> _log;
    private readonly CancellationTokenSource _stopping = new();
    private SyncState _state = new(0, "idle", null, 0, 0, 0, 0, 0, 0, null, null, null, null, null, null, null);
    private Task _running = Task.CompletedTask;

    /// <summary>Creates the runner.</summary>
    public SyncRunner(DiscogsAccess access, SiteOptions options, ILogger<SyncRunner> log)
    {
        _access = access;
        _options = options;
        _log = log;
    }

    /// <summary>The state now.</summary>
    public SyncState Current
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Starts a sync unless one runs or nobody is signed in; the refusal says why, with its HTTP status.</summary>
    public (SyncState State, string? Refusal, int Status) Start()
    {
        DiscogsCredentials? credentials;
        string? user;
        try
        {
            credentials = _access.Stored();
            user = _access.Secrets?.Username();
        }
        catch (SecretsFileException e)
        {
            return (Current, e.Message, StatusCodes.Status400BadRequest);
        }

        lock (_lock)
        {
            if (_state.Status == "running")
            {
                return (_state, $"A collection sync is already running (started {_state.StartedAt:HH:mm:ss} UTC); its progress is shown on the page.", StatusCodes.Status409Conflict);
            }

            if (credentials is null)
            {
                return (_state, "Not signed in. Sign in with Discogs (or a personal token) above, then start the sync again.", StatusCodes.Status400BadRequest);
            }

            Publish(new SyncState(0, "running", null, 0, 0, 0, 0, 0, 0, null, "signing in", null, null, null, DateTimeOffset.UtcNow, null));
            var started = _state;
            _running = Task.Run(() => RunAsync(credentials, user, _stopping.Token));
            return (started, null, StatusCodes.Status202Accepted);
        }
    }

    /// <summary>The state now, then every change, until <paramref name="cancellationToken"/> ends the watch.</summary>
    public async IAsyncEnumerable<SyncState> Watch([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<SyncState>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            channel.Writer.TryWrite(_state);
            _watchers.Add(channel);
        }

        try
        {
            while (true)
            {
                SyncState next;
                try
                {
                    next = await channel.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                yield return next;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(channel);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopping mid-sync: what was stored is kept, and the next sync continues it.
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(DiscogsCredentials credentials, string? user, CancellationToken ct)
    {
        try
        {
            using var client = _access.Client(credentials);
            var progress = new Reporter(p => Update(s => s with
            {
                Step = p.Step,
                Done = p.Done,
                Total = p.Total,
                Calls = p.Calls,
                CallsLeft = p.CallsLeft,
                RateLimitLeft = client.RateLimitAvailable,
                RateLimit = client.RateLimit,
                MinutesLeft = SyncText.MinutesLeft(p, client.RateLimitAvailable, client.RateLimit),
                Line = SyncText.Line(p, client.RateLimitAvailable, client.RateLimit),
            }));
            var report = await new CollectionSync(client, _options.DatabasePath) { WithRecords = true, Catalog = _options.Catalog == _options.DatabasePath ? null : _options.Catalog }.RunAsync(user, progress, ct);
            Update(s => s with { Status = "done", Calls = report.Calls, CallsLeft = 0, MinutesLeft = null, Report = SyncText.Lines(report, _options.DatabasePath), Items = report.Items, FinishedAt = DateTimeOffset.UtcNow });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Update(s => s with { Status = "failed", Error = "The site stopped during the sync. What was stored is kept; the next sync continues where this one stopped.", FinishedAt = DateTimeOffset.UtcNow });
        }
        catch (Exception e) when (e is CollectionSyncException or DiscogsApiException)
        {
            _log.LogWarning("Collection sync failed: {Message}", e.Message);
            Update(s => s with { Status = "failed", Error = e.Message, FinishedAt = DateTimeOffset.UtcNow });
        }
#pragma warning disable CA1031 // The sync runs in the background: whatever fails must reach the page, not vanish with the task.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.LogError(e, "Collection sync failed unexpectedly");
            Update(s => s with { Status = "failed", Error = "The sync stopped unexpectedly: " + e.Message + " The details are in the site's log.", FinishedAt = DateTimeOffset.UtcNow });
        }
    }

    private void Update(Func<SyncState, SyncState> change)
    {
        lock (_lock)
        {
            Publish(change(_state));
        }
    }

    // Under the lock: every watcher sees the states in order.
    private void Publish(SyncState state)
    {
        _state = state with { Seq = _state.Seq + 1 };
        foreach (var w in _watchers)
        {
            w.Writer.TryWrite(_state);
        }
    }

    /// <summary>Reports on the calling thread (unlike Progress&lt;T&gt;), so that states keep their order.</summary>
    private sealed class Reporter(Action<SyncProgress> write) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => write(value);
    }
}
