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

    /// <summary>The SQLite file beside a PostgreSQL catalog, unless --local names another.</summary>
    public const string DefaultLocal = "platter-local.db";

    public static Command Create(CliContext context)
    {
        var db = DatabaseOption();
        var local = LocalOption();
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Dump files (.xml or .xml.gz) or folders holding them. The entity is read from each file's root element.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("import", "Import Discogs dump files into the catalog database, replacing each entity's data atomically. An interrupted import resumes when run again.")
        {
            db,
            local,
            paths,
        };
        command.SetAction((result, ct) => RunAsync(context, Stores(context, result.GetValue(db), result.GetValue(local)), result.GetValue(paths)!.Select(context.FullPath).ToList(), ct));
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
        return CatalogStore.IsPostgres(db) ? db : CheckSqlite(context.FullPath(db), "--db");
    }

    /// <summary>
    /// Returns <paramref name="path"/> when it is an SQLite database or no file yet; refuses any
    /// other file before a verb opens it (SQLite would fail on its first query, deep in the work).
    /// </summary>
    public static string CheckSqlite(string path, string option)
    {
        var header = "SQLite format 3\0"u8;
        var head = new byte[header.Length];
        int read;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return path; // nothing there yet, or not readable: the verb says what it needs
        }

        return read == 0 || head.AsSpan(0, read).SequenceEqual(header)
            ? path
            : throw new CliException($"Cannot open the database {path}: it is not an SQLite file. Choose another {option} or move it away; nothing was written to it.", ExitCodes.Failure);
    }

    /// <summary>The <c>--local</c> option of the verbs that keep an index or a collection beside a PostgreSQL catalog.</summary>
    public static Option<string?> LocalOption() => new("--local")
    {
        Description = $"With a PostgreSQL --db: the SQLite file on this machine that holds the tag index and your collection (an SQLite catalog keeps them in its own file) [default: PLATTER_LOCAL, the config file's local, else {DefaultLocal} in the current folder]",
        HelpName = "FILE",
    };

    /// <summary>
    /// The catalog <c>--db</c> names and the SQLite file that holds the tag index, the site's data and
    /// the collection: the catalog's own file when it is SQLite, else <c>--local</c>.
    /// </summary>
    public static Stores Stores(CliContext context, string? dbOption, string? localOption)
    {
        var catalog = Database(context, dbOption);
        if (!CatalogStore.IsPostgres(catalog))
        {
            return localOption is null
                ? new Stores(catalog, catalog)
                : throw new CliException($"--local goes with a PostgreSQL --db; the SQLite catalog {catalog} keeps its tag index and collection in its own file.", ExitCodes.Usage);
        }

        return new Stores(catalog, CheckSqlite(context.FullPath(context.Settings.Get("local", localOption, DefaultLocal)), "--local"));
    }

    /// <summary>The database path: the option, else PLATTER_DB, else the config file, else platter.db.</summary>
    public static string DatabasePath(CliContext context, string? option) => context.Settings.Get("db", option, DefaultDatabase);

    /// <summary>Imports <paramref name="paths"/> into the catalog, then rebuilds the tag index when masters or releases changed.</summary>
    public static async Task<int> RunAsync(CliContext context, Stores stores, IReadOnlyList<string> paths, CancellationToken ct)
    {
        var database = stores.Catalog;
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

        // A user never has to remember the index: it follows every import that changed what it is made of.
        if (report.Files.Any(f => f.File.Entity is EntityKind.Masters or EntityKind.Releases))
        {
            await IndexCommand.BuildAsync(context, stores, parallel: true, ct);
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

/// <summary>Where a verb reads the catalog, and the SQLite file it keeps the tag index and the collection in (the same file for an SQLite catalog).</summary>
/// <param name="Catalog">The catalog: an SQLite file's full path, or a PostgreSQL address as given (never shown: see <see cref="CatalogStore.Display"/>).</param>
/// <param name="Local">The SQLite file of the tag index and the collection.</param>
internal sealed record Stores(string Catalog, string Local)
{
    /// <summary>The command that rebuilds the tag index, as a user would type it (never with a password).</summary>
    public string IndexCommandLine => Catalog == Local ? $"platter index --db {Local}" : $"platter index --db DB --local {Local}";
}
