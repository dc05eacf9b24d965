using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platter.Index;

/// <summary>Playlists and results in the forms other programs read: M3U, JSON, YouTube's anonymous playlist links.</summary>
public static class Playlists
{
    /// <summary>YouTube's anonymous playlist link takes at most this many ids.</summary>
    public const int YoutubeChunk = 50;

    /// <summary>How results and playlists are written as JSON (camelCase, kinds as their names).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>An extended M3U playlist: one <c>#EXTINF</c> line (seconds, "artists - title") and one YouTube address per video.</summary>
    public static string ToM3u(IEnumerable<PlaylistVideo> videos)
    {
        ArgumentNullException.ThrowIfNull(videos);
        var sb = new StringBuilder("#EXTM3U\n");
        foreach (var v in videos)
        {
            var title = v.Title ?? v.Work.Title ?? v.YoutubeId;
            if (v.Title is null && v.Work.Artists is { } a)
            {
                title = a + " - " + title;
            }

            // A line break in a title would end the entry early.
            title = title.Replace('\r', ' ').Replace('\n', ' ');
            sb.Append("#EXTINF:").Append((v.Duration ?? -1).ToString(CultureInfo.InvariantCulture)).Append(',').Append(title).Append('\n');
            sb.Append(WatchUrl(v.YoutubeId)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The video's page on YouTube.</summary>
    public static string WatchUrl(string youtubeId) => "https://www.youtube.com/watch?v=" + Uri.EscapeDataString(youtubeId);

    /// <summary>Anonymous playlist links (no sign-in), 50 videos each.</summary>
    public static IReadOnlyList<string> YoutubeLinks(IEnumerable<string> youtubeIds) =>
        youtubeIds.Chunk(YoutubeChunk).Select(c => "https://www.youtube.com/watch_videos?video_ids=" + string.Join(",", c.Select(Uri.EscapeDataString))).ToList();
}
