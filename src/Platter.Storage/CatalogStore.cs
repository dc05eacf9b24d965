using System.Data.Common;
using Platter.Core;
using Platter.Storage.Postgres;

namespace Platter.Storage;

/// <summary>
/// The catalog as the rest of Platter sees it, whichever database holds it: the import's loads and
/// swap, what was imported, row counts, and readers for exports. <see cref="SqliteCatalog"/> (the
/// embedded default) and <see cref="PostgresCatalog"/> implement it; <see cref="CatalogStore.Open"/>
/// picks one from what <c>--db</c> says.
/// </summary>
public interface ICatalogStore : IDisposable
{
    /// <summary>Where the catalog is, as a user may be shown it (never with a password).</summary>
    string Display { get; }

    /// <summary>Every import recorded, oldest first.</summary>
    IReadOnlyList<ImportRun> ImportRuns();

    /// <summary>Rows in a catalog table (0 when the table does not exist yet).</summary>
    long CountRows(string table);

    /// <summary>True when the catalog table <paramref name="table"/> exists (has been imported).</summary>
    bool HasTable(string table);

    /// <summary>Starts loading one entity into staging tables; resumes an interrupted load of the same file.</summary>
    ICatalogLoad BeginLoad(EntityKind entity, FileInfo file);

    /// <summary>
    /// Makes the prepared loads visible, all in one transaction: a reader sees the old catalog or
    /// the new one, never a mix, and a failure before the commit leaves the old one in place.
    /// </summary>
    IReadOnlyList<ImportRun> SwapIn(IReadOnlyList<(ICatalogLoad Loader, string Path, DateOnly? DumpDate)> loads);

    /// <summary>
    /// Opens a consistent read-only view of the catalog for an export: every query made through
    /// it sees the same data, even while an import swaps in a new catalog.
    /// </summary>
    ICatalogReader OpenReader();
}

/// <summary>One entity's load into staging tables (see <see cref="ICatalogStore.BeginLoad"/>).</summary>
public interface ICatalogLoad : IDisposable
{
    /// <summary>The entity being loaded.</summary>
    EntityKind Entity { get; }

    /// <summary>When resuming: records with ids up to this one are already stored and are skipped.</summary>
    long? ResumeAfterId { get; }

    /// <summary>Records stored (including those stored before a resume).</summary>
    long Records { get; }

    /// <summary>Warnings recorded (including those before a resume).</summary>
    long Warnings { get; }

    /// <summary>Records written between commits.</summary>
    int BatchSize { get; set; }

    /// <summary>Rows stored per table.</summary>
    IReadOnlyDictionary<string, long> RowCounts { get; }

    /// <summary>Rows stored across all the entity's tables.</summary>
    long Rows { get; }

    /// <summary>Duplicate handling reported this id; the caller words the warning.</summary>
    event Action<long>? DuplicateReplaced;

    /// <summary>True when a resumed load already holds the record with this id.</summary>
    bool AlreadyStored(long id);

    /// <summary>Stores one record. Returns false when a resumed load already holds it.</summary>
    bool Write(IDiscogsRecord record);

    /// <summary>Stores the record at <paramref name="index"/> of a batch; the batch may be refilled as soon as this returns.</summary>
    bool Write(RowBatch batch, int index);

    /// <summary>Records a warning with the load (kept with the import run).</summary>
    void AddWarning(long line, long byteOffset, string? record, string message);

    /// <summary>Commits what was written so far with the position reached.</summary>
    void Checkpoint();

    /// <summary>Commits the last batch and indexes the staging tables; the data stays invisible until the swap.</summary>
    void Prepare();

    /// <summary>
    /// Gives up the load. With <paramref name="keepForResume"/> the committed part stays for the
    /// next run of the same file; otherwise the staging tables are dropped. The live tables are untouched.
    /// </summary>
    void Abort(bool keepForResume);
}

/// <summary>A consistent read-only view of the catalog (see <see cref="ICatalogStore.OpenReader"/>).</summary>
public interface ICatalogReader : IDisposable
{
    /// <summary>True when the catalog table exists.</summary>
    bool HasTable(string table);

    /// <summary>Rows in a catalog table that exists.</summary>
    long CountRows(string table);

    /// <summary>
    /// Runs a query (SQL that both stores understand) and returns its reader. Several may be open at
    /// once, and all see the same snapshot.
    /// </summary>
    DbDataReader Query(string sql);

    /// <summary>
    /// Runs a query about some records: <c>{ids}</c> in <paramref name="sql"/> stands for the set of
    /// <paramref name="ids"/>, passed as one parameter (<c>WHERE id IN {ids}</c>), so the SQL reads
    /// the same on either store.
    /// </summary>
    DbDataReader Query(string sql, IReadOnlyList<long> ids);
}

/// <summary>Opens the store <c>--db</c> names: a PostgreSQL URL or connection string, else an SQLite file.</summary>
public static class CatalogStore
{
    /// <summary>True when <paramref name="db"/> names a PostgreSQL database rather than an SQLite file.</summary>
    public static bool IsPostgres(string db) => PostgresAddress.Recognises(db);

    /// <summary>Opens (creating the SQLite file or the PostgreSQL tables if needed) the catalog <paramref name="db"/> names.</summary>
    public static ICatalogStore Open(string db) => IsPostgres(db) ? PostgresCatalog.Open(db) : SqliteCatalog.Open(db);

    /// <summary>Opens a consistent read-only view of the catalog <paramref name="db"/> names (nothing is created or written).</summary>
    public static ICatalogReader Read(string db) => IsPostgres(db) ? PostgresCatalog.Read(db) : SqliteCatalog.Read(db);

    /// <summary>How <paramref name="db"/> is shown to a user: the file, or host, port and database without a password.</summary>
    public static string Display(string db) => IsPostgres(db) ? PostgresAddress.Parse(db).Display : db;

    /// <summary>The newest dump date imported per entity (entities never imported are absent).</summary>
    public static IReadOnlyDictionary<EntityKind, DateOnly?> LatestDumpDates(this ICatalogStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ImportRuns().GroupBy(r => r.Entity).ToDictionary(g => g.Key, g => g.Last().DumpDate);
    }

    /// <summary>Column <paramref name="column"/> as an id or count, whichever integer type the store gave it.</summary>
    public static long Int64At(this DbDataReader reader, int column)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Convert.ToInt64(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Values as the stores give them back, as the SQLite store's integers: PostgreSQL's smaller integers and booleans widened to <see cref="long"/>.</summary>
    public static object? Normalise(object? value) => value switch
    {
        DBNull => null,
        bool b => b ? 1L : 0L,
        short s => (long)s,
        int i => (long)i,
        _ => value,
    };
}
