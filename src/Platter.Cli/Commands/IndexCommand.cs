using System.CommandLine;
using Platter.Index;
using Platter.Storage;

namespace Platter.Cli.Commands;

/// <summary><c>platter index [--db DB] [--local FILE] [--redis HOST:PORT]</c>: builds the tag index from the catalog.</summary>
internal static class IndexCommand
{
    public static Command Create(CliContext context)
    {
        var db = ImportCommand.DatabaseOption();
        var local = ImportCommand.LocalOption();
        var redis = new Option<string?>("--redis")
        {
            Description = "Also write the index to this Redis server, in the seed's layout: a set of work ids per tag (tag:KIND:NAME) and a list of video ids per work (work:ID:videos).",
            HelpName = "HOST:PORT",
        };
        redis.Validators.Add(r =>
        {
            // Checked before the build, not after it when the connection is made.
            if (r.GetValueOrDefault<string?>() is { } value && !IsHostAndPort(value))
            {
                r.AddError($"--redis: '{value}' is not HOST:PORT (a port from 1 to 65535), for example 127.0.0.1:6379.");
            }
        });
        var single = new Option<bool>("--single-thread") { Description = "Read the catalog on one thread (the default uses two where the machine has them)." };
        var command = new Command(
            "index",
            "Build the tag index (genre, style, decade, year, country, label, artist, format → works and their YouTube videos) from the catalog, and swap it in atomically. import and sync run it by themselves when masters or releases changed.")
        {
            db,
            local,
            redis,
            single,
        };
        command.SetAction(async (result, ct) =>
        {
            var stores = ImportCommand.Stores(context, result.GetValue(db), result.GetValue(local));
            var report = await BuildAsync(context, stores, !result.GetValue(single), ct);
            if (result.GetValue(redis) is { } endpoint)
            {
                await ExportRedisAsync(context, stores.Local, endpoint, ct);
            }

            return report is null ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Builds the index, printing one line about it; throws <see cref="CliException"/> when it cannot.</summary>
    public static async Task<IndexBuildReport?> BuildAsync(CliContext context, Stores stores, bool parallel, CancellationToken ct)
    {
        var database = stores.Local;
        await context.Error.WriteLineAsync(stores.Catalog == stores.Local
            ? $"Building the tag index of {database} …"
            : $"Building the tag index of {CatalogStore.Display(stores.Catalog)} into {database} …");
        try
        {
            var report = await Task.Run(() => new IndexBuilder(stores.Catalog, stores.Local) { Parallel = parallel }.Build(ct), ct);
            await context.Out.WriteLineAsync(
                $"Tag index built: {report.Works:N0} works ({report.WorksWithVideos:N0} with videos), {report.Videos:N0} videos, {report.Tags:N0} tags in {Consoles.Duration(report.Elapsed)} " +
                $"(reading {Consoles.Duration(report.ReadTime)}, writing {Consoles.Duration(report.WriteTime)}).");
            return report;
        }
        catch (IndexException e)
        {
            throw new CliException(e.Message, ExitCodes.Failure);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new CliException($"The tag index of {database} could not be written: {e.Message}. The index before it is still in place.", e, ExitCodes.Failure);
        }
    }

    private static bool IsHostAndPort(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0
            && int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535;
    }

    private static async Task ExportRedisAsync(CliContext context, string database, string endpoint, CancellationToken ct)
    {
        await context.Error.WriteLineAsync($"Writing the tag index to Redis at {endpoint} …");
        try
        {
            var index = TagIndex.Open(database, ct);
            var report = await RedisExport.WriteAsync(index, endpoint, ct);
            await context.Out.WriteLineAsync($"Redis {endpoint}: {report.Sets:N0} tag sets and {report.Lists:N0} video lists written in {Consoles.Duration(report.Elapsed)}.");
        }
        catch (RedisExportException e)
        {
            throw new CliException(e.Message, ExitCodes.Failure);
        }
    }
}
