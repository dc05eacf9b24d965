using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Platter.Testing;

/// <summary>
/// A local stand-in for YouTube's IFrame Player API script (<c>/iframe_api</c>), since YouTube is not
/// reachable from tests. Its <c>YT.Player</c> has the real one's shape: it replaces the element,
/// calls <c>onReady</c>, loads videos with <c>loadVideoById</c>, reports the errors Discogs videos
/// really produce (150: not embeddable, 100: removed) for the ids it is told, and ends a video when
/// the test calls <c>window.__yt.end()</c>. The current video id is the frame's
/// <c>data-video-id</c>; every id loaded is in <c>window.__yt.loads</c>.
/// </summary>
public sealed class FakeYoutube : IAsyncDisposable
{
    private readonly WebApplication _app = LoopbackServer.Build();

    private FakeYoutube()
    {
    }

    /// <summary>Video ids the player answers with an error code, instead of playing.</summary>
    public Dictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The script's address, to give the site.</summary>
    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>Requests for the script.</summary>
    public int Requests { get; private set; }

    /// <summary>Starts the stand-in on 127.0.0.1 on a free port.</summary>
    public static async Task<FakeYoutube> StartAsync()
    {
        var fake = new FakeYoutube();
        var root = await LoopbackServer.StartAsync(fake._app, fake.Handle);
        fake.ApiUrl = new Uri(root, "iframe_api");
        return fake;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task Handle(HttpContext context)
    {
        if (context.Request.Path != "/iframe_api")
        {
            context.Response.StatusCode = 404;
            return;
        }

        Requests++;
        context.Response.ContentType = "text/javascript; charset=utf-8";
        var errors = System.Text.Json.JsonSerializer.Serialize(Errors);
        await context.Response.WriteAsync("window.__ytErrors = " + errors + ";\n" + Script);
    }

    private const string Script = """
        (function () {
          var yt = window.__yt = { loads: [], player: null, end: function () { if (yt.player) yt.player._events.onStateChange({ data: 0, target: yt.player }); } };
          function Player(id, options) {
            var old = typeof id === "string" ? document.getElementById(id) : id;
            var frame = document.createElement("div");
            frame.id = old.id;
            frame.className = "fake-youtube";
            frame.style.cssText = "display:grid;place-items:center;color:#bbb;font:14px monospace;background:#111";
            old.replaceWith(frame);
            this._frame = frame;
            this._events = options.events || {};
            yt.player = this;
            var self = this;
            setTimeout(function () {
              if (self._events.onReady) self._events.onReady({ target: self });
              if (options.videoId) self.loadVideoById(options.videoId);
            }, 0);
          }
          Player.prototype.loadVideoById = function (videoId) {
            var self = this;
            self._frame.setAttribute("data-video-id", videoId);
            self._frame.textContent = "YouTube video " + videoId;
            yt.loads.push(videoId);
            var code = window.__ytErrors[videoId];
            if (code) setTimeout(function () { if (self._events.onError) self._events.onError({ data: code, target: self }); }, 0);
            else if (self._events.onStateChange) setTimeout(function () { self._events.onStateChange({ data: 1, target: self }); }, 0);
          };
          Player.prototype.getVideoData = function () { return { video_id: this._frame.getAttribute("data-video-id") }; };
          window.YT = { Player: Player, PlayerState: { ENDED: 0, PLAYING: 1, PAUSED: 2 } };
          setTimeout(function () { if (window.onYouTubeIframeAPIReady) window.onYouTubeIframeAPIReady(); }, 0);
        })();
        """;
}
