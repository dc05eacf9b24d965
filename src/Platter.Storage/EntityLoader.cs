using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Platter.Core;
using SQLitePCL;

namespace Platter.Storage;

/// <summary>
/// Loads one entity's records into staging tables (<c>release__new</c> ...) and, on
/// <see cref="Prepare"/>, indexes them; <see cref="SqliteCatalog.SwapIn"/> makes them visible in one transaction. Work is committed
/// in batches together with the position reached, so an interrupted load of the same file
/// resumes after the last committed record instead of starting over (dump ids ascend).
/// </summary>
public sealed class EntityLoader : ICatalogLoad
{
    private const int MaxStoredWarnings = 10_000;

    private readonly SqliteCatalog _catalog;
    private readonly sqlite3 _db;
    private readonly FileInfo _file;
    private readonly Dictionary<string, TableWriter> _tables = new(StringComparer.Ordinal);

    // The tables in CatalogSchema.TablesOf(entity) order: a row in a RowBatch names its table by this index.
    private readonly TableWriter[] _byIndex = [];
    private readonly DateTimeOffset _startedAt;
    private readonly RawStatement _warningInsert;
    private readonly WalCheckpointer _wal;
    private readonly LoadPosition _position;
    private bool _inTransaction;
    private bool _finished;
    private long _recordsSinceCommit;

    internal EntityLoader(SqliteCatalog catalog, EntityKind entity, FileInfo file)
    {
        _catalog = catalog;
        _db = catalog.Connection.Handle!;
        _file = file;
        Entity = entity;
        var defs = CatalogSchema.TablesOf(entity).ToList();

        var progress = catalog.ReadProgress(entity);
        long? resumeAfter = null;
        var resumable = progress is not null
            && progress.LastId >= 0
            && progress.Path == file.FullName
            && progress.Size == file.Length
            && progress.ModifiedUtc == file.LastWriteTimeUtc.Ticks
            && defs.All(t => catalog.TableExists(t.Name + SqliteCatalog.StagingSuffix));
        if (resumable)
        {
            resumeAfter = progress!.LastId;
            Records = progress.Records;
            Warnings = progress.Warnings;
            _startedAt = progress.StartedAt;
        }
        else
        {
            _startedAt = DateTimeOffset.UtcNow;
            Exec("BEGIN");
            foreach (var t in defs)
            {
                Exec($"DROP TABLE IF EXISTS \"{t.Name}{SqliteCatalog.StagingSuffix}\"");
                Exec(CreateTableSql(t, t.Name + SqliteCatalog.StagingSuffix));
            }

            catalog.Execute("DELETE FROM import_progress WHERE entity = $e", ("$e", entity.Name()));
            catalog.Execute("DELETE FROM import_progress_warning WHERE entity = $e", ("$e", entity.Name()));
            Exec("COMMIT");
        }

        _position = new LoadPosition(entity, resumeAfter);
        var savedRows = resumable ? JsonSerializer.Deserialize<Dictionary<string, long>>(ReadProgressRows()) ?? [] : [];
        try
        {
            foreach (var t in defs)
            {
                _tables[t.Name] = new TableWriter(_db, t, savedRows.GetValueOrDefault(t.Name));
            }

            _byIndex = [.. defs.Select(t => _tables[t.Name])];

            _warningInsert = new RawStatement(_db, "INSERT OR REPLACE INTO import_progress_warning (entity, position, line, byte_offset, record, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            _wal = WalCheckpointer.Start(catalog.Path, _db, Convert.ToInt64(catalog.Scalar("PRAGMA page_size"), CultureInfo.InvariantCulture));
            Begin();
        }
        catch
        {
            // Nothing is left prepared on the catalog's connection, and no thread runs on.
            foreach (var t in _tables.Values)
            {
                t.Dispose();
            }

            _warningInsert?.Dispose();
            _wal?.Dispose();
            throw;
        }
    }

    /// <summary>The entity being loaded.</summary>
    public EntityKind Entity { get; }

    /// <summary>When resuming: records with ids up to this one are already stored and are skipped.</summary>
    public long? ResumeAfterId => _position.ResumeAfterId;

    /// <summary>Records stored (including those stored before a resume).</summary>
    public long Records { get; private set; }

    /// <summary>Warnings recorded (including those before a resume).</summary>
    public long Warnings { get; private set; }

    /// <summary>Records written between commits.</summary>
    public int BatchSize { get; set; } = 20_000;

    /// <summary>How large the write-ahead log may grow before a commit waits for the background checkpoint.</summary>
    internal long MaxLogBytes
    {
        get => _wal.MaxLogBytes;
        set => _wal.MaxLogBytes = value;
    }

    /// <summary>Background checkpoints run so far.</summary>
    internal long LogCheckpoints => _wal.Runs;

    /// <summary>Rows stored per table.</summary>
    public IReadOnlyDictionary<string, long> RowCounts => _tables.ToDictionary(t => t.Key, t => t.Value.Rows);

    /// <summary>Rows stored across all the entity's tables.</summary>
    public long Rows => _tables.Values.Sum(t => t.Rows);

    /// <summary>Stores one record. Returns false when it was skipped because a resumed load already holds it.</summary>
    /// <exception cref="ArgumentException">The record is of another entity.</exception>
    public bool Write(IDiscogsRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Write(_position.Single(record), 0);
    }

    /// <summary>
    /// Stores the record at <paramref name="index"/> of a batch whose rows were made on another
    /// thread. Returns false when it was skipped because a resumed load already holds it. The
    /// batch may be cleared and refilled as soon as this returns.
    /// </summary>
    /// <exception cref="ArgumentException">The batch holds another entity.</exception>
    public unsafe bool Write(RowBatch batch, int index)
    {
        if (!_position.Advance(batch, index, Records, out var id))
        {
            return false;
        }

        // The first row is the main table's; the rest go to the child tables in document order.
        // The main row's texts are bound where they lie and read again if a duplicate is replaced:
        // fixed keeps the batch's array reachable until then, even when nothing else holds it.
        bool replaced;
        fixed (byte* bytes = batch.Bytes)
        {
            var p = bytes + batch.StartOf(index);
            var end = bytes + batch.EndOf(index);
            var main = _byIndex[*p++];
            p = main.Take(p);
            replaced = InsertMain(main, id);
            while (p < end)
            {
                var table = _byIndex[*p++];
                p = table.Take(p);
                table.Insert();
            }
        }

        if (!replaced)
        {
            Records++;
        }

        if (++_recordsSinceCommit >= BatchSize)
        {
            Checkpoint();
        }

        return true;
    }

    /// <summary>
    /// True when a resumed load already holds the record with this id (it was committed before
    /// the interruption), so it and the warnings read with it must not be stored again.
    /// </summary>
    public bool AlreadyStored(long id) =>
        _position.AlreadyStored(id, Records);

    /// <summary>Duplicate handling reported this id; the caller words the warning.</summary>
    public event Action<long>? DuplicateReplaced;

    /// <summary>Records a warning with the load (kept with the import run; the first 10,000 are stored in full).</summary>
    public void AddWarning(long line, long byteOffset, string? record, string message)
    {
        Warnings++;
        if (Warnings <= MaxStoredWarnings)
        {
            _warningInsert.Bind(1, Entity.Name());
            _warningInsert.Bind(2, Warnings);
            _warningInsert.Bind(3, line);
            _warningInsert.Bind(4, byteOffset);
            _warningInsert.Bind(5, record);
            _warningInsert.Bind(6, message);
            _warningInsert.Step();
        }
    }

    /// <summary>Commits what was written so far with the position reached.</summary>
    public void Checkpoint()
    {
        foreach (var t in _tables.Values)
        {
            t.Flush();
        }

        SaveProgress();
        Exec("COMMIT");
        _inTransaction = false;
        _recordsSinceCommit = 0;
        _wal.AfterCommit();
        Begin();
    }

    /// <summary>
    /// Commits the last batch and indexes the staging tables; the data is still invisible until
    /// <see cref="SqliteCatalog.SwapIn"/>. Indexes are built after the load because inserting into
    /// indexed tables is several times slower.
    /// </summary>
    public void Prepare()
    {
        Checkpoint();
        Exec("COMMIT");
        _inTransaction = false;
        foreach (var t in _tables.Keys)
        {
            foreach (var old in _catalog.IndexesOn(t + SqliteCatalog.StagingSuffix))
            {
                Exec($"DROP INDEX \"{old}\"");
            }
        }

        // SQLite's index sorter keeps up to a page cache's worth of keys in memory. With the 32 MB
        // cache the load uses, the peak grew with the input (144, 163, 179 MB for 50k, 200k, 400k
        // releases); with 8 MB it stays at 131 MB, and the index build measured no slower.
        Exec($"PRAGMA cache_size={SqliteCatalog.IndexBuildCacheSize}");
        try
        {
            var tag = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            foreach (var index in CatalogSchema.Indexes.Where(i => _tables.ContainsKey(i.Table)))
            {
                Exec($"CREATE INDEX \"ix_{index.Table}_{string.Join('_', index.Columns)}_{tag}\" ON \"{index.Table}{SqliteCatalog.StagingSuffix}\" ({string.Join(", ", index.Columns.Select(c => '"' + c + '"'))})");
                _wal.AfterCommit();
            }
        }
        finally
        {
            Exec($"PRAGMA cache_size={SqliteCatalog.CacheSize}");
        }

        // The load is complete: checkpoint its tail, and let the swap's commit be checkpointed
        // the usual way.
        _wal.Dispose();
        _prepared = true;
    }

    private bool _prepared;

    /// <summary>Inside the swap transaction: replaces the live tables and records the run.</summary>
    internal ImportRun SwapInside(string path, DateOnly? dumpDate, DateTimeOffset finishedAt)
    {
        if (!_prepared)
        {
            throw new InvalidOperationException("Prepare() first");
        }

        foreach (var t in _tables.Values)
        {
            Exec($"DROP TABLE IF EXISTS \"{t.Def.Name}\"");
            Exec($"ALTER TABLE \"{t.Def.Name}{SqliteCatalog.StagingSuffix}\" RENAME TO \"{t.Def.Name}\"");
        }

        _catalog.Execute(
            "INSERT INTO import_run (path, entity, dump_date, records, rows, warnings, started_at, finished_at) VALUES ($p, $e, $d, $r, $rows, $w, $s, $f)",
            ("$p", path),
            ("$e", Entity.Name()),
            ("$d", dumpDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("$r", Records),
            ("$rows", Rows),
            ("$w", Warnings),
            ("$s", _startedAt.ToString("O", CultureInfo.InvariantCulture)),
            ("$f", finishedAt.ToString("O", CultureInfo.InvariantCulture)));
        var runId = _catalog.LastInsertRowId();
        _catalog.Execute(
            "INSERT INTO import_warning (run_id, position, line, byte_offset, record, message) SELECT $run, position, line, byte_offset, record, message FROM import_progress_warning WHERE entity = $e",
            ("$run", runId),
            ("$e", Entity.Name()));
        _catalog.Execute("DELETE FROM import_progress WHERE entity = $e", ("$e", Entity.Name()));
        _catalog.Execute("DELETE FROM import_progress_warning WHERE entity = $e", ("$e", Entity.Name()));
        _finished = true;
        return new ImportRun(runId, path, Entity, dumpDate, Records, Rows, Warnings, _startedAt, finishedAt);
    }

    /// <summary>
    /// Gives up the load. With <paramref name="keepForResume"/> the committed part stays for the
    /// next run of the same file (an interruption); otherwise the staging tables are dropped (a
    /// broken file). The live tables are untouched either way.
    /// </summary>
    public void Abort(bool keepForResume)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (_inTransaction)
        {
            // A full disk or an I/O error may have made SQLite roll the transaction back itself;
            // a ROLLBACK would then fail and hide that error.
            if (SQLitePCL.raw.sqlite3_get_autocommit(_catalog.Connection.Handle!) == 0)
            {
                Exec("ROLLBACK");
            }

            _inTransaction = false;
        }

        // A prepared load is complete: keep it so the next run only re-reads the file.

        if (!keepForResume || !_position.Ascending)
        {
            Exec("BEGIN");
            foreach (var t in _tables.Values)
            {
                Exec($"DROP TABLE IF EXISTS \"{t.Def.Name}{SqliteCatalog.StagingSuffix}\"");
            }

            _catalog.Execute("DELETE FROM import_progress WHERE entity = $e", ("$e", Entity.Name()));
            _catalog.Execute("DELETE FROM import_progress_warning WHERE entity = $e", ("$e", Entity.Name()));
            Exec("COMMIT");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (!_finished)
            {
                Abort(keepForResume: true);
            }
        }
        finally
        {
            foreach (var t in _tables.Values)
            {
                t.Dispose();
            }

            _warningInsert.Dispose();
            _wal.Dispose();
        }
    }

    internal static string CreateTableSql(TableDef t, string name)
    {
        var cols = string.Join(", ", t.Columns.Select(c => $"\"{c.Name}\" {c.Type}" + (t.PrimaryKey.Count == 1 && t.PrimaryKey[0] == c.Name ? " PRIMARY KEY" : "")));
        return t.PrimaryKey.Count == 1
            ? $"CREATE TABLE \"{name}\" ({cols})"
            : $"CREATE TABLE \"{name}\" ({cols}, PRIMARY KEY ({string.Join(", ", t.PrimaryKey)})) WITHOUT ROWID";
    }

    private string ReadProgressRows()
    {
        using var cmd = _catalog.Connection.CreateCommand();
        cmd.CommandText = "SELECT rows FROM import_progress WHERE entity = $e";
        cmd.Parameters.AddWithValue("$e", Entity.Name());
        return cmd.ExecuteScalar() as string ?? "{}";
    }

    private void SaveProgress() => _catalog.Execute(
        "INSERT OR REPLACE INTO import_progress (entity, path, file_size, file_mtime, last_id, records, warnings, rows, started_at) VALUES ($e, $p, $s, $m, $l, $r, $w, $rows, $t)",
        ("$e", Entity.Name()),
        ("$p", _file.FullName),
        ("$s", _file.Length),
        ("$m", _file.LastWriteTimeUtc.Ticks),
        ("$l", _position.Saved),
        ("$r", Records),
        ("$w", Warnings),
        ("$rows", JsonSerializer.Serialize(RowCounts)),
        ("$t", _startedAt.ToString("O", CultureInfo.InvariantCulture)));

    private void Begin()
    {
        Exec("BEGIN");
        _inTransaction = true;
    }

    private void Exec(string sql)
    {
        var rc = raw.sqlite3_exec(_db, sql, out var message);
        if (rc != raw.SQLITE_OK)
        {
            throw StorageException.Failed(rc, message, "running: " + sql);
        }
    }

    // Inserts the main row; on a duplicate id, removes the earlier occurrence's rows first (the last one wins).
    private bool InsertMain(TableWriter main, long id)
    {
        if (main.TryInsert())
        {
            return false;
        }

        foreach (var t in _tables.Values)
        {
            t.DeleteOwner(id);
        }

        DuplicateReplaced?.Invoke(id);
        if (!main.TryInsert())
        {
            throw new StorageException($"could not replace the duplicate record {id} in {main.Def.Name}");
        }

        return true;
    }

    /// <summary>
    /// The insert (and duplicate delete) statements of one staging table. Child rows are
    /// buffered and written 32 to a statement: one <c>INSERT … VALUES (…), (…)</c> costs about
    /// a third less per row than single-row inserts (measured with SQLite 3.50). Their texts are
    /// copied into a buffer of the table's own until then, because the batch they came in is
    /// refilled long before. The main table inserts row by row, because a duplicate id must be
    /// seen at once; its values are bound straight from the batch.
    /// </summary>
    private sealed unsafe class TableWriter : IDisposable
    {
        private const int RowsPerStatement = 32;

        private readonly sqlite3 _db;
        private readonly RawStatement _insert;
        private readonly RawStatement _delete;
        private readonly RawStatement?[] _multi = new RawStatement?[RowsPerStatement + 1];
        private readonly Value[] _pending;
        private readonly int _columns;
        private readonly bool _buffered;
        private byte* _texts;
        private int _textsSize;
        private int _textsUsed;
        private int _slot;

        public TableWriter(sqlite3 db, TableDef def, long rows)
        {
            _db = db;
            Def = def;
            Rows = rows;
            _columns = def.Columns.Count;
            _buffered = def.PrimaryKey.Count > 1;
            _pending = new Value[_columns * RowsPerStatement];
            _insert = new RawStatement(db, InsertSql(1));
            _delete = new RawStatement(db, $"DELETE FROM \"{def.Name}{SqliteCatalog.StagingSuffix}\" WHERE \"{def.OwnerColumn}\" = ?1");
        }

        public TableDef Def { get; }

        public long Rows { get; private set; }

        /// <summary>Takes one row's values (see <see cref="RowBatch"/>); returns where the next row starts.</summary>
        public byte* Take(byte* p)
        {
            for (var c = 1; c <= _columns; c++)
            {
                var tag = *p++;
                long number = 0;
                var length = 0;
                var text = p + sizeof(int);
                if (tag == RowBatch.Integer)
                {
                    number = Unsafe.ReadUnaligned<long>(p);
                    p += sizeof(long);
                }
                else if (tag == RowBatch.Text)
                {
                    length = Unsafe.ReadUnaligned<int>(p);
                    p = text + length;
                }

                if (_buffered)
                {
                    _pending[(_slot * _columns) + c - 1] = tag == RowBatch.Text
                        ? new Value(RowBatch.Text, KeepText(text, length), length)
                        : new Value(tag, number, 0);
                }
                else if (tag == RowBatch.Text)
                {
                    _insert.BindInPlace(c, text, length);
                }
                else
                {
                    _insert.Bind(c, tag == RowBatch.Integer ? number : null);
                }
            }

            return p;
        }

        public void Insert()
        {
            if (_buffered)
            {
                Rows++;
                if (++_slot == RowsPerStatement)
                {
                    Flush();
                }

                return;
            }

            if (!TryInsert())
            {
                throw new StorageException($"a row of {Def.Name} broke a constraint; this is a bug in Platter, please report it");
            }
        }

        public bool TryInsert()
        {
            if (_insert.Step() == raw.SQLITE_CONSTRAINT)
            {
                return false;
            }

            Rows++;
            return true;
        }

        /// <summary>Writes the buffered rows; called before every commit and before deleting rows.</summary>
        public void Flush()
        {
            if (_slot == 0)
            {
                return;
            }

            var statement = _multi[_slot] ??= new RawStatement(_db, InsertSql(_slot));
            for (var i = 0; i < _slot * _columns; i++)
            {
                ref var v = ref _pending[i];
                if (v.Kind == RowBatch.Text)
                {
                    statement.BindInPlace(i + 1, _texts + v.Number, v.Length);
                }
                else
                {
                    statement.Bind(i + 1, v.Kind == RowBatch.Integer ? v.Number : null);
                }
            }

            _slot = 0;
            var rc = statement.Step();
            _textsUsed = 0;
            if (rc == raw.SQLITE_CONSTRAINT)
            {
                throw new StorageException($"a row of {Def.Name} broke a constraint; this is a bug in Platter, please report it");
            }
        }

        public void DeleteOwner(long id)
        {
            Flush();
            _delete.Bind(1, id);
            _delete.Step();
            Rows -= raw.sqlite3_changes(_db);
        }

        public void Dispose()
        {
            _insert.Dispose();
            _delete.Dispose();
            foreach (var m in _multi)
            {
                m?.Dispose();
            }

            NativeMemory.Free(_texts);
            _texts = null;
        }

        // Copies a text into the table's buffer until the next flush; returns its offset there.
        private int KeepText(byte* text, int length)
        {
            // Allocated even for an empty text: SQLite takes a null pointer for NULL, not ''.
            if (_texts is null || length > _textsSize - _textsUsed)
            {
                // Offsets, not pointers, are kept, so the buffer may move.
                _textsSize = Math.Max(checked(_textsUsed + length), Math.Max(4096, _textsSize * 2));
                _texts = (byte*)NativeMemory.Realloc(_texts, (nuint)_textsSize);
            }

            var offset = _textsUsed;
            Buffer.MemoryCopy(text, _texts + offset, length, length);
            _textsUsed += length;
            return offset;
        }

        private string InsertSql(int rows)
        {
            var cols = string.Join(", ", Def.Columns.Select(c => '"' + c.Name + '"'));
            var tuples = Enumerable.Range(0, rows).Select(r =>
                "(" + string.Join(", ", Enumerable.Range(1, _columns).Select(c => "?" + ((r * _columns) + c).ToString(CultureInfo.InvariantCulture))) + ")");
            // OR FAIL: a multi-row INSERT that may abort halfway needs a statement journal, a copy of
            // every page it touches; with FAIL it needs none. A broken constraint is a bug in
            // Platter either way: the import stops and the batch's transaction is rolled back.
            return $"INSERT OR FAIL INTO \"{Def.Name}{SqliteCatalog.StagingSuffix}\" ({cols}) VALUES {string.Join(", ", tuples)}";
        }

        // Kind is RowBatch's tag; Number holds an integer, or a text's offset in the buffer.
        private readonly record struct Value(byte Kind, long Number, int Length);
    }
}
