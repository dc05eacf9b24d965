using System.CommandLine;
using System.Globalization;
using Platter.Core;
using Platter.Storage;
using Platter.Storage.Export;

namespace Platter.Cli.Commands;

/// <summary><c>platter export jsonl</c>: the catalog as files other tools load as they are.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var export = new Command("export", "Write the catalog as files other tools load as they are (MongoDB, DuckDB, pandas, Spark).");
        export.Subcommands.Add(JsonLines(context));
        export.Subcommands.Add(ParquetVerb(context));
        return export;
    }

    private static Command ParquetVerb(CliContext context)
    {
        var db = ImportCommand.DatabaseOption();
        var output = new Option<string>("--out") { Description = "The folder to write into.", DefaultValueFactory = _ => "export", HelpName = "DIR" };
        var command = new Command(
            "parquet",
            $"One Parquet file per catalog table (release.parquet, release_track.parquet …), typed columns, row groups of {ParquetExport.RowGroupRows:N0} rows, Snappy: for DuckDB, pandas, Polars and Spark.")
        {
            db,
            output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var database = Existing(context, parse.GetValue(db));
            var folder = OutputFolder(context.FullPath(parse.GetValue(output)!));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            IReadOnlyList<ParquetFile> files;
            try
            {
                files = await ParquetExport.RunAsync(database, folder, new Reporter<ExportProgress>(p => context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Entity.Name()}: {p.Done:N0} rows written"))), ct);
            }
            catch (Exception e) when (Failed(e, database, folder) is { } failure)
            {
                throw failure;
            }

            if (files.Count == 0)
            {
                throw new CliException($"{CatalogStore.Display(database)} holds no catalog table. Import the catalog first: platter import --db {Quoted(database)} DUMPS", ExitCodes.Usage);
            }

            foreach (var f in files)
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{f.Path}: {f.Rows:N0} rows in {f.RowGroups} row {(f.RowGroups == 1 ? "group" : "groups")}, {Consoles.Size(f.Bytes)}"));
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Exported {files.Sum(f => f.Rows):N0} rows of {files.Count} tables ({Consoles.Size(files.Sum(f => f.Bytes))}) in {Consoles.Duration(watch.Elapsed)}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    // The --db to repeat in a hint: a file's path, never a PostgreSQL address (it may hold a password).
    private static string Quoted(string database) => CatalogStore.IsPostgres(database) ? "DB" : database;

    /// <summary>What a user is told when an export fails on the database or the disk; null for anything else.</summary>
    private static CliException? Failed(Exception e, string database, string folder) => e switch
    {
        Microsoft.Data.Sqlite.SqliteException => new CliException($"Reading {CatalogStore.Display(database)} failed: {e.Message.TrimEnd('.')}. Nothing was replaced in {folder} but the file being written.", e, ExitCodes.Failure),
        IOException or UnauthorizedAccessException => new CliException($"Writing into {folder} failed: {e.Message.TrimEnd('.')}. Files exported before it are complete; the one being written was left as a .part file.", e, ExitCodes.Failure),
        _ => null,
    };

    /// <summary>Creates the folder <c>--out</c> names, or says why it cannot be written into.</summary>
    private static string OutputFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write into {folder}: {(File.Exists(folder) ? "it is a file" : e.Message.TrimEnd('.'))}. Choose another --out.", e, ExitCodes.Failure);
        }
    }

    private static string Existing(CliContext context, string? option)
    {
        var database = ImportCommand.Database(context, option);
        return CatalogStore.IsPostgres(database) || File.Exists(database)
            ? database
            : throw new CliException($"The database {database} does not exist. Import the catalog first: platter import --db {database} DUMPS", ExitCodes.Usage);
    }

    private static Command JsonLines(CliContext context)
    {
        var db = ImportCommand.DatabaseOption();
        var entities = new Option<string[]>("--entities")
        {
            Description = "Which entities, separated by commas or given again (default: every one the database holds).",
            HelpName = "artists,labels,masters,releases",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out") { Description = "The folder to write into.", DefaultValueFactory = _ => "export", HelpName = "DIR" };
        var gzip = new Option<bool>("--gzip") { Description = "Write NAME.jsonl.gz instead of NAME.jsonl." };
        var command = new Command(
            "jsonl",
            "One file per entity, one JSON document per record per line, nested as the dump nests it, with the Discogs id as _id and id: `mongoimport --collection releases --file releases.jsonl` and DuckDB's read_json load them as they are.")
        {
            db,
            entities,
            output,
            gzip,
        };
        command.SetAction(parse =>
        {
            var ct = CancellationToken.None;
            var database = Existing(context, parse.GetValue(db));
            var chosen = Entities(parse.GetValue(entities));
            var folder = OutputFolder(context.FullPath(parse.GetValue(output)!));
            var progress = new Reporter<ExportProgress>(p => context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Entity.Name()}: {p.Done:N0} of {p.Total:N0} records written")));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            IReadOnlyList<ExportedFile> files;
            try
            {
                files = JsonLinesExport.Run(database, folder, chosen, parse.GetValue(gzip), progress, ct);
            }
            catch (Exception e) when (Failed(e, database, folder) is { } failure)
            {
                throw failure;
            }

            if (files.Count == 0)
            {
                throw new CliException($"{CatalogStore.Display(database)} holds none of {string.Join(", ", chosen.Select(e => e.Name()))}. Import them first: platter import --db {Quoted(database)} DUMPS", ExitCodes.Usage);
            }

            foreach (var f in files)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.Path}: {f.Records:N0} {f.Entity.Name()}, {Consoles.Size(f.Bytes)}"));
            }

            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Exported {files.Sum(f => f.Records):N0} records into {files.Count} files ({Consoles.Size(files.Sum(f => f.Bytes))}) in {Consoles.Duration(watch.Elapsed)}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<EntityKind> Entities(string[]? names)
    {
        var all = Enum.GetValues<EntityKind>();
        if (names is null || names.Length == 0)
        {
            return [.. all];
        }

        var chosen = new List<EntityKind>();
        foreach (var name in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var kind = EntityKinds.Parse(name)
                ?? throw new CliException($"--entities: '{name}' is not an entity; write {string.Join(", ", all.Select(k => k.Name()))}.", ExitCodes.Usage);
            if (!chosen.Contains(kind))
            {
                chosen.Add(kind);
            }
        }

        return chosen;
    }
}
