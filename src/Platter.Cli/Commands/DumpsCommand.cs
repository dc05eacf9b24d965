using System.CommandLine;
using System.Text.RegularExpressions;
using Platter.Dumps.Download;

namespace Platter.Cli.Commands;

/// <summary><c>platter dumps list</c> and <c>platter dumps download</c>: the monthly Discogs data dumps.</summary>
public static partial class DumpsCommand
{
    /// <summary>Builds the <c>dumps</c> verb with its two sub-verbs.</summary>
    public static Command Create(CliContext context)
    {
        var dumps = new Command("dumps", "The monthly Discogs data dumps: list what the source has, download and verify files.");
        dumps.Subcommands.Add(CreateList(context));
        dumps.Subcommands.Add(CreateDownload(context));
        return dumps;
    }

    private static Command CreateList(CliContext context)
    {
        var year = new Option<int?>("--year") { CustomParser = NumberOption.OptionalWhole<int>("--year"), Description = "List this year's folder (default: the newest two years).", HelpName = "YYYY" };
        var source = DumpCli.SourceOption();
        var list = new Command("list", "List the dumps available at the source, newest first: date, entity, size, and whether a CHECKSUM file is published.");
        list.Options.Add(year);
        list.Options.Add(source);
        list.SetAction(async (parse, ct) =>
        {
            var wantedYear = parse.GetValue(year);
            if (wantedYear is < 2008 or > 9999)
            {
                throw new CliException($"--year {wantedYear} is not a dump year; dumps exist from 2008 on.");
            }

            var root = DumpCli.SourceUri(context, parse.GetValue(source));
            using var http = DumpCli.CreateHttpClient();
            var dumpSource = new DumpSource(http, root, observer: new DownloadProgress.PlainLog(context.Error, TimeSpan.MaxValue));
            var listing = await DumpCli.RunAsync(() => dumpSource.ListAsync(wantedYear, ct));
            await WriteListingAsync(context, listing, root);
            return ExitCodes.Ok;
        });
        return list;
    }

    private static async Task WriteListingAsync(CliContext context, DumpListing listing, Uri root)
    {
        var checksummed = listing.Files.Where(f => f.IsChecksum).Select(f => f.DateToken).ToHashSet(StringComparer.Ordinal);
        var data = listing.Files.Where(f => !f.IsChecksum).ToList();
        await context.Out.WriteLineAsync($"{"date",-12}{"entity",-10}{"size",10}  checksum");
        foreach (var file in data)
        {
            await context.Out.WriteLineAsync($"{file.Date:yyyy-MM-dd}  {file.Entity,-10}{file.SizeText,10}  {(checksummed.Contains(file.DateToken) ? "yes" : "no")}");
        }

        var others = listing.Years.Except(listing.ListedYears).ToList();
        await context.Error.WriteLineAsync(
            $"{data.Count} dump files in {string.Join(", ", listing.ListedYears)} at {root}" +
            (others.Count switch { 0 => ".", 1 => $"; other years: {others[0]} (use --year).", _ => $"; other years: {others.Min()}-{others.Max()} (use --year)." }));
    }

    private static Command CreateDownload(CliContext context)
    {
        var date = new Option<string>("--date")
        {
            Description = "'latest' (the newest verified file of each entity, independently) or a dump date YYYYMMDD.",
            HelpName = "latest|YYYYMMDD",
            DefaultValueFactory = _ => "latest",
        };
        var entities = new Option<string>("--entities")
        {
            Description = "Comma-separated entities to download.",
            HelpName = "artists,labels,masters,releases",
            DefaultValueFactory = _ => string.Join(',', DumpNames.Entities),
        };
        var dir = DumpCli.DirOption();
        var source = DumpCli.SourceOption();
        var download = new Command("download", "Download dump files with resume, verify each against the CHECKSUM file, and print their paths.");
        download.Options.Add(date);
        download.Options.Add(entities);
        download.Options.Add(dir);
        download.Options.Add(source);
        download.SetAction(async (parse, ct) =>
        {
            var dateToken = ParseDate(parse.GetValue(date));
            var wanted = ParseEntities(parse.GetValue(entities));
            var root = DumpCli.SourceUri(context, parse.GetValue(source));
            var folder = DumpCli.DumpsDirectory(context, parse.GetValue(dir));
            using var http = DumpCli.CreateHttpClient();
            var results = await DumpCli.RunAsync(() => DownloadProgress.RunAsync(context, async observer =>
            {
                var dumpSource = new DumpSource(http, root, observer: observer);
                var plan = await PlanAsync(dumpSource, wanted, dateToken, observer, ct);
                return await new DumpDownloader(dumpSource).DownloadAsync(plan, folder, ct);
            }));
            foreach (var result in results)
            {
                await context.Out.WriteLineAsync(result.Path);
            }

            return ExitCodes.Ok;
        });
        return download;
    }

    /// <summary>Lists the source and chooses files (section 4.4); notes go to the observer.</summary>
    internal static async Task<DumpPlan> PlanAsync(DumpSource source, IReadOnlyList<string> entities, string? dateToken, IDownloadObserver observer, CancellationToken cancellationToken)
    {
        var listing = await source.ListAsync(dateToken is null ? null : int.Parse(dateToken[..4], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        var plan = await DumpDiscovery.PlanAsync(listing.Files, entities, dateToken, source.GetChecksumAsync, cancellationToken);
        foreach (var note in plan.Notes)
        {
            observer.Note(note);
        }

        return plan;
    }

    private static string? ParseDate(string? value)
    {
        if (value is null or "latest")
        {
            return null;
        }

        if (!DateToken().IsMatch(value) || !DateOnly.TryParseExact(value, "yyyyMMdd", out _))
        {
            throw new CliException($"--date '{value}' is neither 'latest' nor a date YYYYMMDD (e.g. 20260701).");
        }

        return value;
    }

    /// <summary>Parses <c>--entities</c>: known names, in import order, each once.</summary>
    internal static IReadOnlyList<string> ParseEntities(string? value)
    {
        var names = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToList();
        var unknown = names.Where(n => !DumpNames.Entities.Contains(n)).ToList();
        if (unknown.Count > 0 || names.Count == 0)
        {
            throw new CliException($"--entities '{value}' must list some of: {string.Join(", ", DumpNames.Entities)}.");
        }

        return DumpNames.Entities.Where(names.Contains).ToList();
    }

    [GeneratedRegex(@"^\d{8}$")]
    private static partial Regex DateToken();
}
