using System.CommandLine;
using Platter.Catalog;
using Platter.Core;
using Platter.Dumps;
using Platter.Storage;
using Spectre.Console;

namespace Platter.Cli.Commands;

/// <summary><c>platter import [--db FILE] PATH...</c>: streams dump files into the catalog database.</summary>
internal static class ImportCommand
{
    public const string DefaultDatabase = "platter.db";

    public static Command Create(CliContext context)
    {
        var db = DatabaseOption();
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Dump files (.xml or .xml.gz) or folders holding them. The entity is read from each file's root element.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("import", "Import Discogs dump files into the catalog database, replacing each entity's data atomically. An interrupted import resumes when run again.")
        {
            db,
            paths,
        };
        command.SetAction((result, ct) => RunAsync(context, Database(context, result.GetValue(db)), result.GetValue(paths)!.Select(context.FullPath).ToList(), ct));
        return command;
    }

    /// <summary>The <c>--db</c> option shared by the verbs that read or write the catalog.</summary>
    public static Option<string?> DatabaseOption() => new("--db")
    {
        Description = $"The catalog: an SQLite file, or a PostgreSQL database as postgres://USER@HOST:PORT/DATABASE or Host=…;Database=… (the password from PGPASSWORD or ~/.pgpass) [default: PLATTER_DB, the config file's db, else {DefaultDatabase} in the current folder]",
        HelpName = "DB",
    };

    /// <summary>The catalog <c>--db</c> names: a PostgreSQL address as given, or an SQLite file's full path.</summary>
    public static string Database(CliContext context, string? option)
    {
        var db = DatabasePath(context, option);
        return CatalogStore.IsPostgres(db) ? db : context.FullPath(db);
    }

    /// <summary>
    /// The SQLite file for a verb that reads more than the catalog's tables (the tag index, the site,
    /// the collection): those live in SQLite only so far, and a PostgreSQL --db says so plainly.
    /// </summary>
    public static string SqliteFile(CliContext context, string? option, string verb)
    {
        var db = DatabasePath(context, option);
        return CatalogStore.IsPostgres(db)
            ? throw new CliException($"platter {verb} works on an SQLite catalog; {CatalogStore.Display(db)} can be imported, synced and exported so far. Give --db a file (platter import --db platter.db DUMPS makes one).", ExitCodes.Usage)
            : context.FullPath(db);
    }

    /// <summary>The database path: the option, else PLATTER_DB, else the config file, else platter.db.</summary>
    public static string DatabasePath(CliContext context, string? option) => context.Settings.Get("db", option, DefaultDatabase);

    public static async Task<int> RunAsync(CliContext context, string database, IReadOnlyList<string> paths, CancellationToken ct)
    {
        IReadOnlyList<DumpFileInfo> files;
        try
        {
            files = CatalogImporter.Inspect(paths);
        }
        catch (Exception e) when (e is ImportInputException or DumpFormatException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(e.Message, ExitCodes.Failure);
        }

        var importer = new CatalogImporter(database);
        var err = Consoles.Over(context.Error, context.Interactive);
        ImportReport report;
        ImportProgress? progress = null;
        try
        {
            if (context.Interactive)
            {
                report = await err.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RecordsPerSecondColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async live =>
                    {
                        progress = new ImportProgress(context, live);
                        return await importer.ImportAsync(files, progress, ct);
                    });
            }
            else
            {
                progress = new ImportProgress(context, null);
                report = await importer.ImportAsync(files, progress, ct);
            }
        }
        catch (DumpFormatException e)
        {
            throw new CliException(e.Message, ExitCodes.Failure);
        }
        catch (StorageException e)
        {
            throw new CliException(e.Message, ExitCodes.Failure);
        }

        WriteSummary(context, CatalogStore.Display(database), report);

        if (CatalogStore.IsPostgres(database))
        {
            await context.Error.WriteLineAsync("The tag index and the site read SQLite catalogs so far: no index was built for this PostgreSQL catalog.");
            return ExitCodes.Ok;
        }

        // A user never has to remember the index: it follows every import that changed what it is made of.
        if (report.Files.Any(f => f.File.Entity is EntityKind.Masters or EntityKind.Releases))
        {
            await IndexCommand.BuildAsync(context, database, parallel: true, ct);
        }

        return ExitCodes.Ok;
    }

    private static void WriteSummary(CliContext context, string database, ImportReport report)
    {
        var console = Consoles.Over(context.Out, context.Interactive);
        var table = new Table().Title($"Imported into {Markup.Escape(database)}");
        table.AddColumn("Entity").AddColumn("Dump date").AddColumn(new TableColumn("Records").RightAligned()).AddColumn(new TableColumn("Rows").RightAligned())
            .AddColumn(new TableColumn("Warnings").RightAligned()).AddColumn(new TableColumn("Time").RightAligned()).AddColumn(new TableColumn("Records/s").RightAligned());
        foreach (var f in report.Files)
        {
            table.AddRow(
                f.File.Entity.Name(),
                f.File.DumpDate?.ToString("yyyy-MM-dd") ?? "-",
                f.Records.ToString("N0"),
                f.Rows.ToString("N0"),
                f.Warnings.ToString("N0"),
                Consoles.Duration(f.Elapsed),
                (f.Records / Math.Max(0.001, f.Elapsed.TotalSeconds)).ToString("N0"));
        }

        table.AddRow(
            "total",
            "",
            report.Files.Sum(f => f.Records).ToString("N0"),
            report.Files.Sum(f => f.Rows).ToString("N0"),
            report.Files.Sum(f => f.Warnings).ToString("N0"),
            Consoles.Duration(report.Elapsed),
            "");
        console.Write(table);

        var rows = new Table().Title("Rows per table");
        rows.AddColumn("Table").AddColumn(new TableColumn("Rows").RightAligned());
        foreach (var (name, count) in report.Files.SelectMany(f => f.RowsPerTable).OrderBy(kv => CatalogSchemaOrder(kv.Key)))
        {
            rows.AddRow(name, count.ToString("N0"));
        }

        console.Write(rows);
    }

    private static int CatalogSchemaOrder(string table)
    {
        for (var i = 0; i < CatalogSchema.Tables.Count; i++)
        {
            if (CatalogSchema.Tables[i].Name == table)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
