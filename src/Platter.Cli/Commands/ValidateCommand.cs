using System.CommandLine;
using Platter.Catalog;
using Platter.Core;
using Platter.Dumps;
using Spectre.Console;

namespace Platter.Cli.Commands;

/// <summary><c>platter validate PATH...</c>: reads dump files completely, stores nothing, reports every problem.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Dump files (.xml or .xml.gz) or folders holding them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Parse dump files fully without writing anything: entity, record count, dump date and every problem found, per file. Exits 1 when a file could not be imported.")
        {
            paths,
        };
        command.SetAction((result, ct) => Task.Run(() => Run(context, result.GetValue(paths)!.Select(context.FullPath).ToList(), ct), ct));
        return command;
    }

    private static int Run(CliContext context, IReadOnlyList<string> paths, CancellationToken ct)
    {
        IReadOnlyList<string> files;
        try
        {
            files = CatalogImporter.ExpandPaths(paths);
        }
        catch (ImportInputException e)
        {
            throw new CliException(e.Message, ExitCodes.Failure);
        }

        var console = Consoles.Over(context.Out, context.Interactive);
        var failed = 0;
        foreach (var file in files)
        {
            context.Error.WriteLine($"validating {file}");
            var result = DumpValidator.Validate(file, null, ct);
            var status = result.Ok ? (result.Warnings.Count == 0 ? "ok" : $"ok, {result.Warnings.Count} warning(s)") : "FAILED";
            console.MarkupLine($"[bold]{Markup.Escape(Path.GetFileName(file))}[/]: {Markup.Escape(result.Entity?.Name() ?? "unknown entity")}, {result.Records:N0} records, dump date {result.DumpDate?.ToString("yyyy-MM-dd") ?? "unknown"}: {status}");
            foreach (var w in result.Warnings)
            {
                console.WriteLine("  warning: " + w);
            }

            if (result.Error is { } e)
            {
                failed++;
                console.WriteLine("  error: " + e.Message);
            }
        }

        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
