using DuckDB.NET.Data;
using Npgsql;
using Platter.Catalog;
using Platter.Core;
using Platter.Storage.Export;
using Platter.Testing;

namespace Platter.Storage.Tests.Export;

/// <summary>
/// The exports read from a PostgreSQL catalog (a real server): the JSON lines are byte for byte
/// those of the SQLite catalog of the same dumps, and DuckDB counts in the Parquet files exactly
/// the rows PostgreSQL holds, with the same typed columns.
/// </summary>
// One DuckDB at a time in this process: the test host crashed once in a full CI run while two
// classes read Parquet with DuckDB side by side (not reproduced since; this takes the chance away).
[Collection("duckdb")]
public sealed class PostgresExportTests : TempFolderTest
{
    private readonly string _pg = LocalPostgres.Shared.CreateDatabase();

    [Fact]
    public async Task JSON_lines_from_PostgreSQL_are_those_from_SQLite_byte_for_byte()
    {
        var sqlite = Dir.File("catalog.db");
        await new CatalogImporter(sqlite).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);
        await new CatalogImporter(_pg).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);

        var fromSqlite = JsonLinesExport.Run(sqlite, Dir.File("sqlite"), Enum.GetValues<EntityKind>(), gzip: false, null, CancellationToken.None);
        var fromPostgres = JsonLinesExport.Run(_pg, Dir.File("pg"), Enum.GetValues<EntityKind>(), gzip: false, null, CancellationToken.None);

        Assert.Equal([1000L, 1000L, 1000L, 1000L], fromPostgres.Select(f => f.Records));
        foreach (var (a, b) in fromSqlite.Zip(fromPostgres))
        {
            Assert.Equal(File.ReadAllBytes(a.Path), File.ReadAllBytes(b.Path));
        }
    }

    [Fact]
    public async Task DuckDB_counts_in_the_Parquet_files_the_rows_PostgreSQL_holds()
    {
        await new CatalogImporter(_pg).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);

        var files = await ParquetExport.RunAsync(_pg, Dir.File("parquet"), null, CancellationToken.None);

        Assert.Equal(CatalogSchema.Tables.Select(t => t.Name), files.Select(f => f.Table));
        using var pg = new NpgsqlConnection(_pg);
        pg.Open();
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        foreach (var f in files)
        {
            using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{f.Table}\"", pg);
            Assert.Equal((long)count.ExecuteScalar()!, Scalar(duck, $"SELECT count(*) FROM read_parquet('{f.Path}')"));
        }

        // Booleans and small integers come out as the SQLite catalog's 64-bit integers.
        var release = files.Single(f => f.Table == "release").Path;
        Assert.Equal(1L, Scalar(duck, $"SELECT is_main_release FROM read_parquet('{release}') WHERE id = 1"));
        Assert.Equal(1999L, Scalar(duck, $"SELECT released_year FROM read_parquet('{release}') WHERE id = 1"));
        using var duckType = duck.CreateCommand();
        duckType.CommandText = $"SELECT typeof(is_main_release) FROM read_parquet('{release}') LIMIT 1";
        Assert.Equal("BIGINT", duckType.ExecuteScalar());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            LocalPostgres.Shared.DropDatabase(_pg);
        }

        base.Dispose(disposing);
    }

    private static long Scalar(DuckDBConnection duck, string sql)
    {
        using var cmd = duck.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
