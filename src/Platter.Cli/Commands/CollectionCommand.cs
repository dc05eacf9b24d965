using System.CommandLine;
using System.Globalization;
using System.Text;
using Platter.Collection;

namespace Platter.Cli.Commands;

/// <summary><c>platter collection sync</c>: the collector's own collection, into the database.</summary>
internal static class CollectionCommand
{
    public static Command Create(CliContext context)
    {
        var connection = new DiscogsConnectionOptions(context);
        var collection = new Command("collection", "Your Discogs collection: pull it and the records behind it into the database, and read what Platter derives from it.");
        connection.AddTo(collection);
        collection.Subcommands.Add(Sync(context, connection));
        collection.Subcommands.Add(DeriveVerb(context, connection));
        collection.Subcommands.Add(Stats(context, connection));
        collection.Subcommands.Add(ArtistVerb(context, connection));
        collection.Subcommands.Add(NetworkVerb(context, connection));
        return collection;
    }

    private static Option<string?> UserOption() => new("--user") { Description = "Whose collection (default: the signed-in user, else the only one in the database).", HelpName = "NAME" };

    /// <summary>Opens the store and picks the user: --user, the signed-in user, or the only one synced.</summary>
    private static (Microsoft.Data.Sqlite.SqliteConnection Db, string User, string Path) Open(CliContext context, DiscogsConnectionOptions connection, ParseResult parse, Option<string?> db, Option<string?> local, Option<string?> user)
    {
        var stores = ImportCommand.Stores(context, parse.GetValue(db), parse.GetValue(local));
        var database = stores.Local;
        if (!File.Exists(database))
        {
            // With a PostgreSQL catalog the collection lives in the local file beside it; the server's address (which may hold a password) is not repeated.
            var sync = stores.Catalog == database ? $"platter collection sync --db {database}" : $"platter collection sync --db DB --local {database}";
            throw new CliException($"The database {database} does not exist. Sync a collection first: {sync}", ExitCodes.Usage);
        }

        var store = CollectionStore.Open(database);
        var who = parse.GetValue(user) ?? connection.StoredUsername() ?? CollectionStats.OnlyUser(store);
        if (who is null || !CollectionStats.HasUser(store, who))
        {
            store.Dispose();
            throw new CliException(
                who is null
                    ? $"No collection is synced in {database}. Run `platter collection sync` first."
                    : $"No collection of {who} is synced in {database}. Run `platter collection sync{(parse.GetValue(user) is null ? "" : " --user " + who)}` first.",
                ExitCodes.Usage);
        }

        return (store, who, database);
    }

    private static Command DeriveVerb(CliContext context, DiscogsConnectionOptions connection)
    {
        var db = ImportCommand.DatabaseOption();
        var local = ImportCommand.LocalOption();
        var user = UserOption();
        var derive = new Command("derive", "Derive again from what is stored (sync does this at its end): band or person, items per artist, each artist's roles, the relations between artists.") { db, local, user };
        derive.SetAction(parse =>
        {
            var (store, who, _) = Open(context, connection, parse, db, local, user);
            using (store)
            {
                context.Out.WriteLine(SyncText.Describe(Derive.Run(store, who)));
            }

            return ExitCodes.Ok;
        });
        return derive;
    }

    private static Command Stats(CliContext context, DiscogsConnectionOptions connection)
    {
        var db = ImportCommand.DatabaseOption();
        var local = ImportCommand.LocalOption();
        var user = UserOption();
        var top = new Option<int>("--top") { CustomParser = NumberOption.Whole<int>("--top"), Description = "How many of each kind to list.", DefaultValueFactory = _ => 10 };
        var stats = new Command("stats", "The collection in figures: items, releases, artists, wants, the value's history, and the top artists, labels, genres, styles, decades, formats and countries.") { db, local, user, top };
        stats.SetAction(parse =>
        {
            var (store, who, _) = Open(context, connection, parse, db, local, user);
            using (store)
            {
                var s = CollectionStats.Summarise(store, who, Math.Max(1, parse.GetValue(top)));
                var o = context.Out;
                o.WriteLine($"Collection of {s.Username}: {SyncText.N(s.Items, "item")}, {SyncText.N(s.Releases, "release")}, {SyncText.N(s.Artists, "main artist")}, {SyncText.N(s.Wants, "want")}.");
                foreach (var v in s.Values)
                {
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Value on {v.TakenAt:yyyy-MM-dd HH:mm}: {v.Minimum:N2} to {v.Maximum:N2} {v.Currency}, median {v.Median:N2}"));
                }

                foreach (var kind in CollectionStats.TopKinds)
                {
                    var list = s.Top[kind];
                    o.WriteLine(list.Count == 0
                        ? $"Top {kind}: none stored"
                        : $"Top {kind}: " + string.Join(", ", list.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} ({c.Items:N0})"))));
                }
            }

            return ExitCodes.Ok;
        });
        return stats;
    }

    private static Command NetworkVerb(CliContext context, DiscogsConnectionOptions connection)
    {
        var db = ImportCommand.DatabaseOption();
        var local = ImportCommand.LocalOption();
        var user = UserOption();
        var format = new Option<string>("--format") { Description = "graphml (yEd, Cytoscape, NetworkX), gexf (Gephi) or json.", DefaultValueFactory = _ => "graphml", HelpName = "graphml|gexf|json" };
        format.AcceptOnlyFromAmong("graphml", "gexf", "json");
        var output = new Option<string?>("--out") { Description = "The file to write (default: standard output).", HelpName = "FILE" };
        var network = new Command("network", "The artist network centred on you: you, every main artist of your items (weighted by items) and the artists one relation away, with communities and a centrality per artist.") { db, local, user, format, output };
        network.SetAction(parse =>
        {
            var (store, who, _) = Open(context, connection, parse, db, local, user);
            ArtistNetwork graph;
            using (store)
            {
                graph = ArtistNetwork.Build(store, who);
            }

            using var buffer = new MemoryStream();
            switch (parse.GetValue(format))
            {
                case "gexf":
                    graph.WriteGexf(buffer);
                    break;
                case "json":
                    graph.WriteJson(buffer);
                    break;
                default:
                    graph.WriteGraphMl(buffer);
                    break;
            }

            var text = Encoding.UTF8.GetString(buffer.ToArray());
            if (parse.GetValue(output) is { } file)
            {
                var path = context.FullPath(file);
                File.WriteAllText(path + ".tmp", text);
                File.Move(path + ".tmp", path, overwrite: true);
            }
            else
            {
                context.Out.WriteLine(text);
            }

            var biggest = graph.Communities.OrderByDescending(c => c.Size).ThenBy(c => c.Id).FirstOrDefault();
            context.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Network of {who}: {N(graph.Nodes.Count, "node")} ({N(graph.Nodes.Count(n => n.Kind == "collection"), "collection artist")}, {graph.Nodes.Count(n => n.Kind == "related"):N0} one relation away), {N(graph.Edges.Count, "edge")}, {N(graph.Communities.Count, "community", "communities")}{(biggest is null ? "" : $"; the largest ({biggest.Size:N0}): {biggest.Label}")}."));
            return ExitCodes.Ok;
        });
        return network;
    }

    private static Command ArtistVerb(CliContext context, DiscogsConnectionOptions connection)
    {
        var db = ImportCommand.DatabaseOption();
        var local = ImportCommand.LocalOption();
        var user = UserOption();
        var name = new Argument<string>("NAME|ID") { Description = "The artist's Discogs id, or its name as Discogs writes it (case-insensitive)." };
        var artist = new Command("artist", "One artist as your collection sees it: band or person, items by part, its roles on each of your releases, and its relations with their evidence.") { db, local, user, name };
        artist.SetAction(parse =>
        {
            var (store, who, _) = Open(context, connection, parse, db, local, user);
            using (store)
            {
                var wanted = parse.GetValue(name)!;
                var a = CollectionStats.Artist(store, who, wanted)
                    ?? throw new CliException($"No artist \"{wanted}\" is named on a release of {who}'s collection or wantlist. Give the Discogs id, or the name as Discogs writes it.", ExitCodes.Failure);
                var o = context.Out;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.Name} (artist {a.Id}): {a.Kind}{(a.Thumbnail is null ? "" : ", image " + a.Thumbnail)}"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Items: {a.Items.Main:N0} as main artist (on {N(a.Releases.Main, "release")}), {a.Items.Track:N0} as track artist (on {N(a.Releases.Track, "release")}), {a.Items.Credit:N0} credited (on {N(a.Releases.Credit, "release")})"));
                foreach (var (release, title, roles) in a.OnReleases)
                {
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  release {release} {title}: {roles}"));
                }

                o.WriteLine(a.Relations.Count == 0 ? "Relations: none" : "Relations:");
                foreach (var (type, other, otherName, outgoing, weight, roles, evidence) in a.Relations)
                {
                    var what = (type, outgoing) switch
                    {
                        ("member_of", true) => "member of",
                        ("member_of", false) => "has member",
                        ("credited_on", true) => "credited on releases of",
                        ("credited_on", false) => "credits",
                        ("track_artist_on", true) => "track artist on releases of",
                        ("track_artist_on", false) => "has as track artist",
                        ("alias_of", _) => "alias of",
                        _ => "main artist with",
                    };
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what} {otherName} ({other}), weight {weight}{(roles is null ? "" : ", as " + roles)}; from {evidence}"));
                }
            }

            return ExitCodes.Ok;
        });
        return artist;
    }

    private static Command Sync(CliContext context, DiscogsConnectionOptions connection)
    {
        var db = ImportCommand.DatabaseOption();
        var local = ImportCommand.LocalOption();
        var only = new Option<bool>("--collection-only") { Description = "Sync the collection's own data (folders, items, wantlist, value) and not the releases, masters and artists behind it." };
        var user = new Option<string?>("--user") { Description = "Whose collection (default: the signed-in user; another user's shows only what they made public).", HelpName = "NAME" };
        var stats = new Option<bool>("--with-stats") { Description = "Also fetch each release's community figures (have, want, rating): one API call per release that came from the catalog, once." };
        var images = new Option<bool>("--with-images") { Description = "Also keep the main artists' thumbnails as files the site serves offline (artists from the catalog need one API call each, once)." };
        var imageFolder = new Option<string?>("--images") { Description = "Where --with-images keeps the thumbnails [default: a folder beside the database, NAME-images]", HelpName = "DIR" };
        var sync = new Command(
            "sync",
            "Pull the collection: every folder, every item with its folder, rating, notes and date added, the wantlist, and a snapshot of the value (added to its history). " +
            "Then the releases, masters and artists behind the items (from the local catalog when it holds them, else through the API) and the derivations (see `collection derive`). " +
            "A second run reads the collection's pages again and stores what changed; an interrupted run continues where it stopped; an item gone from Discogs is removed only after a complete pass.")
        {
            db,
            local,
            user,
            only,
            stats,
            images,
            imageFolder,
        };
        sync.SetAction((parse, ct) => DiscogsConnectionOptions.RunAsync(async () =>
        {
            var stores = ImportCommand.Stores(context, parse.GetValue(db), parse.GetValue(local));
            var database = stores.Local;
            var credentials = connection.Stored(parse)
                ?? throw new CliException("Not signed in. Sign in with `platter auth login` or `platter auth token TOKEN`, then run `platter collection sync` again.", ExitCodes.Auth);
            using var client = connection.Client(parse, credentials);
            CollectionSyncReport report;
            try
            {
                var who = parse.GetValue(user) ?? connection.StoredUsername();
                var folder = parse.GetValue(images) || parse.GetValue(imageFolder) is not null
                    ? context.FullPath(parse.GetValue(imageFolder) ?? ImageFolderOf(database))
                    : null;
                var sync = new CollectionSync(client, database) { WithRecords = !parse.GetValue(only), WithStats = parse.GetValue(stats), ImageFolder = folder, Catalog = stores.Catalog == database ? null : stores.Catalog };
                report = await SyncProgressView.RunAsync(context, client, progress => sync.RunAsync(who, progress, ct));
            }
            catch (CollectionSyncException e)
            {
                throw new CliException(e.Message, e, e.InnerException is Platter.Api.DiscogsUnauthorizedException ? ExitCodes.Auth : ExitCodes.Failure);
            }

            await context.Out.WriteLineAsync(SyncText.Describe(report, database));
            return ExitCodes.Ok;
        }));
        return sync;
    }

    /// <summary>Where thumbnails go by default: <c>platter.db</c> keeps them in <c>platter-images</c> beside it.</summary>
    internal static string ImageFolderOf(string database) =>
        Path.Combine(Path.GetDirectoryName(database) ?? ".", Path.GetFileNameWithoutExtension(database) + "-images");

    /// <summary>"1 release", "2 releases".</summary>
    private static string N(int n, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many ?? one + "s")}");
}
