using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Platter.Api;

/// <summary>
/// Sends requests to Discogs: the User-Agent and credentials on every request, the rate limiter
/// before it, retries after 429, 5xx and timeouts, and errors through <see cref="DiscogsErrors"/>.
/// Every sub-client goes through here, so no request can bypass the limit.
/// </summary>
internal sealed class DiscogsConnection : IDisposable
{
    private const string JsonMediaType = "application/vnd.discogs.v2.discogs+json";
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly DiscogsClientOptions _options;
    private int _requestsSent;

    public DiscogsConnection(DiscogsClientOptions options, HttpClient? http)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.UserAgent, nameof(options.UserAgent));
        if (!options.BaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"The API address must be absolute, not \"{options.BaseAddress}\".", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1, nameof(options.PageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PageSize, 100, nameof(options.PageSize));
        _options = options;
        _ownsHttp = http is null;
        // Timeouts are per attempt (options.RequestTimeout), so the client's own timeout must not cut retries short.
        _http = http ?? new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Limiter = new RateLimiter(
            options.Credentials.IsAuthenticated ? options.AuthenticatedLimit : options.AnonymousLimit,
            options.RateLimitWindow,
            options.RateLimitReserve,
            options.TimeProvider);
    }

    public DiscogsClientOptions Options => _options;

    public RateLimiter Limiter { get; }

    /// <summary>Total requests sent, retries included.</summary>
    public int RequestsSent => _requestsSent;

    /// <summary>An absolute URL on the API for a path (with or without a leading slash) and an optional query.</summary>
    public Uri Url(string pathAndQuery)
    {
        var relative = pathAndQuery.TrimStart('/');
        var baseAddress = _options.BaseAddress.AbsoluteUri.EndsWith('/') ? _options.BaseAddress : new Uri(_options.BaseAddress.AbsoluteUri + "/");
        return new Uri(baseAddress, relative);
    }

    /// <summary>GETs a JSON document with the configured credentials and deserialises it.</summary>
    public async Task<T> GetJsonAsync<T>(string pathAndQuery, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, Url(pathAndQuery), _options.Credentials.AuthorizationHeader, cancellationToken);
        return response.Json(type);
    }

    /// <summary>
    /// Sends one request, retrying as the rate limit and failures require.
    /// <paramref name="authorize"/> makes the <c>Authorization</c> header afresh for each attempt
    /// (OAuth nonces must not repeat).
    /// </summary>
    public async Task<DiscogsResponse> SendAsync(HttpMethod method, Uri url, Func<HttpMethod, Uri, string?> authorize, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt > _options.MaxRetries;
            int status = 0;
            string body = "";
            string? reason = null;
            TimeSpan? retryAfter = null;
            (string What, Exception Error)? failure = null;
            using (var slot = await Limiter.AcquireAsync(cancellationToken))
            {
                using var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                try
                {
                    using var request = NewRequest(method, url, authorize(method, url));
                    Interlocked.Increment(ref _requestsSent);
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
                    body = await response.Content.ReadAsStringAsync(linked.Token);
                    Limiter.Observe(IntHeader(response, "X-Discogs-Ratelimit"), IntHeader(response, "X-Discogs-Ratelimit-Remaining"));
                    status = (int)response.StatusCode;
                    reason = response.ReasonPhrase;
                    retryAfter = RetryAfter(response);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = ($"timed out after {_options.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", e);
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    failure = (e.Message, e);
                }
            }

            if (failure is { } failed)
            {
                if (last)
                {
                    throw DiscogsErrors.Unavailable(method, url, failed.What, attempt, failed.Error);
                }

                await BackoffAsync(attempt, cancellationToken);
                continue;
            }

            if (status is >= 200 and < 300)
            {
                return new DiscogsResponse(method, url, status, body);
            }

            if (last || !(status == 429 || status >= 500))
            {
                throw DiscogsErrors.FromStatus(method, url, status, reason, body, attempt);
            }

            if (status == 429)
            {
                // Someone used the window (another process on this address?): pause all requests, not just this one.
                Limiter.Block(retryAfter);
            }
            else
            {
                await BackoffAsync(attempt, cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private HttpRequestMessage NewRequest(HttpMethod method, Uri url, string? authorization)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (method == HttpMethod.Post)
        {
            // The OAuth token endpoints expect a form post, even an empty one.
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        return request;
    }

    // Exponential backoff with full jitter, bounded by MaxRetryDelay.
    private Task BackoffAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        var delay = TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
        return Task.Delay(delay, _options.TimeProvider, cancellationToken);
    }

    private static int? IntHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - _options.TimeProvider.GetUtcNow() : null;
    }
}

/// <summary>A successful response's body, with what is needed to report a malformed one.</summary>
internal sealed record DiscogsResponse(HttpMethod Method, Uri Url, int Status, string Body)
{
    public T Json<T>(JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(Body, type) ?? throw DiscogsErrors.Malformed(Method, Url, Status, Body, null);
        }
        catch (JsonException e)
        {
            throw DiscogsErrors.Malformed(Method, Url, Status, Body, e);
        }
    }
}
