using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Platter.Storage;

/// <summary>
/// Copies a load's committed pages from the write-ahead log into the database on a thread of
/// its own, with a connection of its own, so the loading thread goes on writing meanwhile
/// instead of stopping at every commit to checkpoint (and to wait for the disk).
/// <para>
/// SQLite starts the log over only at the first write after a checkpoint has caught up (and only
/// when no other connection is reading from the log at that moment), so the loader calls
/// <see cref="AfterCommit"/> after each commit: it asks for a checkpoint, and once the log has
/// grown past <see cref="MaxLogBytes"/> it waits for that checkpoint, letting the next transaction
/// start the log from the beginning. Without readers the log so stays near that size, and at most
/// one checkpoint in several is waited for; a reader that keeps reading can keep it growing, as it
/// could with SQLite's own checkpoints. The log's length comes from SQLite itself: a WAL hook on
/// the loader's connection (which also turns its automatic checkpoints off) records it at every commit.
/// </para>
/// </summary>
internal sealed unsafe partial class WalCheckpointer : IDisposable
{
    /// <summary>How large the log may grow before the loader waits for a checkpoint, by default.</summary>
    public const long DefaultMaxLogBytes = 256L << 20;

    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly sqlite3 _db;
    private readonly sqlite3 _writer;
    private readonly string _path;
    private readonly long _pageSize;
    private GCHandle _self;
    private long _logFrames;
    private long _requested;
    private long _done;
    private bool _stopping;
    private Exception? _failure;

    private WalCheckpointer(string path, sqlite3 db, sqlite3 writer, long pageSize)
    {
        _path = path;
        _db = db;
        _writer = writer;
        _pageSize = pageSize;
        _thread = new Thread(Run) { IsBackground = true, Name = "Platter WAL checkpoint" };
        _thread.Start();

        // Last, once nothing can fail: from here on the writer's commits are ours to checkpoint.
        _self = GCHandle.Alloc(this);
        Native.WalHook(writer.DangerousGetHandle(), &OnCommit, GCHandle.ToIntPtr(_self));
    }

    /// <summary>How large the log may grow before <see cref="AfterCommit"/> waits for a checkpoint.</summary>
    public long MaxLogBytes { get; set; } = DefaultMaxLogBytes;

    /// <summary>Bytes in the write-ahead log after the writer's last commit.</summary>
    public long LogBytes => Interlocked.Read(ref _logFrames) * _pageSize;

    /// <summary>Checkpoints run so far (for tests).</summary>
    public long Runs => Interlocked.Read(ref _done);

    /// <summary>
    /// Takes over the checkpoints of <paramref name="writer"/>, a connection to the catalog at
    /// <paramref name="path"/> in WAL mode: opens a second connection and starts the thread.
    /// </summary>
    public static WalCheckpointer Start(string path, sqlite3 writer, long pageSize)
    {
        var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READWRITE, null);
        if (rc != raw.SQLITE_OK)
        {
            var message = db is null ? raw.sqlite3_errstr(rc).utf8_to_string() : raw.sqlite3_errmsg(db).utf8_to_string();
            db?.Dispose();
            throw StorageException.Failed(rc, message, "opening a second connection to " + path + " for checkpoints");
        }

        // A connection sees the log only once it has read the database: until then it would
        // report "not in WAL mode" and checkpoint nothing.
        rc = raw.sqlite3_exec(db, "PRAGMA busy_timeout=10000; PRAGMA schema_version;", out var error);
        if (rc != raw.SQLITE_OK)
        {
            db.Dispose();
            throw StorageException.Failed(rc, error, "reading " + path + " for checkpoints");
        }

        try
        {
            return new WalCheckpointer(path, db, writer, pageSize);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Called by the loader after a commit: asks for a checkpoint of what is committed, and waits
    /// for it when the log holds more than <see cref="MaxLogBytes"/>.
    /// </summary>
    /// <exception cref="StorageException">An earlier checkpoint failed (a full disk, an I/O error).</exception>
    public void AfterCommit()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            ThrowIfFailed();
            var ticket = Request();
            if (LogBytes > MaxLogBytes)
            {
                WaitFor(ticket);
                ThrowIfFailed();
            }
        }
    }

    /// <summary>
    /// Checkpoints what the writer committed last and waits for it, so the load leaves nothing
    /// behind in the log; then stops the thread, closes the connection and gives the writer back
    /// its automatic checkpoints. A checkpoint that fails here is not reported: the data is safe
    /// in the log, and SQLite checkpoints it later.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            WaitFor(Request());
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join();
        _db.Dispose();

        // Installs SQLite's own hook again, in place of ours, before the handle it points to goes.
        raw.sqlite3_wal_autocheckpoint(_writer, 1000);
        _self.Free();
    }

    // The WAL hook: runs on the writer's thread after each commit, with the log's length in frames.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnCommit(IntPtr self, IntPtr db, IntPtr name, int frames)
    {
        if (GCHandle.FromIntPtr(self).Target is WalCheckpointer c)
        {
            Interlocked.Exchange(ref c._logFrames, frames);
        }

        return raw.SQLITE_OK;
    }

    // Under _gate: asks the thread for one more checkpoint; returns its ticket.
    private long Request()
    {
        Monitor.PulseAll(_gate);
        return ++_requested;
    }

    // Under _gate: until the checkpoint with this ticket has run, or the thread has failed.
    private void WaitFor(long ticket)
    {
        while (_done < ticket && _failure is null)
        {
            Monitor.Wait(_gate);
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new StorageException(_failure.Message, _failure);
        }
    }

    private void Run()
    {
        while (true)
        {
            long ticket;
            lock (_gate)
            {
                while (_requested == _done && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopping)
                {
                    return;
                }

                ticket = _requested;
            }

            // PASSIVE: copies what no reader still needs and never waits for one. SQLITE_BUSY only
            // means another connection is checkpointing at the moment, which does the same job.
            var rc = raw.sqlite3_wal_checkpoint_v2(_db, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
            lock (_gate)
            {
                if (rc != raw.SQLITE_OK && rc != raw.SQLITE_BUSY)
                {
                    _failure = StorageException.Failed(rc, raw.sqlite3_errmsg(_db).utf8_to_string(), "checkpointing the write-ahead log of " + _path);
                }

                _done = ticket;
                Monitor.PulseAll(_gate);
                if (_failure is not null)
                {
                    return;
                }
            }
        }
    }

    private static partial class Native
    {
        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_wal_hook")]
        public static partial IntPtr WalHook(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int, int> hook, IntPtr arg);
    }
}
