using System.Net;
using System.Net.Http.Headers;

namespace Platter.Dumps.Download;

/// <summary>
/// The one place where requests are sent and status codes become retries or errors:
/// 429/503 wait for <c>Retry-After</c> (capped), other 5xx and time-outs back off exponentially
/// with jitter, a bounded number of times.
/// </summary>
internal sealed class DumpHttp
{
    private readonly HttpClient _http;

    public DumpHttp(HttpClient http, DumpClientOptions options, IDownloadObserver? observer)
    {
        _http = http;
        Options = options;
        Observer = observer;
    }

    public DumpClientOptions Options { get; }

    public IDownloadObserver? Observer { get; }

    /// <summary>
    /// Sends a GET and returns the response once its headers arrived with a status that is not
    /// retryable. 404/403 and other client errors become <see cref="DumpException"/>s; 206, 200
    /// and 416 are returned to the caller.
    /// </summary>
    public async Task<HttpResponseMessage> GetAsync(Uri url, long? rangeFrom, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;
            string reason;
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.ParseAdd(Options.UserAgent);
            if (rangeFrom is { } from)
            {
                request.Headers.Range = new RangeHeaderValue(from, null);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.RequestTimeout);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (HttpRequestException e)
            {
                reason = $"connection failed ({e.Message})";
                delay = Options.Backoff(attempt);
                await WaitOrGiveUpAsync(url, attempt, delay, reason, e, cancellationToken);
                continue;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                reason = $"no response within {Options.RequestTimeout.TotalSeconds:0} s";
                delay = Options.Backoff(attempt);
                await WaitOrGiveUpAsync(url, attempt, delay, reason, e, cancellationToken);
                continue;
            }

            var status = (int)response.StatusCode;
            if (status is 429 or 503)
            {
                var asked = RetryAfter(response);
                delay = asked is { } a ? (a > Options.MaxRetryAfter ? Options.MaxRetryAfter : a) : Options.Backoff(attempt);
                reason = asked is { } b
                    ? $"HTTP {status}, Retry-After {b.TotalSeconds:0} s" + (b > Options.MaxRetryAfter ? $" (capped at {Options.MaxRetryAfter.TotalSeconds:0} s)" : "")
                    : $"HTTP {status}";
            }
            else if (status >= 500)
            {
                delay = Options.Backoff(attempt);
                reason = $"HTTP {status} {response.ReasonPhrase}";
            }
            else
            {
                if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    return response;
                }

                using (response)
                {
                    throw Refused(url, response.StatusCode, response.ReasonPhrase);
                }
            }

            response.Dispose();
            await WaitOrGiveUpAsync(url, attempt, delay, reason, null, cancellationToken);
        }
    }

    /// <summary>Fetches a small text document (a listing page or CHECKSUM file) with the same retries.</summary>
    public async Task<string> GetTextAsync(Uri url, CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            using var response = await GetAsync(url, null, cancellationToken);
            try
            {
                return await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (HttpRequestException e)
            {
                await WaitOrGiveUpAsync(url, failures, Options.Backoff(failures), $"transfer failed ({e.Message})", e, cancellationToken);
            }
        }
    }

    /// <summary>Waits before the next attempt, or throws when the attempts are used up.</summary>
    public async Task WaitOrGiveUpAsync(Uri url, int failures, TimeSpan delay, string reason, Exception? inner, CancellationToken cancellationToken)
    {
        if (failures >= Options.MaxAttempts)
        {
            throw new DumpException(
                DumpErrorKind.Unavailable,
                $"{url} failed {failures} times in a row (last: {reason}). The site may be down or throttling this address; " +
                "run the same command again later, downloads resume where they stopped.",
                url.ToString(),
                inner);
        }

        Observer?.Waiting(url.ToString(), delay, reason);
        await Options.Delay(delay, cancellationToken);
    }

    private static DumpException Refused(Uri url, HttpStatusCode status, string? reasonPhrase) => status switch
    {
        HttpStatusCode.NotFound => new DumpException(
            DumpErrorKind.NotFound,
            $"{url} answered 404 Not Found. The file or listing is not at the source (any more); run 'platter dumps list' to see what is there.",
            url.ToString()),
        HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => new DumpException(
            DumpErrorKind.AccessDenied,
            $"{url} answered {(int)status} {reasonPhrase} (access denied). The source does not allow this request; check --source / PLATTER_SOURCE.",
            url.ToString()),
        _ => new DumpException(DumpErrorKind.Other, $"{url} answered {(int)status} {reasonPhrase}.", url.ToString()),
    };

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
