using System.Diagnostics;
using Platter.Core;
using Platter.Storage;
using Platter.Testing;

namespace Platter.Storage.Tests;

/// <summary>A load that fails, or that is running, while someone else uses the catalog.</summary>
public sealed class LoadFailureTests : TempFolderTest
{
    [Fact]
    public void A_full_disk_during_a_load_is_reported_as_a_full_disk_and_the_catalog_stays_usable()
    {
        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("artists.xml", "<artists/>");
        StorageException? thrown;
        using (var catalog = SqliteCatalog.Open(db))
        {
            thrown = Assert.Throws<StorageException>(() =>
            {
                using var loader = catalog.BeginLoad(EntityKind.Artists, new FileInfo(source));
                loader.BatchSize = 1_000_000;

                // The file may grow by 200 pages (800 KB) more: the batch below needs far more than that.
                catalog.Execute("PRAGMA cache_size=10");
                catalog.Execute($"PRAGMA max_page_count={long.Parse(catalog.Scalar("PRAGMA page_count"), System.Globalization.CultureInfo.InvariantCulture) + 200}");
                for (var i = 1; i < 1_000_000; i++)
                {
                    loader.Write(new Artist { Id = i, Name = "n" + i, NameVariations = [.. Enumerable.Range(0, 40).Select(_ => new string('x', 200))] });
                }
            });
        }

        Assert.Contains("The disk is full: free some space and run the import again", thrown.Message, StringComparison.Ordinal);
        using var again = SqliteCatalog.Open(db);
        Assert.Empty(again.ImportRuns());
        Assert.Equal(0, again.CountRows("artist"));
    }

    [Fact]
    public void A_catalog_opened_while_a_large_batch_is_being_written_opens_at_once()
    {
        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("artists.xml", "<artists/>");
        using var catalog = SqliteCatalog.Open(db);
        using var loader = catalog.BeginLoad(EntityKind.Artists, new FileInfo(source));
        loader.BatchSize = 1_000_000;

        // About 50 MB uncommitted: more than the writer's page cache holds, so pages spill to the file.
        for (var i = 1; i < 6_000; i++)
        {
            loader.Write(new Artist { Id = i, Name = "n" + i, NameVariations = [.. Enumerable.Range(0, 40).Select(_ => new string('x', 200))] });
        }

        var watch = Stopwatch.StartNew();
        using var reader = SqliteCatalog.Open(db);
        Assert.Empty(reader.ImportRuns());
        Assert.Equal(0, reader.CountRows("artist"));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }
}
