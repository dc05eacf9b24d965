using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Platter.Index;

/// <summary>What an index build did.</summary>
/// <param name="Generation">The generation now current.</param>
/// <param name="Works">Works indexed (masters, and releases without a master).</param>
/// <param name="WorksWithVideos">Works that have at least one video.</param>
/// <param name="Videos">Videos, counted once per work.</param>
/// <param name="Tags">Distinct tags.</param>
/// <param name="Postings">(work, tag) pairs.</param>
/// <param name="ReadTime">Reading the catalog and making the tags.</param>
/// <param name="WriteTime">Writing the index tables and swapping them in.</param>
/// <param name="Parallel">Whether the catalog tables were read on two threads.</param>
public sealed record IndexBuildReport(long Generation, int Works, int WorksWithVideos, long Videos, int Tags, long Postings, TimeSpan ReadTime, TimeSpan WriteTime, bool Parallel)
{
    /// <summary>The whole build.</summary>
    public TimeSpan Elapsed => ReadTime + WriteTime;
}

/// <summary>
/// Builds the tag index from the catalog tables of an SQLite catalog and swaps it in atomically.
/// A work is a master, or a release that has no master. Its tags are the union over its
/// releases (genres, styles, year and decade, country, labels, main artists, formats) and the
/// master's own; its videos are the master's and its releases', once per YouTube id.
/// </summary>
/// <remarks>
/// The index is written into tables of a new generation (<c>tagidx7_work</c> …), and one
/// transaction makes that generation current in <c>tag_index_meta</c>, so a reader sees the old
/// index or the new one. The generation before stays until the next build, for readers that
/// still use it.
/// </remarks>
public sealed class IndexBuilder
{
    private readonly string _databasePath;

    /// <summary>Creates a builder for the catalog at <paramref name="databasePath"/>.</summary>
    public IndexBuilder(string databasePath)
    {
        _databasePath = databasePath;
    }

    /// <summary>Read the catalog tables on two threads (the default when the machine has two cores or more).</summary>
    public bool Parallel { get; init; } = Environment.ProcessorCount > 1;

    /// <summary>Builds the index and makes it current.</summary>
    public IndexBuildReport Build(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(_databasePath))
        {
            throw new IndexException($"The database {_databasePath} does not exist. Import the catalog first: platter import --db {_databasePath} DUMPS");
        }

        var read = Stopwatch.StartNew();
        WorkGraph graph;
        string catalogState;
        using (var connection = IndexStore.OpenRead(_databasePath))
        {
            if (!IndexStore.TableExists(connection, "release") && !IndexStore.TableExists(connection, "master"))
            {
                throw new IndexException($"The database {_databasePath} holds no releases or masters. Import the catalog first: platter import --db {_databasePath} DUMPS");
            }

            catalogState = IndexStore.CatalogState(connection);
            graph = WorkGraph.Read(_databasePath, connection, Parallel, cancellationToken);
        }

        read.Stop();
        var write = Stopwatch.StartNew();
        var generation = IndexWriter.Write(_databasePath, graph, catalogState, cancellationToken);
        write.Stop();
        return new IndexBuildReport(generation, graph.WorkCount, graph.WorksWithVideos, graph.VideoCount, graph.TagCount, graph.PostingCount, read.Elapsed, write.Elapsed, Parallel);
    }
}

/// <summary>The tag index cannot be built or read; the message says why and what to do.</summary>
public sealed class IndexException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IndexException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public IndexException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public IndexException()
    {
    }
}

/// <summary>Helpers shared by the builder and the reader.</summary>
internal static class IndexStore
{
    public const string MetaTable = "tag_index_meta";

    public static SqliteConnection OpenRead(string path)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout=10000;";
        cmd.ExecuteNonQuery();
        return c;
    }

    public static bool TableExists(SqliteConnection connection, string name)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return cmd.ExecuteScalar() is not null;
    }

    /// <summary>What the catalog's masters and releases are, as of the last import that changed them.</summary>
    public static string CatalogState(SqliteConnection connection)
    {
        if (!TableExists(connection, "import_run"))
        {
            return "0";
        }

        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(max(id), 0) FROM import_run WHERE entity IN ('masters', 'releases')";
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "0";
    }

    public static string Table(long generation, string name) => $"tagidx{generation}_{name}";

    public static Dictionary<string, string> ReadMeta(SqliteConnection connection)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TableExists(connection, MetaTable))
        {
            return meta;
        }

        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT key, value FROM {MetaTable}";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            meta[r.GetString(0)] = r.GetString(1);
        }

        return meta;
    }
}
