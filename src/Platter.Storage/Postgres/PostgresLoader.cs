using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Platter.Core;

namespace Platter.Storage.Postgres;

/// <summary>
/// Loads one entity's records into PostgreSQL staging tables (<c>release__new</c> …) with binary
/// COPY, commits them in batches with the position reached (so an interrupted load resumes), and
/// on <see cref="Prepare"/> adds the keys and indexes; <see cref="PostgresCatalog.SwapIn"/> makes
/// them visible.
/// </summary>
/// <remarks>
/// A connection carries one COPY at a time, and a record's rows go to many tables, so each table's
/// rows are encoded into a buffer of its own, already in COPY's binary tuple format (the texts are
/// UTF-8 in the <see cref="RowBatch"/> and are copied, not decoded), and the buffers are sent one
/// table after another whenever they hold <see cref="FlushBytes"/> together. Npgsql's
/// <c>BeginBinaryImport</c> would take each value as a .NET object or string: every text decoded
/// from UTF-8 and encoded again. The raw binary COPY sends the same protocol without that.
/// </remarks>
internal sealed class PostgresLoader : ICatalogLoad
{
    private const int MaxStoredWarnings = 10_000;

    // Rows buffered across the tables before they are sent: large enough that a COPY per table
    // costs little, small enough to keep memory flat.
    private const int FlushBytes = 8 << 20;

    // Batches on their way at once: with one, the server waited while the next one filled (it ran
    // at 60-70% of a core, the parsing too); with a few queued it always has rows to take.
    private const int MaxInFlight = 2;

    private static readonly byte[] _copyHeader = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] _copyTrailer = [0xFF, 0xFF];

    private readonly PostgresCatalog _catalog;
    private readonly NpgsqlConnection _db;
    private readonly FileInfo _file;
    private readonly TableBuffer[] _byIndex;
    private readonly DateTimeOffset _startedAt;
    private long _maxId = long.MinValue;
    private bool _ownersIndexed;
    private NpgsqlTransaction? _tx;
    private readonly LoadPosition _position;
    private bool _prepared;
    private bool _finished;
    private long _recordsSinceCommit;
    private long _buffered;
    private readonly Queue<Task> _sending = new();

    public PostgresLoader(PostgresCatalog catalog, EntityKind entity, FileInfo file)
    {
        _catalog = catalog;
        _db = catalog.Connection;
        _file = file;
        Entity = entity;
        var defs = CatalogSchema.TablesOf(entity).ToList();

        // Commits of the load need not wait for the log to reach the disk: a crash loses at most
        // the last batches, and the position saved with them says where to resume.
        _catalog.Execute("SET synchronous_commit = off");

        var progress = ReadProgress();
        long? resumeAfter = null;
        var resumable = progress is not null
            && progress.LastId >= 0
            && progress.Path == file.FullName
            && progress.Size == file.Length
            && progress.ModifiedUtc == file.LastWriteTimeUtc.Ticks
            && defs.All(t => catalog.TableExists(Staging(t)));
        Dictionary<string, long> savedRows = [];
        if (resumable)
        {
            resumeAfter = progress!.LastId;
            Records = progress.Records;
            Warnings = progress.Warnings;
            _startedAt = progress.StartedAt;
            savedRows = JsonSerializer.Deserialize<Dictionary<string, long>>((string)_catalog.Scalar("SELECT rows FROM import_progress WHERE entity = @e", ("e", entity.Name()))!) ?? [];
            _maxId = progress.LastId;
        }
        else
        {
            _startedAt = DateTimeOffset.UtcNow;
            using var tx = _db.BeginTransaction();
            foreach (var t in defs)
            {
                _catalog.Execute($"DROP TABLE IF EXISTS \"{Staging(t)}\"");
                _catalog.Execute(PostgresSchema.CreateTable(t, Staging(t)));
            }

            ClearProgress();
            tx.Commit();
        }

        _position = new LoadPosition(entity, resumeAfter);
        _byIndex = [.. defs.Select(t => new TableBuffer(t, savedRows.GetValueOrDefault(t.Name)))];
        Begin();
    }

    public EntityKind Entity { get; }

    public long? ResumeAfterId => _position.ResumeAfterId;

    public long Records { get; private set; }

    public long Warnings { get; private set; }

    public int BatchSize { get; set; } = 20_000;

    public IReadOnlyDictionary<string, long> RowCounts => _byIndex.ToDictionary(t => t.Def.Name, t => t.Rows);

    public long Rows => _byIndex.Sum(t => t.Rows);

    public event Action<long>? DuplicateReplaced;

    public bool AlreadyStored(long id) =>
        _position.AlreadyStored(id, Records);

    public bool Write(IDiscogsRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Write(_position.Single(record), 0);
    }

    public bool Write(RowBatch batch, int index)
    {
        if (!_position.Advance(batch, index, Records, out var id))
        {
            return false;
        }

        var replaced = id <= _maxId && _catalog.Guard(() => Stored(id));
        if (replaced)
        {
            _catalog.Guard(() => ReplaceOwner(id));
            DuplicateReplaced?.Invoke(id);
        }

        _maxId = Math.Max(_maxId, id);

        var bytes = batch.Bytes.AsSpan(batch.StartOf(index), batch.EndOf(index) - batch.StartOf(index));
        while (!bytes.IsEmpty)
        {
            var table = _byIndex[bytes[0]];
            var used = table.Add(bytes[1..]);
            _buffered += used.Written;
            bytes = bytes[(1 + used.Read)..];
        }

        if (!replaced)
        {
            Records++;
        }

        if (_buffered >= FlushBytes)
        {
            _catalog.Guard(Flush);
        }

        if (++_recordsSinceCommit >= BatchSize)
        {
            Checkpoint();
        }

        return true;
    }

    public void AddWarning(long line, long byteOffset, string? record, string message)
    {
        Warnings++;
        if (Warnings <= MaxStoredWarnings)
        {
            _catalog.Guard(WaitForSend);
            _catalog.Guard(() => _catalog.Execute(
                "INSERT INTO import_progress_warning (entity, position, line, byte_offset, record, message) VALUES (@e, @p, @l, @o, @r, @m) ON CONFLICT (entity, position) DO UPDATE SET line = excluded.line, byte_offset = excluded.byte_offset, record = excluded.record, message = excluded.message",
                ("e", Entity.Name()),
                ("p", Warnings),
                ("l", line),
                ("o", byteOffset),
                ("r", record),
                ("m", message)));
        }
    }

    public void Checkpoint() => _catalog.Guard(() =>
    {
        Flush();
        WaitForSend();
        SaveProgress();
        _tx!.Commit();
        _tx.Dispose();
        _tx = null;
        _recordsSinceCommit = 0;
        Begin();
    });

    public void Prepare()
    {
        Checkpoint();
        _catalog.Guard(() =>
        {
            _tx!.Commit();
            _tx.Dispose();
            _tx = null;

            // Keys and indexes are built after the load (COPY into indexed tables is several times
            // slower), table by table on two connections at once, the largest tables first. A run
            // that stops halfway leaves some built; the next run's Prepare drops them and starts over.
            var tag = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var jobs = new System.Collections.Concurrent.ConcurrentQueue<TableDef>(_byIndex.OrderByDescending(t => t.Rows).Select(t => t.Def));
            using var second = _catalog.Address.Connect();
            var other = Task.Run(() => BuildKeys(second, jobs, tag));
            try
            {
                BuildKeys(_db, jobs, tag);
            }
            finally
            {
                other.GetAwaiter().GetResult();
            }
        });
        _prepared = true;
    }

    /// <summary>Inside the swap transaction: replaces the live tables and records the run.</summary>
    internal ImportRun SwapInside(string path, DateOnly? dumpDate, DateTimeOffset finishedAt)
    {
        if (!_prepared)
        {
            throw new InvalidOperationException("Prepare() first");
        }

        foreach (var t in _byIndex)
        {
            _catalog.Execute($"DROP TABLE IF EXISTS \"{t.Def.Name}\"");
            _catalog.Execute($"ALTER TABLE \"{Staging(t.Def)}\" RENAME TO \"{t.Def.Name}\"");

            // Live now: autovacuum gathers its statistics (the planner's) soon after the commit.
            _catalog.Execute($"ALTER TABLE \"{t.Def.Name}\" RESET (autovacuum_enabled)");
        }

        var runId = (long)_catalog.Scalar(
            "INSERT INTO import_run (path, entity, dump_date, records, rows, warnings, started_at, finished_at) VALUES (@p, @e, @d, @r, @rows, @w, @s, @f) RETURNING id",
            ("p", path),
            ("e", Entity.Name()),
            ("d", dumpDate),
            ("r", Records),
            ("rows", Rows),
            ("w", Warnings),
            ("s", _startedAt.UtcDateTime),
            ("f", finishedAt.UtcDateTime))!;
        _catalog.Execute(
            "INSERT INTO import_warning (run_id, position, line, byte_offset, record, message) SELECT @run, position, line, byte_offset, record, message FROM import_progress_warning WHERE entity = @e",
            ("run", runId),
            ("e", Entity.Name()));
        ClearProgress();
        _finished = true;
        return new ImportRun(runId, path, Entity, dumpDate, Records, Rows, Warnings, _startedAt, finishedAt);
    }

    public void Abort(bool keepForResume)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        try
        {
            WaitForSend();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            // The load is given up anyway; what broke it is reported by the caller.
        }

        _catalog.Guard(() =>
        {
            if (_tx is not null)
            {
                // A broken connection has already lost the transaction; the server rolled it back.
                if (_db.State == System.Data.ConnectionState.Open)
                {
                    _tx.Rollback();
                }

                _tx.Dispose();
                _tx = null;
            }

            if ((!keepForResume || !_position.Ascending) && _db.State == System.Data.ConnectionState.Open)
            {
                using var tx = _db.BeginTransaction();
                foreach (var t in _byIndex)
                {
                    _catalog.Execute($"DROP TABLE IF EXISTS \"{Staging(t.Def)}\"");
                }

                ClearProgress();
                tx.Commit();
            }
        });
    }

    public void Dispose()
    {
        if (!_finished)
        {
            Abort(keepForResume: true);
        }

        _tx?.Dispose();
    }

    private static string Staging(TableDef t) => t.Name + SqliteCatalog.StagingSuffix;

    private void Begin() => _tx = _db.BeginTransaction();

    // Hands every table's buffered rows to a background send (one COPY per table) and goes on
    // filling fresh buffers, so that the parsing and PostgreSQL's work on the rows overlap instead
    // of taking turns. Whatever else uses the connection waits for the send first (WaitForSend).
    private void Flush()
    {
        var batches = _byIndex.Where(t => t.Length > 0).Select(t => (t.CopySql, Rows: t.Take())).ToList();
        _buffered = 0;
        if (batches.Count == 0)
        {
            return;
        }

        while (_sending.Count >= MaxInFlight)
        {
            _sending.Dequeue().GetAwaiter().GetResult();
        }

        // Each batch is sent after the one before it (one COPY at a time per connection), and a
        // failure passes down the chain to whoever waits next.
        var previous = _sending.Count > 0 ? _sending.Last() : Task.CompletedTask;
        _sending.Enqueue(previous.ContinueWith(
            before =>
            {
                before.GetAwaiter().GetResult();
                foreach (var (sql, rows) in batches)
                {
                    using (var copy = _db.BeginRawBinaryCopy(sql))
                    {
                        copy.Write(_copyHeader);
                        copy.Write(rows.Buffer, 0, rows.Length);
                        copy.Write(_copyTrailer);
                    }

                    rows.Owner.Return(rows.Buffer);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default));
    }

    // Waits for the rows being sent to be in the tables; throws what the send ran into.
    private void WaitForSend()
    {
        while (_sending.TryDequeue(out var sending))
        {
            sending.GetAwaiter().GetResult();
        }
    }

    // A record seen again: the rows of the earlier occurrence go (the last one wins).
    private void ReplaceOwner(long id)
    {
        Flush();
        WaitForSend();
        foreach (var t in _byIndex)
        {
            using var cmd = _catalog.Command($"DELETE FROM \"{Staging(t.Def)}\" WHERE \"{t.Def.OwnerColumn}\" = @id", ("id", id));
            t.Removed(cmd.ExecuteNonQuery());
        }
    }

    // One table after another from the queue: what an earlier run left, then the key and the
    // indexes. The planner's statistics are left to autovacuum, which gathers them within a minute
    // or so of the swap: ANALYZE here took a third of this phase (2 of 7 s for 200,000 releases).
    private static void BuildKeys(NpgsqlConnection db, System.Collections.Concurrent.ConcurrentQueue<TableDef> jobs, string tag)
    {
        Run(db, "SET maintenance_work_mem = '512MB'");
        while (jobs.TryDequeue(out var t))
        {
            var name = Staging(t);

            // An earlier run's key and indexes (a prepared load that was not swapped in), and the
            // owner lookups of an out-of-order file.
            foreach (var key in Names(db, "SELECT conname FROM pg_constraint WHERE conrelid = @t::regclass AND contype = 'p'", '"' + name + '"'))
            {
                Run(db, $"ALTER TABLE \"{name}\" DROP CONSTRAINT \"{key}\"");
            }

            foreach (var index in Names(db, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = @t", name))
            {
                Run(db, $"DROP INDEX \"{index}\"");
            }

            Run(db, $"ALTER TABLE \"{name}\" ADD CONSTRAINT \"pk_{t.Name}_{tag}\" PRIMARY KEY ({string.Join(", ", t.PrimaryKey.Select(c => '"' + c + '"'))})");
            foreach (var index in CatalogSchema.Indexes.Where(i => i.Table == t.Name))
            {
                Run(db, $"CREATE INDEX \"ix_{index.Table}_{string.Join('_', index.Columns)}_{tag}\" ON \"{name}\" ({string.Join(", ", index.Columns.Select(c => '"' + c + '"'))})");
            }
        }
    }

    private static void Run(NpgsqlConnection db, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, db);
        cmd.ExecuteNonQuery();
    }

    private static List<string> Names(NpgsqlConnection db, string sql, string table)
    {
        using var cmd = new NpgsqlCommand(sql, db);
        cmd.Parameters.AddWithValue("t", table);
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read())
        {
            names.Add(r.GetString(0));
        }

        return names;
    }

    // Dump ids ascend, so an id above every one before is new, and only an id out of order needs
    // looking up, in the staging table once the rows not sent yet are in it. The table gets an index
    // on its owner column the first time (as do the child tables, for the delete of a duplicate).
    // Out-of-order ids are rare, so this costs nothing per record on the way.
    private bool Stored(long id)
    {
        // The rows not sent yet go first, so that the table holds every record written so far.
        Flush();
        WaitForSend();
        if (!_ownersIndexed)
        {
            foreach (var t in _byIndex)
            {
                _catalog.Execute($"CREATE INDEX IF NOT EXISTS \"ix_{t.Def.Name}_load_owner\" ON \"{Staging(t.Def)}\" (\"{t.Def.OwnerColumn}\")");
            }

            _ownersIndexed = true;
        }

        return _catalog.Scalar($"SELECT 1 FROM \"{Staging(_byIndex[0].Def)}\" WHERE id = @id", ("id", id)) is not null;
    }

    private ImportProgress? ReadProgress()
    {
        using var cmd = _catalog.Command("SELECT path, file_size, file_mtime, last_id, records, warnings, started_at FROM import_progress WHERE entity = @e", ("e", Entity.Name()));
        using var r = cmd.ExecuteReader();
        return r.Read()
            ? new ImportProgress(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), new DateTimeOffset(r.GetDateTime(6), TimeSpan.Zero))
            : null;
    }

    private void SaveProgress() => _catalog.Execute(
        """
        INSERT INTO import_progress (entity, path, file_size, file_mtime, last_id, records, warnings, rows, started_at) VALUES (@e, @p, @s, @m, @l, @r, @w, @rows, @t)
        ON CONFLICT (entity) DO UPDATE SET path = excluded.path, file_size = excluded.file_size, file_mtime = excluded.file_mtime, last_id = excluded.last_id,
            records = excluded.records, warnings = excluded.warnings, rows = excluded.rows, started_at = excluded.started_at
        """,
        ("e", Entity.Name()),
        ("p", _file.FullName),
        ("s", _file.Length),
        ("m", _file.LastWriteTimeUtc.Ticks),
        ("l", _position.Saved),
        ("r", Records),
        ("w", Warnings),
        ("rows", JsonSerializer.Serialize(RowCounts)),
        ("t", _startedAt.UtcDateTime));

    private void ClearProgress()
    {
        _catalog.Execute("DELETE FROM import_progress WHERE entity = @e", ("e", Entity.Name()));
        _catalog.Execute("DELETE FROM import_progress_warning WHERE entity = @e", ("e", Entity.Name()));
    }

    /// <summary>A table's rows on their way to the server.</summary>
    private readonly record struct Outgoing(TableBuffer Owner, byte[] Buffer, int Length);

    /// <summary>One staging table's rows, encoded as binary COPY tuples until the next flush.</summary>
    private sealed class TableBuffer(TableDef def, long rows)
    {
        private readonly PgType[] _types = [.. def.Columns.Select(PostgresSchema.TypeOf)];

        public TableDef Def { get; } = def;

        public string CopySql { get; } = $"COPY \"{def.Name}{SqliteCatalog.StagingSuffix}\" ({string.Join(", ", def.Columns.Select(c => '"' + c.Name + '"'))}) FROM STDIN (FORMAT BINARY)";

        public long Rows { get; private set; } = rows;

        public byte[] Buffer { get; private set; } = new byte[64 * 1024];

        public int Length { get; private set; }

        private readonly System.Collections.Concurrent.ConcurrentBag<byte[]> _spares = [];

        /// <summary>Gives up the filled buffer for sending and goes on in the spare one.</summary>
        public Outgoing Take()
        {
            var taken = new Outgoing(this, Buffer, Length);
            Buffer = _spares.TryTake(out var spare) ? spare : new byte[Math.Max(64 * 1024, Length)];
            Length = 0;
            return taken;
        }

        /// <summary>A sent buffer, to fill again.</summary>
        public void Return(byte[] buffer) => _spares.Add(buffer);

        public void Removed(int rows) => Rows -= rows;

        /// <summary>Encodes one row from a <see cref="RowBatch"/> (the bytes after its table index); returns the bytes read and written.</summary>
        public (int Read, int Written) Add(ReadOnlySpan<byte> row)
        {
            var start = Length;
            Ensure(2);
            BinaryPrimitives.WriteInt16BigEndian(Buffer.AsSpan(Length), (short)_types.Length);
            Length += 2;
            var p = 0;
            for (var c = 0; c < _types.Length; c++)
            {
                var tag = row[p++];
                if (tag == RowBatch.Null)
                {
                    Ensure(4);
                    BinaryPrimitives.WriteInt32BigEndian(Buffer.AsSpan(Length), -1);
                    Length += 4;
                }
                else if (tag == RowBatch.Integer)
                {
                    WriteInteger(c, BinaryPrimitives.ReadInt64LittleEndian(row[p..]));
                    p += sizeof(long);
                }
                else
                {
                    var n = BinaryPrimitives.ReadInt32LittleEndian(row[p..]);
                    p += sizeof(int);
                    Ensure(4 + n);
                    BinaryPrimitives.WriteInt32BigEndian(Buffer.AsSpan(Length), n);
                    row.Slice(p, n).CopyTo(Buffer.AsSpan(Length + 4));
                    Length += 4 + n;
                    p += n;
                }
            }

            Rows++;
            return (p, Length - start);
        }

        private void WriteInteger(int column, long value)
        {
            Ensure(12);
            var span = Buffer.AsSpan(Length);
            switch (_types[column])
            {
                case PgType.Int8:
                    BinaryPrimitives.WriteInt32BigEndian(span, 8);
                    BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
                    Length += 12;
                    break;
                case PgType.Int4:
                    BinaryPrimitives.WriteInt32BigEndian(span, 4);
                    BinaryPrimitives.WriteInt32BigEndian(span[4..], Narrow(column, value, int.MinValue, int.MaxValue));
                    Length += 8;
                    break;
                case PgType.Int2:
                    BinaryPrimitives.WriteInt32BigEndian(span, 2);
                    BinaryPrimitives.WriteInt16BigEndian(span[4..], (short)Narrow(column, value, short.MinValue, short.MaxValue));
                    Length += 6;
                    break;
                case PgType.Bool:
                    BinaryPrimitives.WriteInt32BigEndian(span, 1);
                    span[4] = value != 0 ? (byte)1 : (byte)0;
                    Length += 5;
                    break;
                default:
                    throw new StorageException($"{Def.Name}.{Def.Columns[column].Name} is text in PostgreSQL but got a number; this is a bug in Platter, please report it");
            }
        }

        private int Narrow(int column, long value, long min, long max) => value >= min && value <= max
            ? (int)value
            : throw new StorageException($"{Def.Name}.{Def.Columns[column].Name} is {PostgresSchema.Sql(_types[column])} in PostgreSQL, too small for {value.ToString(CultureInfo.InvariantCulture)}; this is a bug in Platter, please report it");

        private void Ensure(int bytes)
        {
            if (bytes > Buffer.Length - Length)
            {
                var larger = new byte[Math.Max(checked(Length + bytes), Buffer.Length * 2)];
                Buffer.AsSpan(0, Length).CopyTo(larger);
                Buffer = larger;
            }
        }
    }
}
