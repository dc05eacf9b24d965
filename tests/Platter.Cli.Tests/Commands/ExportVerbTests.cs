using Microsoft.Data.Sqlite;
using Platter.Testing;

namespace Platter.Cli.Tests.Commands;

/// <summary><c>platter export jsonl</c>, run in-process over the imported sample.</summary>
public sealed class ExportVerbTests : CatalogVerbTest
{
    [Fact]
    public async Task Export_jsonl_writes_the_chosen_entities_and_says_what_it_wrote()
    {
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.Sample2020));
        var folder = Path.Combine(Cli.Home, "out");

        Assert.Equal(0, await Cli.RunAsync("export", "jsonl", "--db", Db, "--entities", "releases,artists", "--out", folder));

        Assert.Equal(["artists.jsonl", "releases.jsonl"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(1000, File.ReadLines(Path.Combine(folder, "releases.jsonl")).Count());
        Assert.StartsWith($"{Path.Combine(folder, "releases.jsonl")}: 1,000 releases, ", Cli.Out, StringComparison.Ordinal); // in the order asked for
        Assert.Contains($"\n{Path.Combine(folder, "artists.jsonl")}: 1,000 artists, ", Cli.Out, StringComparison.Ordinal);
        Assert.Contains("\nExported 2,000 records into 2 files (", Cli.Out, StringComparison.Ordinal);
        Assert.Contains("releases: 1,000 of 1,000 records written", Cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_parquet_writes_a_file_per_table_and_says_what_it_wrote()
    {
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.Sample2020));
        var folder = Path.Combine(Cli.Home, "parquet");

        Assert.Equal(0, await Cli.RunAsync("export", "parquet", "--db", Db, "--out", folder));

        Assert.Equal(Platter.Storage.CatalogSchema.Tables.Select(t => t.Name + ".parquet").Order(StringComparer.Ordinal), Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.StartsWith($"{Path.Combine(folder, "artist.parquet")}: 1,000 rows in 1 row group, ", Cli.Out, StringComparison.Ordinal);
        Assert.Contains($"\n{Path.Combine(folder, "release_track.parquet")}: {SqliteRead.Number(Db, "SELECT count(*) FROM release_track"):N0} rows in 1 row group, ", Cli.Out, StringComparison.Ordinal);
        Assert.Contains($" rows of {Platter.Storage.CatalogSchema.Tables.Count} tables (", Cli.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("parquet")]
    public async Task An_out_folder_that_is_a_file_is_refused_with_exit_1_and_the_file_kept(string format)
    {
        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.SampleFile("labels")));
        var file = Path.Combine(Cli.Home, "notes.txt");
        await File.WriteAllTextAsync(file, "my notes");

        Assert.Equal(1, await Cli.RunAsync("export", format, "--db", Db, "--out", file));

        Assert.EndsWith($"error: Cannot write into {file}: it is a file. Choose another --out.\n", Cli.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("my notes", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_wrong_entity_or_a_missing_database_is_a_usage_error_that_says_what_to_write()
    {
        Assert.Equal(2, await Cli.RunAsync("export", "jsonl", "--db", Db));
        Assert.Contains($"The database {Db} does not exist. Import the catalog first: platter import --db {Db} DUMPS", Cli.Error, StringComparison.Ordinal);

        Assert.Equal(0, await Cli.RunAsync("import", "--db", Db, Fixtures.SampleFile("labels")));
        Assert.Equal(2, await Cli.RunAsync("export", "jsonl", "--db", Db, "--entities", "records"));
        Assert.Contains("--entities: 'records' is not an entity; write artists, labels, masters, releases.", Cli.Error, StringComparison.Ordinal);
        Assert.Equal(2, await Cli.RunAsync("export", "jsonl", "--db", Db, "--entities", "masters", "--out", Path.Combine(Cli.Home, "out")));
        Assert.Contains($"{Db} holds none of masters. Import them first: platter import --db {Db} DUMPS", Cli.Error, StringComparison.Ordinal);
    }
}
