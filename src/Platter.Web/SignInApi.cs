using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platter.Api;

namespace Platter.Web;

/// <summary>Whether Platter holds working Discogs credentials, and for whom; never a token or secret.</summary>
/// <param name="SignedIn">True when the stored credentials were accepted by Discogs just now.</param>
/// <param name="Username">The Discogs user they belong to.</param>
/// <param name="Kind">"personal token" or "OAuth, PLAINTEXT".</param>
/// <param name="Problem">Why the stored sign-in does not work, or why Discogs could not be asked.</param>
/// <param name="CanOAuth">True when the application's consumer key and secret are configured.</param>
/// <param name="Setup">Where the settings go, for the set-up help.</param>
public sealed record SignInStatus(bool SignedIn, string? Username, string? Kind, string? Problem, bool CanOAuth, SignInSetup Setup);

/// <summary>Where to register an application and where its key and secret go.</summary>
/// <param name="RegisterUrl">Discogs' developer settings.</param>
/// <param name="ConfigFile">The config file (consumer_key, consumer_secret).</param>
/// <param name="SecretsFile">The secrets file the sign-in is stored in.</param>
/// <param name="Variables">The environment variables that set the key and secret.</param>
public sealed record SignInSetup(string RegisterUrl, string? ConfigFile, string? SecretsFile, IReadOnlyList<string> Variables);

/// <summary>An anti-forgery token for the page's forms and requests.</summary>
/// <param name="Field">The form field to send it in.</param>
/// <param name="Header">The request header to send it in.</param>
/// <param name="Token">The token.</param>
public sealed record AntiforgeryToken(string Field, string? Header, string Token);

/// <summary>
/// Signing in with Discogs from <c>/config</c>: OAuth 1.0a (<c>POST /get-user-access</c>, then
/// Discogs' authorize page, then <c>GET /receive-token</c>), a personal token
/// (<c>POST /use-token</c>), <c>POST /sign-out</c>, and the status as JSON. Every POST carries an
/// anti-forgery token; the callback is bound to the browser that started the sign-in.
/// </summary>
public static class SignInApi
{
    /// <summary>The cookie holding the id of this browser's sign-in attempt.</summary>
    public const string AttemptCookie = "platter_signin";

    /// <summary>The page shown for a callback with a token no sign-in of this browser asked for.</summary>
    public const string UnknownToken = "This answer from Discogs does not belong to a sign-in started in this browser, so Platter refused it and stored nothing. Start again with “Allow Discogs access” on the Settings page.";

    /// <summary>The page shown for a callback whose token was already used.</summary>
    public const string ReusedToken = "This answer from Discogs was already used: each approval signs in once. Platter refused it and changed nothing. To sign in again, use “Allow Discogs access” on the Settings page.";

    /// <summary>The page shown when the user chose "Deny" on Discogs' page.</summary>
    public const string Denied = "You did not allow Platter to access your Discogs account, so nothing was stored. To sign in, use “Allow Discogs access” again on the Settings page.";

    private const string RegisterUrl = "https://www.discogs.com/settings/developers";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapSignInApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Sign-in");
        api.MapGet("/signin", Status).WithSummary("Whether Platter holds working Discogs credentials (checked with oauth/identity), and for whom.");
        api.MapGet("/antiforgery", Token).WithSummary("An anti-forgery token (and its cookie) for the page's POSTs.");
        app.MapPost("/get-user-access", BeginAsync).RequireAntiforgery().ExcludeFromDescription();
        app.MapGet("/receive-token", ReceiveAsync).ExcludeFromDescription();
        app.MapPost("/use-token", UseTokenAsync).RequireAntiforgery().ExcludeFromDescription();
        app.MapPost("/sign-out", SignOut).RequireAntiforgery().ExcludeFromDescription();
        return app;
    }

    /// <summary>Refuses the request with 400 unless it carries a valid anti-forgery token (form field or header).</summary>
    public static RouteHandlerBuilder RequireAntiforgery(this RouteHandlerBuilder builder) => builder.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            const string Detail = "The request lacks a valid anti-forgery token, so nothing was changed. Reload the page and try again.";
            return http.Request.Path.StartsWithSegments("/api")
                ? TypedResults.Problem(Detail, statusCode: StatusCodes.Status400BadRequest, title: "Refused: no anti-forgery token")
                : SitePages.Message("Refused", Detail, StatusCodes.Status400BadRequest);
        }

        return await next(context);
    });

    private static Ok<AntiforgeryToken> Token(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new AntiforgeryToken(tokens.FormFieldName, tokens.HeaderName, tokens.RequestToken!));
    }

    private static async Task<Ok<SignInStatus>> Status(HttpContext http, SiteOptions options, DiscogsAccess access, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var setup = new SignInSetup(RegisterUrl, options.ConfigFile, access.Secrets?.Path, ["PLATTER_CONSUMER_KEY", "PLATTER_CONSUMER_SECRET"]);
        var canOAuth = access.Consumer is not null;
        if (access.Secrets is null)
        {
            return TypedResults.Ok(new SignInStatus(false, null, null, "This site was started without a config folder, so it cannot store a sign-in. Start it with `platter serve`.", canOAuth, setup));
        }

        DiscogsCredentials? credentials;
        try
        {
            credentials = access.Stored();
        }
        catch (SecretsFileException e)
        {
            return TypedResults.Ok(new SignInStatus(false, null, null, e.Message, canOAuth, setup));
        }

        if (credentials is null)
        {
            return TypedResults.Ok(new SignInStatus(false, null, null, null, canOAuth, setup));
        }

        try
        {
            using var client = access.Client(credentials);
            var identity = await client.OAuth.GetIdentityAsync(ct);
            return TypedResults.Ok(new SignInStatus(true, identity.Username, credentials.Kind, null, canOAuth, setup));
        }
        catch (DiscogsApiException e) when (e is DiscogsUnauthorizedException or DiscogsForbiddenException)
        {
            var who = access.Secrets.Username();
            return TypedResults.Ok(new SignInStatus(false, who, credentials.Kind, $"Discogs no longer accepts the stored sign-in{(who is null ? "" : " of " + who)}: sign in again below, or sign out. {e.Message}", canOAuth, setup));
        }
        catch (Exception e) when (e is DiscogsApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return TypedResults.Ok(new SignInStatus(false, access.Secrets.Username(), credentials.Kind, "Could not check the stored sign-in with Discogs: " + e.Message, canOAuth, setup));
        }
    }

    private static async Task<IResult> BeginAsync(HttpContext http, DiscogsAccess access, SignInAttempts attempts, ILoggerFactory logs, CancellationToken ct)
    {
        if (access.Consumer is not { } consumer)
        {
            return SitePages.Message("Sign-in is not set up", "Signing in with Discogs needs your application's consumer key and secret; the Settings page says where they go. Or use a personal access token instead.", StatusCodes.Status400BadRequest);
        }

        if (access.Secrets is null)
        {
            return SitePages.Message("Sign-in is not set up", "This site was started without a config folder, so it cannot store a sign-in. Start it with `platter serve`.", StatusCodes.Status400BadRequest);
        }

        var signer = new OAuthSigner(consumer.Key, consumer.Secret, OAuthSignatureMethod.Plaintext);
        using var client = access.Client(DiscogsCredentials.None);
        RequestToken requestToken;
        try
        {
            requestToken = await client.OAuth.GetRequestTokenAsync(signer, $"{http.Request.Scheme}://{http.Request.Host}/receive-token", ct);
        }
        catch (DiscogsApiException e)
        {
            logs.CreateLogger(typeof(SignInApi)).LogWarning("Asking Discogs for a request token failed: {Message}", e.Message);
            return SitePages.Message("Discogs refused", "Discogs did not start the sign-in: " + e.Message + " Check the consumer key and secret, then try again.", StatusCodes.Status502BadGateway);
        }

        var id = attempts.Begin(requestToken);
        http.Response.Cookies.Append(AttemptCookie, id, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", MaxAge = SignInAttempts.Lifetime, IsEssential = true });
        return TypedResults.Redirect(client.OAuth.AuthorizeUrl(requestToken).AbsoluteUri);
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, DiscogsAccess access, SignInAttempts attempts, CancellationToken ct)
    {
        var token = http.Request.Query["oauth_token"].ToString();
        var verifier = http.Request.Query["oauth_verifier"].ToString();
        var denied = http.Request.Query["denied"].ToString();
        if (token.Length == 0 && denied.Length > 0)
        {
            // "Deny" on Discogs' page: this browser's attempt ends (if it is one), and nothing else happens.
            var (ended, _) = attempts.Take(http.Request.Cookies[AttemptCookie], denied);
            return ended == SignInAttempts.Outcome.Ours
                ? SitePages.Message("Not signed in", Denied, StatusCodes.Status200OK)
                : SitePages.Message("Sign-in refused", UnknownToken, StatusCodes.Status400BadRequest);
        }

        var (outcome, requestToken) = attempts.Take(http.Request.Cookies[AttemptCookie], token);
        switch (outcome)
        {
            case SignInAttempts.Outcome.Reused:
                return SitePages.Message("Sign-in refused", ReusedToken, StatusCodes.Status400BadRequest);
            case SignInAttempts.Outcome.Unknown:
                return SitePages.Message("Sign-in refused", UnknownToken, StatusCodes.Status400BadRequest);
        }

        http.Response.Cookies.Delete(AttemptCookie, new CookieOptions { Path = "/" });
        if (verifier.Length == 0)
        {
            return SitePages.Message("Not signed in", "Discogs sent no verifier: the access was not approved, and nothing was stored. To try again, use “Allow Discogs access” on the Settings page.", StatusCodes.Status400BadRequest);
        }

        if (access.Consumer is not { } consumer || access.Secrets is null)
        {
            return SitePages.Message("Sign-in is not set up", "The application's consumer key and secret are no longer configured; nothing was stored.", StatusCodes.Status400BadRequest);
        }

        var signer = new OAuthSigner(consumer.Key, consumer.Secret, OAuthSignatureMethod.Plaintext);
        try
        {
            AccessToken accessToken;
            using (var client = access.Client(DiscogsCredentials.None))
            {
                accessToken = await client.OAuth.GetAccessTokenAsync(signer, requestToken!, verifier, ct);
            }

            using var signedIn = access.Client(new OAuthCredentials(signer, accessToken.Token, accessToken.Secret));
            var identity = await signedIn.OAuth.GetIdentityAsync(ct);
            access.Secrets.SaveOAuth(identity.Username, accessToken, consumer.Key, consumer.Secret, signer.Method);
        }
        catch (DiscogsApiException e)
        {
            return SitePages.Message("Sign-in failed", "Discogs refused the sign-in: " + e.Message + " Nothing was stored. Start again with “Allow Discogs access” on the Settings page.", StatusCodes.Status502BadGateway);
        }

        return TypedResults.Redirect("/config");
    }

    private static async Task<IResult> UseTokenAsync(HttpContext http, DiscogsAccess access, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var token = form["token"].ToString().Trim();
        if (token.Length == 0)
        {
            return SitePages.Message("No token", "The token is empty. Copy it from " + RegisterUrl + " (“Generate token”) and paste it on the Settings page.", StatusCodes.Status400BadRequest);
        }

        if (access.Secrets is null)
        {
            return SitePages.Message("Sign-in is not set up", "This site was started without a config folder, so it cannot store a sign-in. Start it with `platter serve`.", StatusCodes.Status400BadRequest);
        }

        try
        {
            using var client = access.Client(new PersonalTokenCredentials(token));
            var identity = await client.OAuth.GetIdentityAsync(ct);
            access.Secrets.SavePersonalToken(identity.Username, token);
        }
        catch (DiscogsApiException e) when (e is DiscogsUnauthorizedException or DiscogsForbiddenException)
        {
            return SitePages.Message("Token refused", "Discogs did not accept this token, so nothing was stored. Check that it is the whole token from " + RegisterUrl + ".", StatusCodes.Status400BadRequest);
        }
        catch (DiscogsApiException e)
        {
            return SitePages.Message("Token not checked", "Could not check the token with Discogs: " + e.Message + " Nothing was stored; try again.", StatusCodes.Status502BadGateway);
        }

        return TypedResults.Redirect("/config");
    }

    private static RedirectHttpResult SignOut(DiscogsAccess access)
    {
        access.Secrets?.Delete();
        return TypedResults.Redirect("/config");
    }
}

/// <summary>
/// The OAuth sign-ins in progress: each browser's attempt id (in an HttpOnly cookie) maps to its
/// request token, whose secret never leaves the server. A request token completes once.
/// </summary>
public sealed class SignInAttempts
{
    /// <summary>How long an attempt waits for Discogs' answer.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, (RequestToken Token, DateTimeOffset Started)> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);

    /// <summary>What a callback's token turned out to be.</summary>
    public enum Outcome
    {
        /// <summary>This browser's attempt: go on.</summary>
        Ours,

        /// <summary>No attempt of this browser asked for it (forged, expired, or another browser's).</summary>
        Unknown,

        /// <summary>It completed a sign-in already.</summary>
        Reused,
    }

    /// <summary>Starts an attempt; returns its id for the cookie.</summary>
    public string Begin(RequestToken token)
    {
        Expire();
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _attempts[id] = (token, DateTimeOffset.UtcNow);
        return id;
    }

    /// <summary>Ends the attempt <paramref name="attemptId"/> when <paramref name="oauthToken"/> is its token; another browser's attempt is left alone.</summary>
    public (Outcome Outcome, RequestToken? Token) Take(string? attemptId, string oauthToken)
    {
        Expire();
        if (oauthToken.Length == 0)
        {
            return (Outcome.Unknown, null);
        }

        if (_used.ContainsKey(oauthToken))
        {
            return (Outcome.Reused, null);
        }

        if (attemptId is null || !_attempts.TryGetValue(attemptId, out var attempt)
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(attempt.Token.Token), System.Text.Encoding.UTF8.GetBytes(oauthToken))
            || !_attempts.TryRemove(attemptId, out _))
        {
            return (Outcome.Unknown, null);
        }

        _used[oauthToken] = DateTimeOffset.UtcNow;
        return (Outcome.Ours, attempt.Token);
    }

    private void Expire()
    {
        var old = DateTimeOffset.UtcNow - Lifetime;
        foreach (var (id, attempt) in _attempts)
        {
            if (attempt.Started < old)
            {
                _attempts.TryRemove(id, out _);
            }
        }

        // A used token is remembered a day: Discogs' request tokens are long dead by then.
        foreach (var (token, at) in _used)
        {
            if (at < DateTimeOffset.UtcNow.AddDays(-1))
            {
                _used.TryRemove(token, out _);
            }
        }
    }
}
