using System.CommandLine;
using System.Globalization;
using Platter.Collection;

namespace Platter.Cli.Commands;

/// <summary><c>platter collection sync</c>: the collector's own collection, into the database.</summary>
internal static class CollectionCommand
{
    public static Command Create(CliContext context)
    {
        var connection = new DiscogsConnectionOptions(context);
        var collection = new Command("collection", "Your Discogs collection: pull it into the database (folders, items, wantlist, value).");
        connection.AddTo(collection);
        collection.Subcommands.Add(Sync(context, connection));
        return collection;
    }

    private static Command Sync(CliContext context, DiscogsConnectionOptions connection)
    {
        var db = ImportCommand.DatabaseOption();
        var only = new Option<bool>("--collection-only") { Description = "Sync the collection's own data (folders, items, wantlist, value) and not the releases, masters and artists behind it." };
        var user = new Option<string?>("--user") { Description = "Whose collection (default: the signed-in user; another user's shows only what they made public).", HelpName = "NAME" };
        var sync = new Command(
            "sync",
            "Pull the collection: every folder, every item with its folder, rating, notes and date added, the wantlist, and a snapshot of the value (added to its history). " +
            "A second run reads the collection's pages again and stores what changed; an interrupted run continues at the page where it stopped; an item gone from Discogs is removed only after a complete pass.")
        {
            db,
            user,
            only,
        };
        sync.SetAction((parse, ct) => DiscogsConnectionOptions.RunAsync(async () =>
        {
            var database = context.FullPath(ImportCommand.DatabasePath(context, parse.GetValue(db)));
            var credentials = connection.Stored(parse)
                ?? throw new CliException("Not signed in. Sign in with `platter auth login` or `platter auth token TOKEN`, then run `platter collection sync` again.", ExitCodes.Auth);
            using var client = connection.Client(parse, credentials);
            CollectionSyncReport report;
            try
            {
                var who = parse.GetValue(user) ?? connection.Secrets.Load()?.GetValueOrDefault("username");
                report = await SyncProgressView.RunAsync(context, client, progress => new CollectionSync(client, database) { WithRecords = !parse.GetValue(only) }.RunAsync(who, progress, ct));
            }
            catch (CollectionSyncException e)
            {
                throw new CliException(e.Message, e, e.InnerException is Platter.Api.DiscogsUnauthorizedException ? ExitCodes.Auth : ExitCodes.Failure);
            }

            await context.Out.WriteLineAsync(Describe(report, database));
            return ExitCodes.Ok;
        }));
        return sync;
    }

    internal static string Describe(CollectionSyncReport r, string database)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Collection of {r.Username} synced into {database}{(r.Resumed ? " (continuing the sync that stopped)" : "")}: {r.Items:N0} items in {r.Folders:N0} {(r.Folders == 1 ? "folder" : "folders")} ({r.ItemsAdded:N0} new, {r.ItemsChanged:N0} changed, {r.ItemsRemoved:N0} removed), {r.Wants:N0} wants ({r.WantsAdded:N0} new, {r.WantsRemoved:N0} removed); {r.Calls:N0} API calls."),
        };
        if (r.Value is { } v)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Value: {v.Minimum:N2} to {v.Maximum:N2} {v.Currency}, median {v.Median:N2}."));
        }

        if (r.Records is { } rec)
        {
            static string From((int Catalog, int Api) n) => string.Create(CultureInfo.InvariantCulture, $"{n.Catalog + n.Api:N0} ({n.Catalog:N0} from the catalog, {n.Api:N0} from the API)");
            lines.Add($"Records stored: {From(rec.Releases)} releases, {From(rec.Masters)} masters, {From(rec.Artists)} artists.");
            if (rec.Missing.Count > 0)
            {
                var shown = string.Join(", ", rec.Missing.Take(10)) + (rec.Missing.Count > 10 ? string.Create(CultureInfo.InvariantCulture, $" and {rec.Missing.Count - 10:N0} more") : "");
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"Not on Discogs (404, skipped and not asked for again): {rec.Missing.Count:N0}: {shown}."));
            }
        }

        if (r.RemovalsDeferred is { } why)
        {
            lines.Add("Note: " + why + ".");
        }

        return string.Join(Environment.NewLine, lines);
    }

}
