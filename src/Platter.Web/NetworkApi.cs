using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Platter.Collection;

namespace Platter.Web;

/// <summary>A node of the drawn network.</summary>
/// <param name="Id">The element id: <c>me</c>, or <c>a</c> + the artist id.</param>
/// <param name="ArtistId">The Discogs artist id (0 for Me).</param>
/// <param name="Label">The artist's name, or the user name for Me.</param>
/// <param name="Kind">me, collection or related.</param>
/// <param name="Items">Items as main artist (the collection's size for Me).</param>
/// <param name="Community">The community (-1 for Me).</param>
/// <param name="Centrality">PageRank over the relations.</param>
/// <param name="X">Position, computed on the server (see <see cref="NetworkLayout"/>).</param>
/// <param name="Y">Position.</param>
/// <param name="Size">Diameter.</param>
/// <param name="Rank">0 for Me, then by items and centrality; the page labels the first ranks.</param>
public sealed record NetworkNodeView(string Id, long ArtistId, string Label, string Kind, int Items, int Community, double Centrality, double X, double Y, double Size, int Rank);

/// <summary>An edge of the drawn network: <c>collects</c> (Me → an artist, weight = items) or a relation.</summary>
/// <param name="Source">Source element id.</param>
/// <param name="Target">Target element id.</param>
/// <param name="Type">collects, member_of, alias_of, together, credited_on or track_artist_on.</param>
/// <param name="Weight">Items for collects; releases (or 1 for a link from an artist record) for a relation.</param>
public sealed record NetworkEdgeView(string Source, string Target, string Type, int Weight);

/// <summary>A community, named by its most central artists.</summary>
/// <param name="Id">Its id, as in <see cref="NetworkNodeView.Community"/>.</param>
/// <param name="Label">Its three most central artists.</param>
/// <param name="Size">Its artists.</param>
public sealed record NetworkCommunityView(int Id, string Label, int Size);

/// <summary>The artist network of one collector, placed for drawing.</summary>
/// <param name="User">Whose collection.</param>
/// <param name="Users">Every collector in the database.</param>
/// <param name="Nodes">Me first, then the artists by id.</param>
/// <param name="Edges">Me's edges, then the relations.</param>
/// <param name="Communities">Largest first.</param>
public sealed record NetworkResponse(string User, IReadOnlyList<string> Users, IReadOnlyList<NetworkNodeView> Nodes, IReadOnlyList<NetworkEdgeView> Edges, IReadOnlyList<NetworkCommunityView> Communities);

/// <summary>Discoveries of one collector.</summary>
/// <param name="User">Whose collection.</param>
/// <param name="Users">Every collector in the database.</param>
/// <param name="Today">The day "this month" was taken from.</param>
/// <param name="Weights">The similarity's weights, for the page to say how it is made.</param>
/// <param name="Found">What was found.</param>
public sealed record DiscoverResponse(string User, IReadOnlyList<string> Users, string Today, IReadOnlyDictionary<string, double> Weights, Discoveries Found);

/// <summary>The collection's artist network and discoveries: <c>/network</c>, <c>/discover</c> and their JSON.</summary>
public static class NetworkApi
{
    /// <summary>Maps the pages and endpoints.</summary>
    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/network", (HttpContext http, SiteOptions options) => SitePages.Serve(http, "network.html", options)).ExcludeFromDescription();
        app.MapGet("/discover", (HttpContext http, SiteOptions options) => SitePages.Serve(http, "discover.html", options)).ExcludeFromDescription();
        var api = app.MapGroup("/api/collection").WithTags("Collection");
        api.MapGet("/network", Network).WithSummary("The artist network centred on the collector (?user=, default: the collection synced last): nodes placed for drawing, edges, communities.");
        api.MapGet("/discover", DiscoverAll).WithSummary("Similar artists, items to rediscover, this month in the collection's history, and blind spots (?user=; ?on=YYYY-MM-DD for the day, ?seed= for the draw).");
        return app;
    }

    private static Results<Ok<NetworkResponse>, ProblemHttpResult> Network(SiteOptions options, NetworkCache networks, string? user) => WithCollection<NetworkResponse>(options, user, (db, name, users) =>
    {
        var network = networks.Get(db, name);
        var places = NetworkLayout.Place(network);
        var nodes = network.Nodes.Select(n =>
        {
            var p = places[n.Id];
            return new NetworkNodeView(NodeId(n.Id), n.Id, n.Label, n.Kind, n.Items, n.Community, Math.Round(n.Centrality, 6), p.X, p.Y, p.Size, p.Rank);
        }).ToList();
        var edges = network.Edges.Select(e => new NetworkEdgeView(NodeId(e.Source), NodeId(e.Target), e.Type, e.Weight)).ToList();
        var communities = network.Communities.OrderByDescending(c => c.Size).ThenBy(c => c.Id).Select(c => new NetworkCommunityView(c.Id, c.Label, c.Size)).ToList();
        return TypedResults.Ok(new NetworkResponse(name, users, nodes, edges, communities));
    });

    private static Results<Ok<DiscoverResponse>, ProblemHttpResult> DiscoverAll(SiteOptions options, string? user, string? on, int? seed) => WithCollection<DiscoverResponse>(options, user, (db, name, users) =>
    {
        DateOnly? today = null;
        if (!string.IsNullOrEmpty(on))
        {
            if (!DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return Problem(StatusCodes.Status400BadRequest, "Not a day", $"?on={on} is not a day; write it as YYYY-MM-DD, e.g. 2021-01-15.");
            }

            today = day;
        }

        var day2 = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        using var catalog = options.OpenOtherCatalog();
        var found = Discover.Find(db, name, new DiscoverOptions { Today = day2, Seed = seed }, catalog);
        var w = Discover.Weights;
        var weights = new Dictionary<string, double> { ["genres"] = w.Genres, ["styles"] = w.Styles, ["labels"] = w.Labels, ["collaborators"] = w.Collaborators };
        return TypedResults.Ok(new DiscoverResponse(name, users, day2.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), weights, found));
    });

    /// <summary>Opens the database read-only, picks the user, and answers what is missing as ProblemDetails.</summary>
    private static Results<Ok<T>, ProblemHttpResult> WithCollection<T>(SiteOptions options, string? user, Func<SqliteConnection, string, IReadOnlyList<string>, Results<Ok<T>, ProblemHttpResult>> answer)
    {
        if (!File.Exists(options.DatabasePath))
        {
            return Problem(StatusCodes.Status404NotFound, "No database", $"There is no database at {options.DatabasePath}. Run `platter collection sync` to pull your Discogs collection into it.");
        }

        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using (var busy = db.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout=5000";
            busy.ExecuteNonQuery();
        }

        var users = CollectionViews.Users(db);
        if (users.Count == 0)
        {
            return Problem(StatusCodes.Status404NotFound, "No collection", $"The database {options.DatabasePath} holds no Discogs collection yet. Sign in and press Sync collection on the Settings page, or run `platter collection sync`; then reload this page.");
        }

        var name = string.IsNullOrEmpty(user) ? users[0] : users.FirstOrDefault(u => string.Equals(u, user, StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            return Problem(StatusCodes.Status404NotFound, "No such collection", $"The database holds no collection of '{user}'; it holds {string.Join(", ", users)}. Run `platter collection sync` signed in as {user} to add it.");
        }

        if (!Exists(db, "der_relation") || !Exists(db, "der_artist_items"))
        {
            return Problem(StatusCodes.Status404NotFound, "Not derived yet", $"The collection of {name} is stored but not derived. Run `platter collection derive` (or `platter collection sync`).");
        }

        return answer(db, name, users);
    }

    private static bool Exists(SqliteConnection db, string table)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $n";
        cmd.Parameters.AddWithValue("$n", table);
        return cmd.ExecuteScalar() is not null;
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);

    private static string NodeId(long id) => id == 0 ? "me" : "a" + id.ToString(CultureInfo.InvariantCulture);
}
