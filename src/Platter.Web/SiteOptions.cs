namespace Platter.Web;

/// <summary>How the site is run.</summary>
public sealed class SiteOptions
{
    /// <summary>The address the site listens on when none is asked for: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>The catalog database (with its tag index).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Addresses to listen on (<c>http://127.0.0.1:5000</c>; port 0 picks a free one).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>The YouTube IFrame Player API script; tests point it at a local stand-in.</summary>
    public Uri YoutubeApi { get; init; } = new("https://www.youtube.com/iframe_api");

    /// <summary>How often the site looks for a rebuilt index.</summary>
    public TimeSpan IndexCheckInterval { get; init; } = TimeSpan.FromSeconds(2);
}
