using Parquet;
using Parquet.Schema;

namespace Platter.Storage.Export;

/// <summary>What one table's Parquet file holds.</summary>
/// <param name="Table">The catalog table.</param>
/// <param name="Path">The file written.</param>
/// <param name="Rows">Rows written.</param>
/// <param name="RowGroups">Row groups in the file.</param>
/// <param name="Bytes">Size of the file.</param>
public sealed record ParquetFile(string Table, string Path, long Rows, int RowGroups, long Bytes);

/// <summary>
/// Writes every catalog table the database holds as one Parquet file (<c>release.parquet</c>, …)
/// with typed columns (integers as nullable 64-bit integers, text as nullable UTF-8 strings), in the
/// table's key order, in row groups of <see cref="RowGroupRows"/> rows, Snappy-compressed: what
/// DuckDB, pandas, Polars and Spark read as they are.
/// </summary>
/// <remarks>Memory holds one row group at a time; each file is written beside its name and renamed when complete.</remarks>
public static class ParquetExport
{
    /// <summary>Rows per row group at most: large enough for good compression and fast scans, small enough to keep memory flat.</summary>
    public const int RowGroupRows = 100_000;

    /// <summary>
    /// Text per row group at most (UTF-16 bytes held): a table of long texts (release notes,
    /// profiles) ends its groups sooner. With rows alone the 200,000-release export peaked at 540 MB of
    /// memory; with 8 MB of text a group at 293 MB (24 MB: 373 MB).
    /// </summary>
    public const long RowGroupTextBytes = 8L << 20;

    /// <summary>Exports the catalog tables of the database <paramref name="database"/> names (see <see cref="CatalogStore.Read"/>) into <paramref name="folder"/>.</summary>
    public static async Task<IReadOnlyList<ParquetFile>> RunAsync(string database, string folder, IProgress<ExportProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        using var c = CatalogStore.Read(database);
        var files = new List<ParquetFile>();

        // The writer's column buffers are large and short-lived; with background collections the
        // heap grew past them (a peak of 338 MB in one run of the 200,000-release export, 252 MB
        // with blocking ones, no slower). Restored when done: the process may be a long-lived host.
        var latency = System.Runtime.GCSettings.LatencyMode;
        System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.Batch;
        try
        {
            foreach (var table in CatalogSchema.Tables)
            {
                if (!c.HasTable(table.Name))
                {
                    continue;
                }

                files.Add(await WriteTableAsync(c, table, Path.Combine(folder, table.Name + ".parquet"), progress, ct));
            }
        }
        finally
        {
            System.Runtime.GCSettings.LatencyMode = latency;
        }

        return files;
    }

    private static async Task<ParquetFile> WriteTableAsync(ICatalogReader c, TableDef table, string path, IProgress<ExportProgress>? progress, CancellationToken ct)
    {
        var fields = table.Columns.Select(col => col.Type == "INTEGER" ? (DataField)new DataField<long?>(col.Name) : new DataField<string>(col.Name, true)).ToArray();
        var schema = new ParquetSchema(fields);
        var temp = path + ".part";
        long rows = 0;
        var groups = 0;
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, file, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: ct);
            using var r = c.Query($"SELECT {string.Join(", ", table.Columns.Select(col => "\"" + col.Name + "\""))} FROM \"{table.Name}\" ORDER BY {string.Join(", ", table.PrimaryKey)}");
            var numbers = table.Columns.Select(col => col.Type == "INTEGER" ? new long?[RowGroupRows] : null).ToArray();
            var texts = table.Columns.Select(col => col.Type == "INTEGER" ? null : new string?[RowGroupRows]).ToArray();
            var more = true;
            while (more)
            {
                var n = 0;
                long held = 0;
                while (n < RowGroupRows && held < RowGroupTextBytes && (more = r.Read()))
                {
                    for (var i = 0; i < fields.Length; i++)
                    {
                        if (numbers[i] is { } ints)
                        {
                            ints[n] = (long?)CatalogStore.Normalise(r.GetValue(i));
                        }
                        else
                        {
                            // A TEXT column can hold a number a dump wrote as one; written as text.
                            var text = r.IsDBNull(i) ? null : r.GetValue(i) as string ?? Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                            texts[i]![n] = text;
                            held += (text?.Length ?? 0) * 2L;
                        }
                    }

                    n++;
                }

                if (n == 0 && groups > 0)
                {
                    break;
                }

                ct.ThrowIfCancellationRequested();
                using (var group = writer.CreateRowGroup())
                {
                    for (var i = 0; i < fields.Length; i++)
                    {
                        if (numbers[i] is { } ints)
                        {
                            await group.WriteAsync(fields[i], new ReadOnlyMemory<long?>(ints, 0, n), cancellationToken: ct);
                        }
                        else
                        {
                            await group.WriteAsync(fields[i], new ArraySegment<string?>(texts[i]!, 0, n)!, null);
                        }
                    }
                }

                groups++;
                rows += n;
                progress?.Report(new ExportProgress(table.Entity, rows, -1));
            }
        }

        File.Move(temp, path, overwrite: true);
        return new ParquetFile(table.Name, path, rows, groups, new FileInfo(path).Length);
    }
}
