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
        app.MapGet("/static/{**name}", (HttpContext http, string name, SiteOptions options) => Serve(http, name, options)).ExcludeFromDescription();
        return app;
    }

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
