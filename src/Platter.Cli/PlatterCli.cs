using System.CommandLine;

namespace Platter.Cli;

/// <summary>The <c>platter</c> command: a root command with one class per verb.</summary>
public static class PlatterCli
{
    /// <summary>Parses <paramref name="args"/> and runs the verb; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = BuildRoot(context);
        var config = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false };
        try
        {
            var parsed = root.Parse(args);
            var code = await parsed.InvokeAsync(config, cancellationToken);

            // System.CommandLine reports parse errors with 1, the code of failed work; scripts tell them apart by 2.
            return parsed.Errors.Count > 0 ? ExitCodes.Usage : code;
        }
        catch (CliException e)
        {
            await context.Error.WriteLineAsync("error: " + e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("Interrupted. Work already stored is kept; run the same command again to resume.");
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>The root command with every verb.</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            "Platter: the Discogs catalog and your Discogs collection on your own machine.\n" +
            "Settings come from options, PLATTER_* environment variables, then config.yaml in the config folder.");
        foreach (var verb in Verbs(context))
        {
            root.Subcommands.Add(verb);
        }

        return root;
    }

    // One line per verb keeps this list the single place where verbs are registered.
    private static IEnumerable<Command> Verbs(CliContext context)
    {
        yield return Commands.ImportCommand.Create(context);
        yield return Commands.ValidateCommand.Create(context);
        yield return Commands.AuthCommand.Create(context);
        yield return Commands.ApiCommand.Create(context);
        yield return Commands.DumpsCommand.Create(context);
        yield return Commands.SyncCommand.Create(context);
        yield return Commands.IndexCommand.Create(context);
        yield return Commands.QueryCommand.Create(context);
        yield return Commands.ServeCommand.Create(context);
        yield return Commands.CollectionCommand.Create(context);
        yield return Commands.ExportCommand.Create(context);
    }
}
