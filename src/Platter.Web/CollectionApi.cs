using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Platter.Collection;

namespace Platter.Web;

/// <summary>The dashboard's data.</summary>
/// <param name="User">Whose collection.</param>
/// <param name="Users">Every user with a stored collection, most recently synced first.</param>
/// <param name="Dashboard">The figures.</param>
public sealed record DashboardResponse(string User, IReadOnlyList<string> Users, DashboardView Dashboard);

/// <summary>An artist page's data.</summary>
/// <param name="User">Whose collection the items and relations are of.</param>
/// <param name="Artist">The artist.</param>
/// <param name="Profile">The profile as runs of text and links (Discogs markup read).</param>
/// <param name="Community">The artist's community in the collection's network, or null when the artist is not in the network.</param>
/// <param name="Similar">The artists most like this one.</param>
public sealed record ArtistResponse(string User, ArtistPage Artist, IReadOnlyList<MarkupRun> Profile, CommunityView? Community, ArtistSimilarity Similar);

/// <summary>An artist of a community, as the artist page lists it.</summary>
/// <param name="Id">Discogs artist id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">collection (a main artist of an item) or related (one relation away).</param>
/// <param name="Items">Items with it as a main artist.</param>
/// <param name="Known">True when Platter holds the artist, so it has a page.</param>
public sealed record CommunityArtistView(long Id, string Name, string Kind, int Items, bool Known);

/// <summary>An artist's community in the collection's network (see <see cref="ArtistCommunity"/>).</summary>
/// <param name="Id">The community's id, as the network's JSON numbers it.</param>
/// <param name="Label">Its name as the network page's legend gives it.</param>
/// <param name="Size">Its artists.</param>
/// <param name="Rank">Its place by size (1 the largest), the legend's order.</param>
/// <param name="Communities">How many communities the network has.</param>
/// <param name="Others">Its other artists, most items first, then most central.</param>
public sealed record CommunityView(int Id, string Label, int Size, int Rank, int Communities, IReadOnlyList<CommunityArtistView> Others);

/// <summary>A release page's data.</summary>
/// <param name="User">Whose copies.</param>
/// <param name="Release">The release and the copies.</param>
public sealed record ReleaseResponse(string User, ReleasePage Release);

/// <summary>
/// The collection's JSON API (<c>/api/collection</c>, <c>/api/collection/artists/{id}</c>,
/// <c>/api/collection/releases/{id}</c>; <c>?user=NAME</c>, by default the user synced last) and
/// the pages that show it: <c>/collection</c>, <c>/artist/{id}</c>, <c>/release/{id}</c>.
/// </summary>
public static class CollectionApi
{
    // The pages: one layout (header, navigation, footer) around each page's own part.
    private static readonly string _dashboard = Compose("your collection", "collection", "collection.main.html", "lib/chart.umd.min.js", "site.js", "collection.js");
    private static readonly string _artist = Compose("artist", "collection", "artist.main.html", "site.js", "artist.js");
    private static readonly string _release = Compose("release", "collection", "release.main.html", "site.js", "release.js");

    /// <summary>Maps the endpoints and the pages.</summary>
    public static IEndpointRouteBuilder MapCollectionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/collection").WithTags("Collection");
        api.MapGet("/", Dashboard).WithSummary("The collection in figures: items, releases, artists, value history, items added per month, genres, styles, decades × genres, formats, countries, labels, taste drift, most collected artists (?user=NAME).");
        api.MapGet("/artists/{id}", Artist).WithSummary("An artist as the collection sees it: band or person, members, groups, aliases, profile, items with roles, relations with evidence, its community in the network and its most similar artists.");
        api.MapGet("/releases/{id}", Release).WithSummary("A release of the collection: the copies (folder, rating, date added, fields) and the release (tracks, credits, formats, labels, videos).");

        app.MapGet("/collection", () => Page(_dashboard, null)).ExcludeFromDescription(); // no collection yet is not an error: the page says what to run
        app.MapGet("/artist/{id}", (SiteOptions o, string id, string? user) => Page(_artist, ReadArtist(o, null, id, user).Problem)).ExcludeFromDescription();
        app.MapGet("/release/{id}", (SiteOptions o, string id, string? user) => Page(_release, ReadRelease(o, id, user).Problem)).ExcludeFromDescription();

        return app;
    }

    private static Results<Ok<DashboardResponse>, ProblemHttpResult> Dashboard(SiteOptions options, string? user)
    {
        var (view, problem) = Load(options, user, (db, u) => new DashboardResponse(u, CollectionViews.Users(db), CollectionViews.Dashboard(db, u)));
        return problem is null ? TypedResults.Ok(view!) : problem;
    }

    private static Results<Ok<ArtistResponse>, ProblemHttpResult> Artist(SiteOptions options, NetworkCache networks, string id, string? user)
    {
        var (view, problem) = ReadArtist(options, networks, id, user);
        return problem is null ? TypedResults.Ok(view!) : problem;
    }

    private static Results<Ok<ReleaseResponse>, ProblemHttpResult> Release(SiteOptions options, string id, string? user)
    {
        var (view, problem) = ReadRelease(options, id, user);
        return problem is null ? TypedResults.Ok(view!) : problem;
    }

    /// <summary>The artist's data; without <paramref name="networks"/> (the page, which only needs the status) neither its community nor similar artists.</summary>
    private static (ArtistResponse? View, ProblemHttpResult? Problem) ReadArtist(SiteOptions options, NetworkCache? networks, string id, string? user)
    {
        if (Id(id, "artist") is { } bad)
        {
            return (null, bad);
        }

        var artistId = long.Parse(id, CultureInfo.InvariantCulture);
        var (view, problem) = Load(options, user, (db, u) =>
        {
            var page = CollectionViews.Artist(db, u, artistId);
            if (page is null)
            {
                return null;
            }

            var lookups = new MarkupLookups(
                name => CollectionViews.ArtistIds(db, [name]).TryGetValue(name, out var a) ? a : null,
                a => CollectionViews.ArtistName(db, a),
                l => CollectionViews.LabelName(db, l));
            if (networks is null)
            {
                return new ArtistResponse(u, page, [], null, new ArtistSimilarity("", []));
            }

            using var catalog = options.OpenOtherCatalog();
            CommunityView? community = null;
            if (networks.Get(db, u).CommunityOf(artistId) is { } c)
            {
                var known = CollectionViews.Known(db, c.Others.Select(n => n.Id));
                community = new CommunityView(c.Id, c.Label, c.Size, c.Rank, c.Communities, c.Others.Select(n => new CommunityArtistView(n.Id, n.Label, n.Kind, n.Items, known.Contains(n.Id))).ToList());
            }

            return new ArtistResponse(u, page, DiscogsMarkup.Parse(page.Profile, lookups), community, Discover.SimilarTo(db, u, artistId, catalog: catalog));
        });
        return view is null && problem is null
            ? (null, NotFound("Unknown artist", $"Platter holds no artist {artistId}: no release of the stored collections or wantlists credits it."))
            : (view, problem);
    }

    private static (ReleaseResponse? View, ProblemHttpResult? Problem) ReadRelease(SiteOptions options, string id, string? user)
    {
        if (Id(id, "release") is { } bad)
        {
            return (null, bad);
        }

        var releaseId = long.Parse(id, CultureInfo.InvariantCulture);
        string? who = null;
        var (view, problem) = Load(options, user, (db, u) =>
        {
            who = u;
            using var catalog = options.OpenOtherCatalog();
            return CollectionViews.Release(db, u, releaseId, catalog) is { } page ? new ReleaseResponse(u, page) : null;
        });
        return view is null && problem is null
            ? (null, NotFound("Not in the collection", $"{who}'s collection has no copy of release {releaseId}. The collection's releases are linked from its artists' pages."))
            : (view, problem);
    }

    /// <summary>
    /// Opens the database read-only, finds the user (the one asked for, else the one synced last)
    /// and reads; every way that can fail becomes ProblemDetails that say what to run.
    /// </summary>
    private static (T? View, ProblemHttpResult? Problem) Load<T>(SiteOptions options, string? user, Func<SqliteConnection, string, T?> read)
        where T : class
    {
        if (!File.Exists(options.DatabasePath))
        {
            return (null, Problem(StatusCodes.Status503ServiceUnavailable, "No database", "no-database",
                $"There is no database at {options.DatabasePath}. Run `platter collection sync` (after `platter auth login`) to store your collection in it."));
        }

        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.DatabasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        db.Open();
        if (!CollectionViews.HasCollection(db))
        {
            return (null, Problem(StatusCodes.Status404NotFound, "No collection stored", "no-collection",
                "This database holds no Discogs collection yet. Sign in and press Sync collection on the Settings page, or run `platter collection sync` (after `platter auth login`, or `platter auth token TOKEN`); then reload this page."));
        }

        if (!CollectionViews.HasDerivations(db))
        {
            return (null, Problem(StatusCodes.Status404NotFound, "Collection not derived yet", "not-derived",
                "The collection is stored, but not the releases behind it or what Platter derives from them (it was synced with --collection-only). Run `platter collection sync` again, or `platter collection derive`; then reload this page."));
        }

        var users = CollectionViews.Users(db);
        var name = string.IsNullOrEmpty(user) ? users[0] : users.FirstOrDefault(x => string.Equals(x, user, StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            return (null, Problem(StatusCodes.Status404NotFound, "Unknown user", "unknown-user",
                $"No collection of '{Shorten(user!)}' is stored; stored are: {string.Join(", ", users)}. Run `platter collection sync --user {Shorten(user!)}` to pull it."));
        }

        return (read(db, name), null);
    }

    private static ProblemHttpResult? Id(string id, string what) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? null
            : Problem(StatusCodes.Status400BadRequest, "Bad id", "bad-id", $"A Discogs {what} id is a whole number above 0; '{Shorten(id)}' was given.");

    private static ProblemHttpResult NotFound(string title, string detail) => Problem(StatusCodes.Status404NotFound, title, "not-found", detail);

    private static ProblemHttpResult Problem(int status, string title, string code, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return TypedResults.Problem(problem);
    }

    /// <summary>A page, with the status its data would have (so an unknown artist's page is a 404).</summary>
    private static ContentHttpResult Page(string html, ProblemHttpResult? problem) =>
        TypedResults.Content(html, "text/html; charset=utf-8", statusCode: problem?.StatusCode ?? StatusCodes.Status200OK);

    /// <summary>The layout with a page's title, section (for the navigation), scripts and main part; all of them constants of this file.</summary>
    private static string Compose(string title, string section, string main, params string[] scripts) => SitePages.Text("layout.html")
        .Replace("{{TITLE}}", title, StringComparison.Ordinal)
        .Replace("{{SECTION}}", section, StringComparison.Ordinal)
        .Replace("{{SCRIPTS}}", string.Join('\n', scripts.Select(s => $"  <script src=\"/static/{s}\" defer></script>")), StringComparison.Ordinal)
        .Replace("{{MAIN}}", SitePages.Text(main), StringComparison.Ordinal);

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
