using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Platter.Index;

namespace Platter.Web;

/// <summary>The site's status: what it serves and whether the index is there.</summary>
/// <param name="Database">The database file.</param>
/// <param name="Index">The index, when there is one.</param>
/// <param name="Problem">Why there is none, and what to run.</param>
/// <param name="Kinds">The tag kinds.</param>
public sealed record SiteStatus(string Database, IndexInfo? Index, string? Problem, IReadOnlyList<string> Kinds);

/// <summary>Works matching a query, for the API.</summary>
/// <param name="Tags">The query's tags as written.</param>
/// <param name="Works">Matching works.</param>
/// <param name="Videos">Their videos.</param>
/// <param name="Offset">The page's first work.</param>
/// <param name="Page">The works of the page.</param>
/// <param name="Facets">Facets, when asked for.</param>
public sealed record WorksResponse(IReadOnlyList<string> Tags, int Works, long Videos, int Offset, IReadOnlyList<WorkItem> Page, FacetsResponse? Facets);

/// <summary>Facets for the API.</summary>
/// <param name="Estimated">True when counted over a sample of the result.</param>
/// <param name="Counted">Works counted.</param>
/// <param name="Kinds">Per kind (by kind name), the top tags with their counts.</param>
/// <param name="CountedPerKind">Per kind, how many works were counted (fewer than the result when estimated).</param>
public sealed record FacetsResponse(bool Estimated, int Counted, IReadOnlyDictionary<string, IReadOnlyList<TagCount>> Kinds, IReadOnlyDictionary<string, int> CountedPerKind);

/// <summary>A tag with a count.</summary>
/// <param name="Token">The tag as written in a query.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Name">Its name.</param>
/// <param name="Works">Works (of the result, for a facet; of the catalog, for a suggestion).</param>
/// <param name="Videos">Videos of its works, for a suggestion.</param>
public sealed record TagCount(string Token, string Kind, string Name, int Works, long? Videos = null);

/// <summary>A stretch of the playlist for the API.</summary>
/// <param name="Videos">The videos.</param>
/// <param name="NextOffset">The work offset to ask for next, or null at the end.</param>
/// <param name="YoutubeLinks">Anonymous YouTube playlist links for these videos, 50 a link.</param>
public sealed record VideosResponse(IReadOnlyList<PlaylistVideo> Videos, int? NextOffset, IReadOnlyList<string> YoutubeLinks);

/// <summary>The JSON API of the tag explorer: <c>/api/status</c>, <c>/api/tags</c>, <c>/api/suggest</c>, <c>/api/works</c>, <c>/api/facets</c>, <c>/api/videos</c>, and the playlist downloads.</summary>
public static class TagsApi
{
    /// <summary>Most videos one playlist download holds.</summary>
    public const int MaxPlaylist = 10_000;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapTagsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Tag explorer");
        api.MapGet("/status", Status).WithSummary("What the site serves, and whether its tag index is there and current.");
        api.MapGet("/tags", Tags).WithSummary("The most frequent tags of a kind (?kind=style&limit=50).");
        api.MapGet("/suggest", Suggest).WithSummary("Autocomplete: tags whose name or a word of it starts with ?q= (case and accents ignored; q=style:deep looks in one kind).");
        api.MapGet("/works", Works).WithSummary("Works carrying every tag ?t= (repeatable; KIND:A|B for either, -KIND:NAME to exclude; in:collection and in:wantlist for the synced collection of ?user=, else the latest synced), a page of them with their videos, and the facets.");
        api.MapGet("/facets", Facets).WithSummary("The most frequent other tags of each kind within the result of ?t=.");
        api.MapGet("/videos", Videos).WithSummary("The result's videos work after work, from the work ?offset=, up to ?limit= videos; nextOffset continues.");
        api.MapGet("/playlist.m3u", M3u).WithSummary("The result's videos as an M3U playlist download.");
        api.MapGet("/playlist.json", PlaylistJson).WithSummary("The result's videos as a JSON download.");
        return app;
    }

    private static Ok<SiteStatus> Status(IndexHost host)
    {
        var index = host.Current;
        return TypedResults.Ok(new SiteStatus(host.Shown, index?.Info, host.Problem, TagKinds.All.Select(k => k.Name()).ToList()));
    }

    private static IResult Tags(HttpContext http, IndexHost host) => Answer(http, host, (index, q) =>
    {
        var kind = q.Kind("kind") ?? throw new TagQueryException($"Name a kind: ?kind=style. The kinds are: {TagKinds.List}.");
        var limit = q.Int("limit", 50, 1, 1000);
        return TypedResults.Ok(index.Suggest("", limit, kind).Select(ToCount).ToList());
    });

    private static IResult Suggest(HttpContext http, IndexHost host) => Answer(http, host, (index, q) =>
    {
        var text = q.One("q") ?? "";
        if (text.Length > 200)
        {
            throw new TagQueryException("The text to complete (q) is longer than 200 characters.");
        }

        var limit = q.Int("limit", 10, 1, 50);
        var kind = q.Kind("kind");
        var tags = index.Suggest(text, limit, kind).Select(ToCount);
        return TypedResults.Ok((kind is null ? q.SetSuggestions(index, text) : []).Concat(tags).Take(limit).ToList());
    });

    private static IResult Works(HttpContext http, IndexHost host) => Answer(http, host, (index, q) =>
    {
        var query = q.Query(index);
        var options = q.Options(facetsDefault: 20);
        var result = index.Query(query, options);
        return TypedResults.Ok(new WorksResponse(query.Clauses.Select(c => c.Token).ToList(), result.Works, result.Videos, result.Offset, result.Page, ToFacets(result.Facets)));
    });

    private static IResult Facets(HttpContext http, IndexHost host) => Answer(http, host, (index, q) =>
    {
        var query = q.Query(index, allowEmpty: true);
        var result = index.Query(query, new QueryOptions { Limit = 0, FacetsPerKind = q.Int("facets", 20, 1, 100) });
        return TypedResults.Ok(ToFacets(result.Facets));
    });

    private static IResult Videos(HttpContext http, IndexHost host) => Answer(http, host, (index, q) =>
    {
        var query = q.Query(index);
        var options = q.Options(facetsDefault: 0, pageLimit: false);
        var page = index.Playlist(query, options.Offset, q.Int("limit", 200, 1, 1000), options.Order, options.Seed);
        return TypedResults.Ok(new VideosResponse(page.Videos, page.NextOffset, Playlists.YoutubeLinks(page.Videos.Select(v => v.YoutubeId))));
    });

    private static IResult M3u(HttpContext http, IndexHost host) => Answer(http, host, (index, q) =>
    {
        var query = q.Query(index);
        var options = q.Options(facetsDefault: 0, pageLimit: false);
        var page = index.Playlist(query, 0, q.Int("limit", MaxPlaylist, 1, MaxPlaylist), options.Order, options.Seed);
        return TypedResults.File(Encoding.UTF8.GetBytes(Playlists.ToM3u(page.Videos)), "audio/x-mpegurl", FileName(query, "m3u"));
    });

    private static IResult PlaylistJson(HttpContext http, IndexHost host) => Answer(http, host, (index, q) =>
    {
        var query = q.Query(index);
        var options = q.Options(facetsDefault: 0, pageLimit: false);
        var page = index.Playlist(query, 0, q.Int("limit", MaxPlaylist, 1, MaxPlaylist), options.Order, options.Seed);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { tags = query.Clauses.Select(c => c.Token), videos = page.Videos }, Playlists.Json);
        return TypedResults.File(body, "application/json", FileName(query, "json"));
    });

    private static string FileName(TagQuery query, string extension)
    {
        var name = string.Join("_", query.Clauses.Select(c => c.Token));
        var safe = new string(name.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray());
        return "platter-" + (safe.Length > 80 ? safe[..80] : safe) + "." + extension;
    }

    private static TagCount ToCount(TagSuggestion s) => new(s.Tag.Token, s.Tag.Kind.Name(), s.Tag.Name, s.Tag.Works, s.Videos);

    private static FacetsResponse? ToFacets(FacetSet? f) => f is null ? null : new FacetsResponse(
        f.Estimated,
        f.Counted,
        f.Kinds.ToDictionary(k => k.Kind.Name(), k => (IReadOnlyList<TagCount>)k.Tags.Select(t => new TagCount(t.Tag.Token, t.Tag.Kind.Name(), t.Tag.Name, t.Works)).ToList()),
        f.Kinds.ToDictionary(k => k.Kind.Name(), k => k.Counted));

    /// <summary>Runs an endpoint against the current index, turning every mistake of the caller into a 400 with ProblemDetails.</summary>
    private static IResult Answer(HttpContext http, IndexHost host, Func<TagIndex, QueryReader, IResult> run)
    {
        for (var attempt = 0; ; attempt++)
        {
            var index = host.Current;
            if (index is null)
            {
                return TypedResults.Problem(host.Problem, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No tag index");
            }

            try
            {
                return run(index, new QueryReader(http.Request.Query, host.DatabasePath));
            }
            catch (TagQueryException e)
            {
                var problem = new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "Bad query", Detail = e.Message };
                if (e.Suggestions.Count > 0)
                {
                    problem.Extensions["suggestions"] = e.Suggestions;
                }

                return TypedResults.Problem(problem);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal) && attempt == 0)
            {
                // Two rebuilds went by while this generation was loaded, and the second dropped its
                // tables: load the current one and answer from it.
                host.Reload();
            }
        }
    }

    /// <summary>Reads the query string with messages that say which parameter is wrong and what it takes.</summary>
    private sealed class QueryReader(IQueryCollection query, string databasePath)
    {
        public string? One(string name)
        {
            var v = query[name];
            if (v.Count > 1)
            {
                throw new TagQueryException($"The parameter '{name}' was given {v.Count} times; give it once.");
            }

            return v.Count == 0 ? null : v[0];
        }

        public int Int(string name, int fallback, int min, int max)
        {
            var s = One(name);
            if (string.IsNullOrEmpty(s))
            {
                return fallback;
            }

            if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            {
                throw new TagQueryException($"The parameter '{name}' takes a whole number from {min:N0} to {max:N0}; '{Shorten(s)}' was given.");
            }

            return n;
        }

        public TagKind? Kind(string name)
        {
            var s = One(name);
            if (string.IsNullOrEmpty(s))
            {
                return null;
            }

            return TagKinds.Parse(s) ?? throw new TagQueryException($"Unknown tag kind '{Shorten(s)}'. The kinds are: {TagKinds.List}.");
        }

        /// <summary><c>in:collection</c> and <c>in:wantlist</c> when <paramref name="text"/> starts one of them (or its name) and the set has works.</summary>
        public IEnumerable<TagCount> SetSuggestions(TagIndex index, string text)
        {
            var sets = new CollectionTags(databasePath, One("user"));
            var typed = text.Trim();
            foreach (var name in sets.Names)
            {
                var token = sets.Kind + ":" + name;
                if (typed.Length < 2 || !(token.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                QueryResult result;
                try
                {
                    result = index.Query(index.Parse([token], false, sets), new QueryOptions { Limit = 0, FacetsPerKind = 0 });
                }
                catch (TagQueryException)
                {
                    continue; // nothing synced: nothing to suggest
                }

                if (result.Works > 0)
                {
                    yield return new TagCount(token, sets.Kind, name, result.Works, result.Videos);
                }
            }
        }

        public TagQuery Query(TagIndex index, bool allowEmpty = false)
        {
            var tags = query["t"].Where(t => t is not null).Select(t => t!).ToList();
            var videos = One("videos");
            if (videos is not (null or "" or "only" or "all"))
            {
                throw new TagQueryException($"The parameter 'videos' takes 'only' or 'all'; '{Shorten(videos)}' was given.");
            }

            var parsed = index.Parse(tags, videos == "only", new CollectionTags(databasePath, One("user")));
            if (parsed.IsEmpty && !allowEmpty)
            {
                throw new TagQueryException("Choose at least one tag to include: ?t=KIND:NAME, for example ?t=style:Techno. The kinds are: " + TagKinds.List + ".");
            }

            return parsed;
        }

        public QueryOptions Options(int facetsDefault, bool pageLimit = true)
        {
            var order = One("order");
            if (order is not (null or "" or "stable" or "shuffle"))
            {
                throw new TagQueryException($"The parameter 'order' takes 'stable' or 'shuffle'; '{Shorten(order)}' was given.");
            }

            var seedText = One("seed");
            long seed = 0;
            if (!string.IsNullOrEmpty(seedText) && !long.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
            {
                throw new TagQueryException($"The parameter 'seed' takes a whole number; '{Shorten(seedText)}' was given.");
            }

            return new QueryOptions
            {
                Offset = Int("offset", 0, 0, int.MaxValue),
                Limit = pageLimit ? Int("limit", 50, 0, QueryOptions.MaxLimit) : 50,
                Order = order == "shuffle" ? WorkOrder.Shuffled : WorkOrder.Stable,
                Seed = seed,
                FacetsPerKind = Int("facets", facetsDefault, 0, 100),
            };
        }

        private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;
    }
}
