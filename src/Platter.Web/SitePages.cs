using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Platter.Web;

/// <summary>The page and its files, served from the assembly (so the site works from any folder, offline).</summary>
internal static class SitePages
{
    private static readonly FrozenDictionary<string, (byte[] Body, string Type, string ETag)> _files = Load();

    public static IEndpointRouteBuilder MapSitePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http, SiteOptions options) => Serve(http, "index.html", options)).ExcludeFromDescription();
        app.MapGet("/config", (HttpContext http, SiteOptions options) => Serve(http, "config.html", options)).ExcludeFromDescription();
        app.MapGet("/static/{**name}", (HttpContext http, string name, SiteOptions options) => Serve(http, name, options)).ExcludeFromDescription();
        return app;
    }

    /// <summary>A page with a title and a message (both HTML-encoded) and a way back to /config.</summary>
    public static IResult Message(string title, string message, int status)
    {
        var html = System.Text.Encoding.UTF8.GetString(_files["message.html"].Body)
            .Replace("{{TITLE}}", System.Net.WebUtility.HtmlEncode(title), StringComparison.Ordinal)
            .Replace("{{MESSAGE}}", System.Net.WebUtility.HtmlEncode(message), StringComparison.Ordinal);
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>A page's text, for pages served at their own address (<see cref="CollectionApi"/>).</summary>
    internal static string Text(string name) => System.Text.Encoding.UTF8.GetString(_files[name].Body);

    internal static IResult Serve(HttpContext http, string name, SiteOptions options)
    {
        if (!_files.TryGetValue(name, out var file))
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = file.ETag;
        http.Response.Headers.CacheControl = "no-cache";
        if (http.Request.Headers.IfNoneMatch == file.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var body = file.Body;
        if (name == "index.html")
        {
            // The player's script address is a setting (tests serve a stand-in); it goes into the page as an attribute, encoded.
            var html = System.Text.Encoding.UTF8.GetString(body).Replace("{{YOUTUBE_API}}", System.Net.WebUtility.HtmlEncode(options.YoutubeApi.ToString()), StringComparison.Ordinal);
            body = System.Text.Encoding.UTF8.GetBytes(html);
        }

        return TypedResults.Bytes(body, file.Type);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var asm = typeof(SitePages).Assembly;
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var res in asm.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var s = asm.GetManifestResourceStream(res)!;
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            var bytes = ms.ToArray();
            var name = res["wwwroot/".Length..];
            var type = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                ".png" => "image/png",
                _ => "application/octet-stream",
            };
            files[name] = (bytes, type, "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..16] + "\"");
        }

        return files.ToFrozenDictionary();
    }
}
