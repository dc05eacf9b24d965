using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Platter.Testing;

/// <summary>Settings of a <see cref="FakeDiscogsApi"/>.</summary>
public sealed class FakeDiscogsApiOptions
{
    /// <summary>The application the fake knows (OAuth and key/secret authentication).</summary>
    public string ConsumerKey { get; set; } = "fake-consumer-key";

    /// <summary>The application's secret; with characters that need percent-encoding, so signing bugs show.</summary>
    public string ConsumerSecret { get; set; } = "fake consumer+secret&!*";

    /// <summary>Requests per window for authenticated requests (Discogs: 60).</summary>
    public int AuthenticatedLimit { get; set; } = 60;

    /// <summary>Requests per window without credentials (Discogs: 25).</summary>
    public int AnonymousLimit { get; set; } = 25;

    /// <summary>The rate-limit window (Discogs: 60 s); tests shorten it.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The user OAuth sign-ins are approved as.</summary>
    public string OAuthUser { get; set; } = "example";

    /// <summary>A <c>Retry-After</c> to send with every 429 (Discogs sends none; null leaves it out).</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>The folder of recorded responses.</summary>
    public string FixturesDirectory { get; set; } = Fixtures.Api;
}

/// <summary>One request the fake received.</summary>
public sealed record FakeDiscogsRequest(string Method, string PathAndQuery, int Status, string? UserAgent, string? Authorization);

/// <summary>
/// A local stand-in for api.discogs.com on Kestrel (127.0.0.1, a free port). It serves the
/// recorded responses by the fixtures' mapping rule, sends Discogs' rate-limit headers and its
/// 429 once the window is full, checks the User-Agent, personal tokens, key/secret and OAuth
/// signatures (both methods), runs the OAuth token endpoints and the authorize page, synthesises large collections,
/// injects faults on demand and records every request.
/// </summary>
public sealed class FakeDiscogsApi : IAsyncDisposable
{
    private const string TooQuickly = "You are making requests too quickly.";
    private const string MustAuthenticate = "You must authenticate to access this resource.";
    private int _imageRequests;
    private readonly FakeDiscogsApiOptions _options;
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<FakeDiscogsRequest> _requests = [];
    private readonly Queue<DateTimeOffset> _arrivals = new();
    private readonly HashSet<string> _nonces = [];
    private readonly Dictionary<string, string> _personalTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Secret, string User)> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Secret, string Verifier, string Callback)> _requestTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeCollector> _collections = new(StringComparer.Ordinal);
    private readonly List<Fault> _faults = [];

    private FakeDiscogsApi(FakeDiscogsApiOptions options, WebApplication app)
    {
        _options = options;
        _app = app;
    }

    /// <summary>The API address to give the client (ends with a slash).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The consumer key the fake accepts.</summary>
    public string ConsumerKey => _options.ConsumerKey;

    /// <summary>The consumer secret the fake accepts.</summary>
    public string ConsumerSecret => _options.ConsumerSecret;

    /// <summary>The verifier of the last request token issued: what the user would copy from the authorize page.</summary>
    public string? LastVerifier { get; private set; }

    /// <summary>The secret of the last request token issued, to check that the client signs with it.</summary>
    public string? LastRequestTokenSecret { get; private set; }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<FakeDiscogsRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Forgets the requests so far (a test that counts a second run's).</summary>
    public void ClearLog()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }

    /// <summary>Drops the faults not yet used up.</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    /// <summary>How many requests arrived.</summary>
    public int RequestCount => Requests.Count;

    /// <summary>How many requests were answered with 429.</summary>
    public int TooManyRequestsCount => Requests.Count(r => r.Status == 429);

    /// <summary>Starts the server on a free port.</summary>
    public static async Task<FakeDiscogsApi> StartAsync(FakeDiscogsApiOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeDiscogsApiOptions();
        var app = LoopbackServer.Build();
        var fake = new FakeDiscogsApi(options, app);
        fake.BaseAddress = await LoopbackServer.StartAsync(app, fake.HandleAsync, cancellationToken);
        return fake;
    }

    /// <summary>Issues a personal access token for <paramref name="username"/>.</summary>
    public string IssuePersonalToken(string username = "example")
    {
        var token = RandomText(40);
        lock (_lock)
        {
            _personalTokens[token] = username;
        }

        return token;
    }

    /// <summary>Issues an OAuth access token and secret for <paramref name="username"/>, as a completed sign-in would.</summary>
    public (string Token, string Secret) IssueAccessToken(string username = "example")
    {
        var token = RandomText(40);
        var secret = RandomText(40);
        lock (_lock)
        {
            _accessTokens[token] = (secret, username);
        }

        return (token, secret);
    }

    /// <summary>Revokes every token issued so far (the user removed the application's access).</summary>
    public void RevokeAll()
    {
        lock (_lock)
        {
            _personalTokens.Clear();
            _accessTokens.Clear();
        }
    }

    /// <summary>
    /// Gives <paramref name="username"/> a synthetic collection of <paramref name="items"/> items
    /// (instance ids 1..N) and <paramref name="wants"/> wants, served page by page; change it
    /// through the returned object between syncs. With <paramref name="releases"/>, item i is a
    /// copy of releases[(i - 1) mod count] and want n of releases[count - 1 - ((n - 1) mod count)].
    /// </summary>
    public FakeCollector AddCollection(string username, int items, int wants = 0, IReadOnlyList<int>? releases = null)
    {
        lock (_lock)
        {
            return _collections[username] = new FakeCollector(username, items, wants, releases);
        }
    }

    /// <summary>Records served for <c>releases/ID</c>, <c>masters/ID</c> and <c>artists/ID</c> that have no recorded response (null: none).</summary>
    public DumpAsApi? Records { get; set; }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/> (default 500) and a Discogs error body.</summary>
    public void FailNext(int count, int status = 500) => AddFault(new Fault(FaultKind.Status, count, status, TimeSpan.Zero));

    /// <summary>Holds the next <paramref name="count"/> responses back for <paramref name="delay"/>.</summary>
    public void DelayNext(int count, TimeSpan delay) => AddFault(new Fault(FaultKind.Delay, count, 0, delay));

    /// <summary>Cuts the body of the next <paramref name="count"/> successful responses in half.</summary>
    public void TruncateNext(int count) => AddFault(new Fault(FaultKind.Truncate, count, 0, TimeSpan.Zero));

    /// <summary>Answers the next <paramref name="count"/> requests with an HTML page (a proxy's bot challenge) and <paramref name="status"/>.</summary>
    public void HtmlNext(int count, int status = 403) => AddFault(new Fault(FaultKind.Html, count, status, TimeSpan.Zero));

    /// <summary>Counts <paramref name="requests"/> requests from other programs behind the same address in the current window.</summary>
    public void UseRateLimit(int requests)
    {
        lock (_lock)
        {
            for (var i = 0; i < requests; i++)
            {
                _arrivals.Enqueue(DateTimeOffset.UtcNow);
            }
        }
    }

    /// <summary>How many requests went to <paramref name="path"/> (path only, leading slash, any query).</summary>
    public int CountRequests(string path) => Requests.Count(r => r.PathAndQuery == path || r.PathAndQuery.StartsWith(path + "?", StringComparison.Ordinal));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void AddFault(Fault fault)
    {
        lock (_lock)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>
    /// What every <c>/image/…</c> address answers (a 1×1 PNG): the recorded responses name images
    /// by path only, and Discogs serves images from its image host, outside the API's rate limit.
    /// </summary>
    public static ReadOnlyMemory<byte> ImageBytes { get; } = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>Image downloads served (not API requests: they are not in <see cref="Requests"/>).</summary>
    public int ImageRequests => Volatile.Read(ref _imageRequests);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/image", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _imageRequests);
            context.Response.ContentType = "image/png";
            context.Response.ContentLength = ImageBytes.Length;
            await context.Response.Body.WriteAsync(ImageBytes, context.RequestAborted);
            return;
        }

        var pathAndQuery = request.Path + request.QueryString;
        var userAgent = request.Headers.UserAgent.ToString();
        var authorization = request.Headers.Authorization.ToString();
        var reply = Reply(context, userAgent);
        lock (_lock)
        {
            _requests.Add(new FakeDiscogsRequest(request.Method, pathAndQuery, reply.Status, userAgent, authorization.Length == 0 ? null : authorization));
        }

        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var response = context.Response;
        response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentType = reply.ContentType;
        var bytes = Encoding.UTF8.GetBytes(reply.Body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    // Decides the whole answer under the lock, so that concurrent requests see one consistent window.
    private Answer Reply(HttpContext context, string userAgent)
    {
        lock (_lock)
        {
            var fault = TakeFault();
            var now = DateTimeOffset.UtcNow;
            while (_arrivals.Count > 0 && _arrivals.Peek() + _options.Window <= now)
            {
                _arrivals.Dequeue();
            }

            // Discogs answers a missing User-Agent with an empty body.
            if (string.IsNullOrWhiteSpace(userAgent))
            {
                return new Answer(403, "", "text/plain", []);
            }

            var auth = Authenticate(context.Request);
            var limit = auth.Authenticated ? _options.AuthenticatedLimit : _options.AnonymousLimit;
            var full = _arrivals.Count >= limit;
            _arrivals.Enqueue(now);
            var used = Math.Min(_arrivals.Count, limit);
            List<KeyValuePair<string, string>> headers =
            [
                new("x-discogs-media-type", "discogs.v2"),
                new("x-discogs-ratelimit", limit.ToString(CultureInfo.InvariantCulture)),
                new("x-discogs-ratelimit-used", used.ToString(CultureInfo.InvariantCulture)),
                new("x-discogs-ratelimit-remaining", (limit - used).ToString(CultureInfo.InvariantCulture)),
            ];
            Answer answer;
            if (full || fault is { Kind: FaultKind.Status, Status: 429 })
            {
                answer = Json(429, Message(TooQuickly), _options.RetryAfter is { } wait
                    ? [.. headers, new("Retry-After", ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture))]
                    : headers);
            }
            else if (fault?.Kind == FaultKind.Status)
            {
                answer = Json(fault.Status, Message(fault.Status switch
                {
                    401 => MustAuthenticate,
                    403 => "You don't have permission to access this resource.",
                    404 => "The requested resource was not found.",
                    _ => "An internal server error occurred.",
                }), headers);
            }
            else if (fault?.Kind == FaultKind.Html)
            {
                answer = new Answer(fault.Status, "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>", "text/html", headers);
            }
            else
            {
                answer = Route(context.Request, auth, headers);
            }

            if (fault?.Kind == FaultKind.Truncate && answer.Status == 200)
            {
                answer = answer with { Body = answer.Body[..(answer.Body.Length / 2)] };
            }

            return fault?.Kind == FaultKind.Delay ? answer with { Delay = fault.Delay } : answer;
        }
    }

    private Answer Route(HttpRequest request, Auth auth, List<KeyValuePair<string, string>> headers)
    {
        var path = request.Path.Value?.TrimStart('/') ?? "";
        if (auth.Error is not null)
        {
            return Json(401, Message(auth.Error), [.. headers, new("WWW-Authenticate", "OAuth realm=\"https://api.discogs.com\"")]);
        }

        switch (path)
        {
            case "oauth/request_token":
                return auth.SignedForRequestToken ? Form(IssueRequestToken(auth.Callback ?? "oob"), headers) : Json(400, Message("Invalid consumer."), headers);
            case "oauth/authorize":
                return AuthorizePage(request.Query["oauth_token"].ToString(), headers);
            case "oauth/access_token":
                return ExchangeRequestToken(auth) is { } access ? Form(access, headers) : Json(400, Message("Invalid OAuth verifier."), headers);
            case "oauth/identity":
                return auth.User is null ? Json(401, Message(MustAuthenticate), headers) : Json(200, Identity(auth.User), headers);
        }

        if (path.StartsWith("users/", StringComparison.Ordinal) && (path.Contains("/collection", StringComparison.Ordinal) || path.EndsWith("/wants", StringComparison.Ordinal)))
        {
            var owner = path.Split('/')[1];
            if (auth.User is null)
            {
                return Json(401, Message(MustAuthenticate), headers);
            }

            if (auth.User != owner)
            {
                bool exists;
                lock (_lock)
                {
                    exists = _collections.ContainsKey(owner) || Directory.Exists(Path.Combine(_options.FixturesDirectory, "users", owner));
                }

                // Someone else's collection: private (403) when the user exists, else no such resource.
                return exists
                    ? Json(403, Message("You are not allowed to view this resource. Please authenticate as the owner to view this content."), headers)
                    : Json(404, Message(NotFoundMessage(path)), headers);
            }

            FakeCollector? collection;
            lock (_lock)
            {
                collection = _collections.GetValueOrDefault(owner);
            }

            if (collection is not null && SyntheticCollection(path, collection, request.Query) is { } synthetic)
            {
                return Json(200, synthetic, headers);
            }
        }

        var file = FixtureFile(path, request.QueryString.Value);
        if (File.Exists(file))
        {
            return Json(200, File.ReadAllText(file), headers);
        }

        if (RecordedList(path, PageOf(request.Query), PerPageOf(request.Query)) is { } repaged)
        {
            return Json(200, repaged, headers);
        }

        // A recorded response wins; else the sample dump's record in the API's shape, when served.
        if (Records?.Body(path) is { } body && request.QueryString.Value is null or "")
        {
            return Json(200, body, headers);
        }

        return Records is not null && path.Split('/') is ["artists", var artist, "releases"] && long.TryParse(artist, CultureInfo.InvariantCulture, out var artistId)
            && Records.ArtistReleasesPage(artistId, PageOf(request.Query), PerPageOf(request.Query)) is { } page
            ? Json(200, page, headers)
            : Json(404, Message(NotFoundMessage(path)), headers);
    }

    /// <summary>The fixtures README's rule: drop credential parameters, canonical query, <c>&lt;path&gt;/&lt;query&gt;.json</c>.</summary>
    public string FixtureFile(string path, string? query)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var part in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            var value = Uri.UnescapeDataString((eq < 0 ? "" : part[(eq + 1)..]).Replace('+', ' '));
            if (name is not ("token" or "key" or "secret" or "callback") && !name.StartsWith("oauth_", StringComparison.Ordinal))
            {
                pairs.Add((Uri.EscapeDataString(name), Uri.EscapeDataString(value)));
            }
        }

        pairs.Sort((a, b) => a.Name != b.Name ? string.CompareOrdinal(a.Name, b.Name) : string.CompareOrdinal(a.Value, b.Value));
        var canonical = string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
        var relative = path.TrimStart('/');
        return canonical.Length == 0
            ? Path.Combine(_options.FixturesDirectory, relative + ".json")
            : Path.Combine(_options.FixturesDirectory, relative, canonical + ".json");
    }

    private Auth Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var queryToken = request.Query["token"].ToString();
        if (header.StartsWith("Discogs ", StringComparison.Ordinal))
        {
            var fields = header[8..].Split(',').Select(f => f.Trim().Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
            if (fields.TryGetValue("token", out var token))
            {
                return _personalTokens.TryGetValue(token, out var owner) ? Auth.As(owner) : Auth.Refused("Invalid personal token.");
            }

            return fields.GetValueOrDefault("key") == _options.ConsumerKey && fields.GetValueOrDefault("secret") == _options.ConsumerSecret
                ? Auth.Consumer
                : Auth.Refused("Invalid consumer key/secret.");
        }

        if (FakeDiscogsOAuth.ParseHeader(header) is { } oauth)
        {
            return AuthenticateOAuth(request, oauth);
        }

        if (queryToken.Length > 0)
        {
            return _personalTokens.TryGetValue(queryToken, out var owner) ? Auth.As(owner) : Auth.Refused("Invalid personal token.");
        }

        return header.Length > 0 ? Auth.Refused("Unrecognised Authorization header.") : Auth.Anonymous;
    }

    private Auth AuthenticateOAuth(HttpRequest request, Dictionary<string, string> oauth)
    {
        if (oauth.GetValueOrDefault("oauth_consumer_key") != _options.ConsumerKey)
        {
            return Auth.Refused("Invalid consumer.");
        }

        var timestamp = oauth.GetValueOrDefault("oauth_timestamp") ?? "";
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return Auth.Refused("Invalid timestamp: expected unix seconds.");
        }

        var nonce = oauth.GetValueOrDefault("oauth_nonce") ?? "";
        if (nonce.Length is 0 or > 64 || !_nonces.Add(nonce))
        {
            return Auth.Refused("Invalid or repeated nonce.");
        }

        if (oauth.GetValueOrDefault("oauth_signature_method") is not ("PLAINTEXT" or "HMAC-SHA1"))
        {
            return Auth.Refused("Unsupported signature method.");
        }

        var path = request.Path.Value?.TrimStart('/');
        var token = oauth.GetValueOrDefault("oauth_token");
        string tokenSecret;
        if (path == "oauth/request_token")
        {
            if (token is not null || !oauth.ContainsKey("oauth_callback"))
            {
                return Auth.Refused("A request-token call carries oauth_callback and no oauth_token.");
            }

            tokenSecret = "";
        }
        else if (path == "oauth/access_token")
        {
            if (token is null || !_requestTokens.TryGetValue(token, out var pending) || oauth.ContainsKey("oauth_callback"))
            {
                return Auth.Refused("Unknown request token.");
            }

            tokenSecret = pending.Secret;
        }
        else if (token is not null && _accessTokens.TryGetValue(token, out var access))
        {
            tokenSecret = access.Secret;
        }
        else
        {
            return Auth.Refused("Invalid or revoked access token.");
        }

        var url = new Uri(BaseAddress, request.Path.Value + request.QueryString.Value);
        var expected = FakeDiscogsOAuth.ExpectedSignature(request.Method, url, oauth, _options.ConsumerSecret, tokenSecret);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(oauth.GetValueOrDefault("oauth_signature") ?? "")))
        {
            return Auth.Refused("Invalid signature.");
        }

        if (path == "oauth/request_token")
        {
            return Auth.Consumer with { SignedForRequestToken = true, Callback = oauth.GetValueOrDefault("oauth_callback") };
        }

        if (path == "oauth/access_token")
        {
            return Auth.Consumer with { PendingToken = token, Verifier = oauth.GetValueOrDefault("oauth_verifier") };
        }

        return Auth.As(_accessTokens[token!].User);
    }

    // Tokens are issued only here, once the request got past the rate limit and the faults, so a retried call finds its request token still valid.
    private string IssueRequestToken(string callback)
    {
        var issued = RandomText(30);
        var secret = RandomText(40);
        var verifier = RandomText(10);
        _requestTokens[issued] = (secret, verifier, callback);
        LastVerifier = verifier;
        LastRequestTokenSecret = secret;
        return $"oauth_token={issued}&oauth_token_secret={secret}&oauth_callback_confirmed=true";
    }

    // Discogs' authorize page (www.discogs.com/oauth/authorize), as a signed-in Discogs user sees it:
    // "Authorize" goes back to the callback with the token and its verifier; "oob" shows the verifier.
    private Answer AuthorizePage(string token, List<KeyValuePair<string, string>> headers)
    {
        static string E(string text) => System.Net.WebUtility.HtmlEncode(text);
        if (!_requestTokens.TryGetValue(token, out var pending))
        {
            return new Answer(400, "<!DOCTYPE html><html><head><title>Discogs</title></head><body><h1>Invalid request token</h1></body></html>", "text/html; charset=utf-8", headers);
        }

        var query = "oauth_token=" + Uri.EscapeDataString(token) + "&oauth_verifier=" + Uri.EscapeDataString(pending.Verifier);
        var approve = pending.Callback == "oob"
            ? $"<p>Your verifier: <code id=\"verifier\">{E(pending.Verifier)}</code></p>"
            : $"<p><a id=\"authorize\" href=\"{E(pending.Callback + (pending.Callback.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query)}\">Authorize</a> " +
              $"<a id=\"deny\" href=\"{E(pending.Callback + (pending.Callback.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "denied=" + Uri.EscapeDataString(token))}\">Deny</a></p>";
        var body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Authorize application - Discogs</title></head><body>" +
            $"<h1>Authorize access to your account ({E(_options.OAuthUser)})</h1><p>Test Client would like to access your Discogs account.</p>{approve}</body></html>";
        return new Answer(200, body, "text/html; charset=utf-8", headers);
    }

    private string? ExchangeRequestToken(Auth auth)
    {
        if (auth.PendingToken is not { } token || !_requestTokens.TryGetValue(token, out var pending) || auth.Verifier != pending.Verifier)
        {
            return null;
        }

        // A request token is good for one exchange only.
        _requestTokens.Remove(token);
        var access = RandomText(40);
        var secret = RandomText(40);
        _accessTokens[access] = (secret, _options.OAuthUser);
        return $"oauth_token={access}&oauth_token_secret={secret}";
    }

    private string Identity(string user)
    {
        var recorded = Path.Combine(_options.FixturesDirectory, "oauth", "identity.json");
        if (user == "example" && File.Exists(recorded))
        {
            return File.ReadAllText(recorded);
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = 1000 + user.Length, ["username"] = user, ["resource_url"] = $"https://api.discogs.com/users/{user}", ["consumer_name"] = "Test Client" });
    }

    private static string? SyntheticCollection(string path, FakeCollector collection, IQueryCollection query)
    {
        var parts = path.Split('/');
        var page = PageOf(query);
        var perPage = PerPageOf(query);
        return parts switch
        {
            [_, _, "collection", "folders"] => collection.Folders(),
            [_, _, "collection", "folders", var folder, "releases"] when int.TryParse(folder, CultureInfo.InvariantCulture, out var f) => collection.Page(f, page, perPage),
            [_, _, "collection", "value"] => collection.ValueJson(),
            [_, _, "wants"] => collection.WantsPage(page, perPage),
            _ => null,
        };
    }

    /// <summary>
    /// A recorded paged list asked for with another page size than it was recorded at: all the
    /// recorded pages' items, in order, paged again as Discogs would page them; null when the
    /// list was not recorded.
    /// </summary>
    private string? RecordedList(string path, int page, int perPage)
    {
        var folder = Path.Combine(_options.FixturesDirectory, path.TrimStart('/'));
        var first = Directory.Exists(folder) ? Directory.GetFiles(folder, "page=1&per_page=*.json").Order(StringComparer.Ordinal).FirstOrDefault() : null;
        if (first is null)
        {
            return null;
        }

        var recordedPerPage = Path.GetFileNameWithoutExtension(first)["page=1&per_page=".Length..];
        var items = new List<JsonElement>();
        string? listName = null;
        for (var n = 1; File.Exists(Path.Combine(folder, $"page={n}&per_page={recordedPerPage}.json")); n++)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, $"page={n}&per_page={recordedPerPage}.json")));
            var list = doc.RootElement.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array);
            listName = list.Name;
            items.AddRange(list.Value.EnumerateArray().Select(e => e.Clone()));
        }

        var pages = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var pagination = new Dictionary<string, object> { ["page"] = page, ["pages"] = pages, ["per_page"] = perPage, ["items"] = items.Count, ["urls"] = new Dictionary<string, string>() };
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["pagination"] = pagination, [listName!] = items.Skip((page - 1) * perPage).Take(perPage).ToList() });
    }

    private static int PageOf(IQueryCollection query) => int.TryParse(query["page"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;

    // Discogs' default page size is 50 and its largest 100.
    private static int PerPageOf(IQueryCollection query) => int.TryParse(query["per_page"], CultureInfo.InvariantCulture, out var n) && n > 0 ? Math.Min(n, 100) : 50;

    private static string NotFoundMessage(string path) => path.Split('/')[0] switch
    {
        "releases" => "Release not found.",
        "masters" => "Master Release not found.",
        "artists" => "Artist not found.",
        "labels" => "Label not found.",
        _ => "The requested resource was not found.",
    };

    private Fault? TakeFault()
    {
        var fault = _faults.FirstOrDefault(f => f.Remaining > 0);
        if (fault is not null)
        {
            fault.Remaining--;
        }

        return fault;
    }

    private static Answer Form(string body, List<KeyValuePair<string, string>> headers) => new(200, body, "application/x-www-form-urlencoded", headers);

    private static Answer Json(int status, string body, List<KeyValuePair<string, string>> headers) => new(status, body, "application/json", headers);

    private static string Message(string text) => JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = text });

    private static string RandomText(int length) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((length + 1) / 2))[..length];

    private enum FaultKind
    {
        Status,
        Delay,
        Truncate,
        Html,
    }

    private sealed class Fault(FaultKind kind, int count, int status, TimeSpan delay)
    {
        public FaultKind Kind { get; } = kind;

        public int Remaining { get; set; } = count;

        public int Status { get; } = status;

        public TimeSpan Delay { get; } = delay;
    }

    private sealed record Answer(int Status, string Body, string ContentType, List<KeyValuePair<string, string>> Headers)
    {
        public TimeSpan Delay { get; init; }
    }

    private sealed record Auth(bool Authenticated, string? User, string? Error)
    {
        public static Auth Anonymous { get; } = new(false, null, null);

        public static Auth Consumer { get; } = new(true, null, null);

        public bool SignedForRequestToken { get; init; }

        public string? Callback { get; init; }

        public string? PendingToken { get; init; }

        public string? Verifier { get; init; }

        public static Auth As(string user) => new(true, user, null);

        public static Auth Refused(string why) => new(false, null, why);
    }
}
