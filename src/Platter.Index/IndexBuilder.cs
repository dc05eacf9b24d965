using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Platter.Storage;

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
    private readonly string _catalog;
    private readonly string _indexPath;

    /// <summary>Creates a builder for the SQLite catalog at <paramref name="databasePath"/>, which also holds the index.</summary>
    public IndexBuilder(string databasePath)
        : this(databasePath, databasePath)
    {
    }

    /// <summary>
    /// Creates a builder that reads the catalog <paramref name="catalog"/> names (an SQLite file or a
    /// PostgreSQL database) and writes the index into the SQLite file <paramref name="indexPath"/>
    /// (the catalog's own file when it is SQLite).
    /// </summary>
    public IndexBuilder(string catalog, string indexPath)
    {
        _catalog = catalog;
        _indexPath = indexPath;
    }

    /// <summary>Read the catalog tables on two threads (the default when the machine has two cores or more).</summary>
    public bool Parallel { get; init; } = Environment.ProcessorCount > 1;

    /// <summary>Builds the index and makes it current.</summary>
    public IndexBuildReport Build(CancellationToken cancellationToken = default)
    {
        var read = Stopwatch.StartNew();
        WorkGraph graph;
        string catalogState;
        using (var source = IndexStore.OpenCatalog(_catalog))
        {
            try
            {
                if (!source.HasTable("release") && !source.HasTable("master"))
                {
                    throw new IndexException($"{(CatalogStore.IsPostgres(_catalog) ? "The catalog" : "The database")} {CatalogStore.Display(_catalog)} holds no releases or masters. Import the catalog first: {IndexStore.ImportHint(_catalog)}");
                }

                catalogState = source.State();
                graph = WorkGraph.Read(source, Parallel, cancellationToken);
            }
            catch (SqliteException e)
            {
                throw new IndexException(e.SqliteErrorCode switch
                {
                    SQLitePCL.raw.SQLITE_NOTADB => $"The file {_catalog} is not an SQLite database. Nothing was written to it; name the catalog's database with --db.",
                    SQLitePCL.raw.SQLITE_CORRUPT => $"Reading the database {_catalog} failed: it is damaged. Nothing was written; the index before it is still in place.",
                    _ => $"Reading the database {_catalog} failed: {SQLitePCL.raw.sqlite3_errstr(e.SqliteErrorCode).utf8_to_string()}. Nothing was written; the index before it is still in place.",
                }, e);
            }
            catch (DbException e)
            {
                throw new IndexException($"Reading the catalog {CatalogStore.Display(_catalog)} failed: {e.Message}. Nothing was written; the index before it is still in place.", e);
            }
        }

        read.Stop();
        var write = Stopwatch.StartNew();
        var generation = IndexWriter.Write(_indexPath, graph, catalogState, cancellationToken);
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

    /// <summary>
    /// Opens the catalog <paramref name="catalog"/> names for reading: an SQLite file directly, a
    /// PostgreSQL database through its store. Throws <see cref="IndexException"/> when there is none.
    /// </summary>
    public static CatalogSource OpenCatalog(string catalog)
    {
        if (!CatalogStore.IsPostgres(catalog))
        {
            if (!File.Exists(catalog))
            {
                throw new IndexException($"The database {catalog} does not exist. Import the catalog first: {ImportHint(catalog)}");
            }

            return SqliteSource.OpenForOneThread(catalog);
        }

        try
        {
            return new StoreSource(CatalogStore.Read(catalog));
        }
        catch (StorageException e)
        {
            throw new IndexException(e.Message, e);
        }
    }

    /// <summary>The command that imports into <paramref name="catalog"/>, as a user would type it (never with a password).</summary>
    public static string ImportHint(string catalog) =>
        $"platter import --db {(CatalogStore.IsPostgres(catalog) ? "DB" : catalog)} DUMPS";

    /// <summary>The command that (re)builds the index of <paramref name="catalog"/> into <paramref name="indexPath"/>.</summary>
    public static string IndexHint(string catalog, string indexPath) =>
        catalog == indexPath ? $"platter index --db {indexPath}" : $"platter index --db DB --local {indexPath}";

    /// <summary>The state of the catalog <paramref name="catalog"/> names (see <see cref="CatalogSource.State"/>).</summary>
    public static string CatalogState(string catalog)
    {
        using var source = OpenCatalog(catalog);
        return source.State();
    }

    public static bool TableExists(SqliteConnection connection, string name)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        return cmd.ExecuteScalar() is not null;
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
