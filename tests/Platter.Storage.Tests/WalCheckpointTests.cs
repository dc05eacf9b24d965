using System.Diagnostics;
using System.Globalization;
using Platter.Core;
using Platter.Storage;
using Platter.Testing;

namespace Platter.Storage.Tests;

/// <summary>A load's write-ahead log is checkpointed on a thread of its own, and stays bounded.</summary>
public sealed class WalCheckpointTests : TempFolderTest
{
    private const int Artists = 4_000;
    private const int BatchSize = 200;

    // Each artist holds 40 name variations of 200 bytes: about 8 KB, so a batch is about 1.6 MB
    // and the whole load about 32 MB.
    private static Artist Big(int id) => new() { Id = id, Name = "n" + id, NameVariations = [.. Enumerable.Range(0, 40).Select(_ => new string('x', 200))] };

    [Fact]
    public void A_load_checkpoints_in_the_background_so_the_log_stays_bounded_and_the_data_reaches_the_file()
    {
        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("artists.xml", "<artists/>");
        using (var catalog = SqliteCatalog.Open(db))
        {
            Assert.Equal("1000", catalog.Scalar("PRAGMA wal_autocheckpoint"));
            long checkpoints;
            using (var loader = catalog.BeginLoad(EntityKind.Artists, new FileInfo(source)))
            {
                loader.BatchSize = BatchSize;
                loader.MaxLogBytes = 2L << 20;

                // SQLite's own checkpoints, which would stop the loading thread, are off during the load.
                Assert.Equal("0", catalog.Scalar("PRAGMA wal_autocheckpoint"));
                for (var i = 1; i <= Artists; i++)
                {
                    loader.Write(Big(i));
                }

                loader.Prepare();

                // Prepare checkpointed the tail of the load too: every page of the database,
                // indexes included, is in the database file itself, not only in the log (which is
                // where it would stay while other connections keep the catalog open).
                var pages = long.Parse(catalog.Scalar("PRAGMA page_count"), CultureInfo.InvariantCulture);
                var pageSize = long.Parse(catalog.Scalar("PRAGMA page_size"), CultureInfo.InvariantCulture);
                Assert.Equal(pages * pageSize, new FileInfo(db).Length);
                Assert.Equal("1000", catalog.Scalar("PRAGMA wal_autocheckpoint"));

                catalog.SwapIn([(loader, source, null)]);
                checkpoints = loader.LogCheckpoints;
            }

            // One checkpoint per commit (20 batches, the last partial one, one per index, the tail).
            Assert.InRange(checkpoints, Artists / BatchSize, 100);

            // Without the checkpoints the log would hold all 32 MB; with them it never grew much past
            // the limit (2 MB) plus the batch written while the last checkpoint ran (1.6 MB each).
            var log = new FileInfo(db + "-wal").Length;
            Assert.InRange(log, 1L << 20, 6L << 20);

            // The pages were copied into the database file itself.
            Assert.InRange(new FileInfo(db).Length, 30L << 20, 60L << 20);

            Assert.Equal(Artists, catalog.CountRows("artist"));
            Assert.Equal(Artists * 40, catalog.CountRows("artist_name_variation"));
        }

        using var again = SqliteCatalog.Open(db);
        Assert.Equal(Artists * 40, again.CountRows("artist_name_variation"));
        Assert.Equal("n4000", again.Scalar("SELECT name FROM artist WHERE id = 4000"));
    }

    [Fact]
    public void A_reader_that_holds_an_old_snapshot_through_a_whole_load_does_not_stall_it()
    {
        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("artists.xml", "<artists/>");
        using var catalog = SqliteCatalog.Open(db);
        using var reader = SqliteCatalog.Open(db);
        reader.Execute("BEGIN");
        Assert.Equal("0", reader.Scalar("SELECT count(*) FROM import_run"));

        // The reader pins the log: no checkpoint can copy past its snapshot and the log cannot start
        // over, so every commit past the limit waits for a checkpoint that achieves nothing. Each such
        // wait must end.
        var watch = Stopwatch.StartNew();
        using (var loader = catalog.BeginLoad(EntityKind.Artists, new FileInfo(source)))
        {
            loader.BatchSize = BatchSize;
            loader.MaxLogBytes = 1L << 20;
            for (var i = 1; i <= Artists / 2; i++)
            {
                loader.Write(Big(i));
            }

            loader.Prepare();
            catalog.SwapIn([(loader, source, null)]);
        }

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        Assert.True(new FileInfo(db + "-wal").Length > 16L << 20, "the pinned log held the whole load");

        // The reader still sees its snapshot, then the new data once it lets go.
        Assert.Equal("0", reader.Scalar("SELECT count(*) FROM import_run"));
        reader.Execute("COMMIT");
        Assert.Equal("1", reader.Scalar("SELECT count(*) FROM import_run"));
        Assert.Equal((Artists / 2).ToString(CultureInfo.InvariantCulture), reader.Scalar("SELECT count(*) FROM artist"));
    }
}
