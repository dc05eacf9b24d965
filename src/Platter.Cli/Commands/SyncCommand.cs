using System.CommandLine;
using Platter.Catalog.Sync;
using Platter.Dumps.Download;
using Platter.Storage;

namespace Platter.Cli.Commands;

/// <summary><c>platter sync [--db FILE] [--dir DIR] [--source URL]</c>: download what is newer than the database holds, then import it.</summary>
public static class SyncCommand
{
    /// <summary>Builds the <c>sync</c> verb.</summary>
    public static Command Create(CliContext context)
    {
        var db = ImportCommand.DatabaseOption();
        var local = ImportCommand.LocalOption();
        var dir = DumpCli.DirOption();
        var source = DumpCli.SourceOption();
        var entities = new Option<string>("--entities")
        {
            Description = "Comma-separated entities to keep up to date.",
            HelpName = "artists,labels,masters,releases",
            DefaultValueFactory = _ => string.Join(',', DumpNames.Entities),
        };
        var sync = new Command(
            "sync",
            "Bring the catalog up to date: find the newest dump at the source, download and verify what is newer than the database holds (resuming), then import it. Does nothing when the database is current.");
        sync.Options.Add(db);
        sync.Options.Add(local);
        sync.Options.Add(dir);
        sync.Options.Add(source);
        sync.Options.Add(entities);
        sync.SetAction(async (parse, ct) =>
        {
            var wanted = DumpsCommand.ParseEntities(parse.GetValue(entities));
            var root = DumpCli.SourceUri(context, parse.GetValue(source));
            var folder = DumpCli.DumpsDirectory(context, parse.GetValue(dir));
            var stores = ImportCommand.Stores(context, parse.GetValue(db), parse.GetValue(local));
            var database = stores.Catalog;

            // Found out now, not after gigabytes of download.
            if (!CatalogStore.IsPostgres(database) && Path.GetDirectoryName(database) is { } dbFolder && !Directory.Exists(dbFolder))
            {
                throw new CliException($"The folder of the database {database} does not exist; create it or choose another --db.");
            }
            using var http = DumpCli.CreateHttpClient();
            var downloads = await DumpCli.RunAsync(() => DownloadProgress.RunAsync(context, async observer =>
            {
                var catalogSync = new CatalogSync(new DumpSource(http, root, observer: observer), database, folder);
                var plan = await catalogSync.PlanAsync(wanted, ct);
                foreach (var note in plan.Dumps.Notes)
                {
                    observer.Note(note);
                }

                foreach (var item in plan.Items)
                {
                    await context.Error.WriteLineAsync(Describe(item));
                }

                return await catalogSync.DownloadAsync(plan, ct);
            }));

            if (downloads.Count == 0)
            {
                await context.Out.WriteLineAsync($"{CatalogStore.Display(database)} is up to date; nothing downloaded or imported.");
                return ExitCodes.Ok;
            }

            // The same import as 'platter import', with its progress and summary.
            return await ImportCommand.RunAsync(context, stores, downloads.Select(d => d.Path).ToList(), ct);
        });
        return sync;
    }

    private static string Describe(SyncItem item)
    {
        var latest = item.Latest.File.Date.ToString("yyyy-MM-dd");
        return item switch
        {
            { IsNewer: false } => $"{item.Entity}: the database holds the {latest} dump, the newest at the source.",
            { Imported: null } => $"{item.Entity}: no dated import in the database yet; fetching the {latest} dump.",
            _ => $"{item.Entity}: the database holds {item.Imported:yyyy-MM-dd}; fetching the {latest} dump.",
        };
    }
}
