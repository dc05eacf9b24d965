using System.CommandLine;
using System.Text.Json;
using Platter.Index;
using Spectre.Console;

namespace Platter.Cli.Commands;

/// <summary><c>platter query TAG...</c>: the works and videos that carry every tag given.</summary>
internal static class QueryCommand
{
    public static Command Create(CliContext context)
    {
        var db = ImportCommand.DatabaseOption();
        var local = ImportCommand.LocalOption();
        var tags = new Argument<string[]>("TAG")
        {
            Description = "Tags as KIND:NAME (kinds: " + TagKinds.List + "). KIND:A|B matches either; not:KIND:NAME (or -KIND:NAME after --) excludes.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (count, page of works with their videos, facets)." };
        var m3u = new Option<bool>("--m3u") { Description = "Print the videos of every matching work as an M3U playlist." };
        var limit = new Option<int>("--limit") { CustomParser = NumberOption.Whole<int>("--limit"), Description = "Works per page.", DefaultValueFactory = _ => 20 };
        var offset = new Option<int>("--offset") { CustomParser = NumberOption.Whole<int>("--offset"), Description = "Works to skip." };
        var shuffle = new Option<long?>("--shuffle") { CustomParser = NumberOption.OptionalWhole<long>("--shuffle"), Description = "Shuffle the works with this seed.", HelpName = "SEED" };
        var videosOnly = new Option<bool>("--videos-only") { Description = "Only works that have videos." };
        var maxVideos = new Option<int>("--max-videos") { CustomParser = NumberOption.Whole<int>("--max-videos"), Description = "Most videos in an M3U playlist.", DefaultValueFactory = _ => 10_000 };
        var command = new Command("query", "Find the works that carry every tag given, with their videos and the most frequent other tags. Example: platter query style:Techno country:Germany decade:1990s")
        {
            db, local, tags, json, m3u, limit, offset, shuffle, videosOnly, maxVideos,
        };
        command.SetAction((result, ct) => Task.Run(() =>
        {
            var stores = ImportCommand.Stores(context, result.GetValue(db), result.GetValue(local));
            TagIndex index;
            try
            {
                index = TagIndex.Open(stores.Local, stores.Catalog, ct);
            }
            catch (IndexException e)
            {
                throw new CliException(e.Message, ExitCodes.Failure);
            }

            if (index.Info.Stale)
            {
                context.Error.WriteLine($"warning: masters or releases were imported after the tag index was built; rebuild it with: {stores.IndexCommandLine}");
            }

            try
            {
                var query = index.Parse(result.GetValue(tags)!, result.GetValue(videosOnly));
                var order = result.GetValue(shuffle) is long seed ? (WorkOrder.Shuffled, seed) : (WorkOrder.Stable, 0L);
                if (result.GetValue(m3u))
                {
                    context.Out.Write(Playlists.ToM3u(index.Playlist(query, 0, result.GetValue(maxVideos), order.Item1, order.Item2).Videos));
                    return ExitCodes.Ok;
                }

                var answer = index.Query(query, new QueryOptions { Limit = result.GetValue(limit), Offset = result.GetValue(offset), Order = order.Item1, Seed = order.Item2 });
                if (result.GetValue(json))
                {
                    context.Out.WriteLine(JsonSerializer.Serialize(answer, Playlists.Json));
                }
                else
                {
                    Print(context, answer);
                }

                return ExitCodes.Ok;
            }
            catch (TagQueryException e)
            {
                throw new CliException(e.Message, ExitCodes.Usage);
            }
        }, ct));
        return command;
    }

    private static void Print(CliContext context, QueryResult answer)
    {
        var console = Consoles.Over(context.Out, context.Interactive);
        console.WriteLine($"{string.Join(" ", answer.Query.Clauses.Select(c => c.Token))}: {answer.Works:N0} works, {answer.Videos:N0} videos");
        if (answer.Page.Count > 0)
        {
            var table = new Table().AddColumn("Work").AddColumn("Artists").AddColumn("Title").AddColumn(new TableColumn("Year").RightAligned()).AddColumn("Labels").AddColumn(new TableColumn("Videos").RightAligned());
            foreach (var w in answer.Page)
            {
                table.AddRow(
                    w.MasterId is long m ? $"master {m}" : $"release {w.ReleaseId}",
                    Markup.Escape(w.Artists ?? ""),
                    Markup.Escape(w.Title ?? ""),
                    w.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    Markup.Escape(w.Labels ?? ""),
                    w.VideoCount.ToString("N0"));
            }

            console.Write(table);
        }

        if (answer.Facets is { } f)
        {
            console.WriteLine(f.Estimated ? $"Other tags (estimated from {f.Counted:N0} of the works):" : "Other tags:");
            foreach (var facet in f.Kinds.Where(k => k.Tags.Count > 0))
            {
                console.WriteLine($"  {facet.Kind.Name()}: " + string.Join(", ", facet.Tags.Take(8).Select(t => $"{t.Tag.Name} ({t.Works:N0})")));
            }
        }
    }
}
