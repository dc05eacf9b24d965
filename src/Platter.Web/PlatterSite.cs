using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platter.Web;

/// <summary>The Platter web site: the tag explorer with its player, the Discogs sign-in and collection sync (/config), and its JSON API.</summary>
public static class PlatterSite
{
    /// <summary>Builds the site (not yet started).</summary>
    public static WebApplication Create(SiteOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(PlatterSite).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);

        // Listen exactly where asked: ASPNETCORE_URLS and the like are not consulted.
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            foreach (var url in options.Urls)
            {
                var (address, port) = ParseUrl(url);
                k.Listen(address, port);
            }
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IndexHost>();
        builder.Services.AddSingleton<DiscogsAccess>();
        builder.Services.AddSingleton<SignInAttempts>();
        builder.Services.AddSingleton<SyncRunner>();
        builder.Services.AddSingleton<Platter.Collection.NetworkCache>();
        builder.Services.AddSingleton<CollectionResponseCache>();

        // Tokens for the state-changing POSTs; keys in memory (a restart only means reloading the page).
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(a => a.Cookie.Name = "platter_af");
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Platter";
            doc.Info.Description = "The tag explorer's API (tags, autocomplete, works, facets and videos of a local Discogs catalog), the collection's (its figures, its artists and its releases), the Discogs sign-in status and the collection sync with its event stream. Errors are ProblemDetails.";
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            j.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        });

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Never a stack trace: the user sees what failed, the details stay in the server's log.
            StatusCodeSelector = _ => StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            var h = context.Response.Headers;
            h["X-Content-Type-Options"] = "nosniff";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h["X-Frame-Options"] = "DENY";
            h.ContentSecurityPolicy = ContentSecurityPolicy(options.YoutubeApi, options.DiscogsAuthorize);
            await next();
        });
        var collectionCache = app.Services.GetRequiredService<CollectionResponseCache>();
        app.Use((context, next) => collectionCache.InvokeAsync(context, () => next()));
        app.MapOpenApi("/api/openapi.json");
        app.MapTagsApi();
        app.MapSignInApi();
        app.MapCollectionSyncApi();
        app.MapCollectionApi();
        app.MapNetworkApi();
        app.MapSitePages();

        // Load (or note the lack of) the index before the first request.
        _ = app.Services.GetRequiredService<IndexHost>();
        return app;
    }

    /// <summary>True when <paramref name="url"/> listens only on this machine.</summary>
    public static bool IsLoopback(string url)
    {
        var (address, _) = ParseUrl(url);
        return IPAddress.IsLoopback(address);
    }

    /// <summary>The address and port of an <c>http://HOST:PORT</c> URL; throws <see cref="ArgumentException"/> with what is wrong.</summary>
    public static (IPAddress Address, int Port) ParseUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
        {
            throw new ArgumentException($"'{url}' is not an address to listen on; write http://HOST:PORT, for example {SiteOptions.DefaultUrl}.");
        }

        var host = uri.Host.Trim('[', ']');
        IPAddress address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" or "0.0.0.0" => IPAddress.Any,
            _ when IPAddress.TryParse(host, out var ip) => ip,
            _ => throw new ArgumentException($"'{url}' names the host '{host}'; give an IP address (127.0.0.1, 0.0.0.0) or localhost."),
        };
        return (address, uri.Port);
    }

    private static string ContentSecurityPolicy(Uri youtubeApi, Uri discogsAuthorize)
    {
        // The page's own scripts, and YouTube's player: its API script, the frame it makes, and
        // thumbnails; artists' images load from Discogs' image host (its URLs are signed, so they cannot be re-hosted).
        var api = youtubeApi.GetLeftPart(UriPartial.Authority);
        return "default-src 'self'; " +
            $"script-src 'self' {api} https://www.youtube.com https://s.ytimg.com; " +
            $"frame-src {api} https://www.youtube.com https://www.youtube-nocookie.com; " +
            "img-src 'self' data: https://i.ytimg.com https://i.discogs.com; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +

            // "Allow Discogs access" posts here and is redirected to Discogs' authorize page, which form-action covers too.
            $"form-action 'self' {discogsAuthorize.GetLeftPart(UriPartial.Authority)}; frame-ancestors 'none'";
    }
}
