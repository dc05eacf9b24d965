using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Platter.Core;
using Platter.Storage;
using Platter.Testing;

namespace Platter.Storage.Tests;

/// <summary>The store on its own: staging, swap, abort and resume bookkeeping, without the XML parser.</summary>
public sealed class SqliteCatalogTests : TempFolderTest
{
    private static readonly Artist _persuader = new()
    {
        Id = 1,
        Name = "The Persuader",
        RealName = "Jesper Dahlbäck",
        DataQuality = "Needs Vote",
        Urls = ["https://en.wikipedia.org/wiki/Jesper_Dahlb%C3%A4ck"],
        NameVariations = ["Persuader", "The Presuader"],
        Aliases = [new NamedRef(239, "Jesper Dahlbäck"), new NamedRef(16055, "Groove Machine")],
        Groups = [new NamedRef(null, "Unlinked Group")],
    };

    [Fact]
    public void A_swapped_in_load_is_in_the_live_tables_and_no_staging_table_is_left()
    {
        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("artists.xml", "<artists/>");
        using (var catalog = SqliteCatalog.Open(db))
        {
            using var loader = catalog.BeginLoad(EntityKind.Artists, new FileInfo(source));
            Assert.True(loader.Write(_persuader));
            loader.Prepare();
            var runs = catalog.SwapIn([(loader, source, new DateOnly(2026, 8, 1))]);

            Assert.Equal(EntityKind.Artists, runs[0].Entity);
            Assert.Equal(1, runs[0].Records);
            Assert.Equal(1 + 1 + 2 + 2 + 1, runs[0].Rows);
        }

        Assert.Equal(
            ["artist", "artist_alias", "artist_group", "artist_image", "artist_member", "artist_name_variation", "artist_url", "import_progress", "import_progress_warning", "import_run", "import_warning"],
            Query(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"));
        Assert.Equal(["1|The Persuader|Jesper Dahlbäck"], Query(db, "SELECT id || '|' || name || '|' || realname FROM artist"));
        Assert.Equal(["1|239|Jesper Dahlbäck", "2|16055|Groove Machine"], Query(db, "SELECT position || '|' || alias_id || '|' || name FROM artist_alias ORDER BY position"));
        Assert.Equal(["1||Unlinked Group"], Query(db, "SELECT position || '|' || ifnull(group_id, '') || '|' || name FROM artist_group"));
        Assert.Equal(["artists|2026-08-01|1|7"], Query(db, "SELECT entity || '|' || dump_date || '|' || records || '|' || rows FROM import_run"));
    }

    [Fact]
    public void An_aborted_load_leaves_no_staging_tables_and_no_progress()
    {
        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("artists.xml", "<artists/>");
        using (var catalog = SqliteCatalog.Open(db))
        {
            using var loader = catalog.BeginLoad(EntityKind.Artists, new FileInfo(source));
            loader.Write(_persuader);
            loader.Checkpoint();
            loader.Abort(keepForResume: false);
        }

        Assert.Empty(Query(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_\\_new' ESCAPE '\\'"));
        Assert.Empty(Query(db, "SELECT entity FROM import_progress"));
        Assert.Empty(Query(db, "SELECT id FROM import_run"));
    }

    [Fact]
    public void An_interrupted_load_of_the_same_file_resumes_after_the_last_committed_id()
    {
        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("artists.xml", "<artists/>");
        using (var catalog = SqliteCatalog.Open(db))
        {
            using var first = catalog.BeginLoad(EntityKind.Artists, new FileInfo(source));
            first.Write(_persuader);
            first.Checkpoint();
            first.Write(_persuader with { Id = 2, Name = "Mr. James Barth & A.D." });

            // Disposed without Prepare: an interruption; the uncommitted record 2 is rolled back.
        }

        using (var catalog = SqliteCatalog.Open(db))
        {
            using var again = catalog.BeginLoad(EntityKind.Artists, new FileInfo(source));
            Assert.Equal(1, again.ResumeAfterId);
            Assert.True(again.AlreadyStored(1));
            Assert.False(again.Write(_persuader));
            Assert.True(again.Write(_persuader with { Id = 2, Name = "Mr. James Barth & A.D." }));
            again.Prepare();
            catalog.SwapIn([(again, source, null)]);
        }

        Assert.Equal(["1|The Persuader", "2|Mr. James Barth & A.D."], Query(db, "SELECT id || '|' || name FROM artist ORDER BY id"));
    }

    [Fact]
    public void A_file_that_is_not_SQLite_is_refused_with_its_path()
    {
        var notADatabase = Dir.WriteText("platter.db", "<!DOCTYPE html><html><body>Access Denied</body></html>" + new string('x', 2000));

        var e = Assert.Throws<StorageException>(() => SqliteCatalog.Open(notADatabase));

        Assert.StartsWith($"Cannot open the database {notADatabase}: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("Is it an SQLite file? Choose another --db or move it away.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_and_non_ascii_texts_are_stored_exactly_however_many_share_one_statement()
    {
        // Texts are encoded into a row batch that starts at 4 KB, and a child table copies its
        // rows' texts into a buffer of its own until its 32-row statement runs. These texts make
        // both grow: one notes text alone (87,000 UTF-8 bytes), and 40 styles of 2,000 bytes.
        var notes = string.Concat(Enumerable.Repeat("Dahlbäck — «Mörk» 𝄞 ", 3000));
        var styles = Enumerable.Range(1, 40).Select(i => $"{i:D2}:" + new string('ö', 998)).ToList();
        var master = new Master { Id = 33, Title = "Fönster", Notes = notes, Genres = ["Electronic", "Rock"], Styles = styles };
        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("masters.xml", "<masters/>");
        using (var catalog = SqliteCatalog.Open(db))
        {
            using var loader = catalog.BeginLoad(EntityKind.Masters, new FileInfo(source));
            Assert.True(loader.Write(master));
            Assert.True(loader.Write(master with { Id = 34, Notes = "kort", Styles = ["Techno"] }));
            loader.Prepare();
            catalog.SwapIn([(loader, source, null)]);
        }

        Assert.Equal([notes, "kort"], Query(db, "SELECT notes FROM master ORDER BY id"));
        Assert.Equal(["Fönster", "Fönster"], Query(db, "SELECT title FROM master ORDER BY id"));
        Assert.Equal([.. styles, "Techno"], Query(db, "SELECT style FROM master_style ORDER BY master_id, position"));
        Assert.Equal(["Electronic", "Rock", "Electronic", "Rock"], Query(db, "SELECT genre FROM master_genre ORDER BY master_id, position"));
    }

    [Fact]
    public void Rows_made_elsewhere_are_stored_exactly_even_when_their_batch_is_refilled_before_the_statement_runs()
    {
        // The importer makes rows on the parsing thread and reuses a batch as soon as the loader
        // has taken it. Release 2's genre, credit and track wait in 32-row statements until
        // Prepare; by then the batch holds release 3 (never written), whose bytes lie where
        // release 2's did. A batch of 64 bytes has to grow for the first two releases.
        var credit = new ArtistCredit(194, "Various", "", null, "Written-By", "A1 to B2");
        Release Make(long id, string genre, string title) => new()
        {
            Id = id,
            Title = "Östra Station 𝄞 " + id,
            Genres = [genre],
            ExtraArtists = [credit],
            Tracks = [new Track { Position = "", Title = "Side A" }, new Track { Position = "A1", Title = title }],
            Identifiers = id == 1 ? [new ReleaseIdentifier("", null, "")] : [],
        };

        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("releases.xml", "<releases/>");
        using (var catalog = SqliteCatalog.Open(db))
        {
            using var loader = catalog.BeginLoad(EntityKind.Releases, new FileInfo(source));
            var batch = new RowBatch(EntityKind.Releases, capacity: 64);
            batch.Add(Make(1, "Electronic", "Fönster"));
            batch.Add(Make(2, "Jazz", "Kärlek — «Mörk»"));
            Assert.True(loader.Write(batch, 0));
            Assert.True(loader.Write(batch, 1));
            batch.Clear();
            batch.Add(Make(3, "XXXXXXXXXX", "YYYYYYYYYYYYYYYYYYYYYY"));
            batch.Add(Make(4, "XXXXXXXXXX", "YYYYYYYYYYYYYYYYYYYYYY"));

            Assert.Equal(
                "a batch of artists cannot be stored with the releases (Parameter 'batch')",
                Assert.Throws<ArgumentException>(() => loader.Write(new RowBatch(EntityKind.Artists), 0)).Message);
            Assert.Equal(
                "a Release cannot be stored with the artists (Parameter 'record')",
                Assert.Throws<ArgumentException>(() => new RowBatch(EntityKind.Artists).Add(Make(5, "Rock", "x"))).Message);
            loader.Prepare();
            catalog.SwapIn([(loader, source, null)]);
        }

        Assert.Equal(["1|Östra Station 𝄞 1", "2|Östra Station 𝄞 2"], Query(db, "SELECT id || '|' || title FROM release ORDER BY id"));
        Assert.Equal(["1|Electronic", "2|Jazz"], Query(db, "SELECT release_id || '|' || genre FROM release_genre ORDER BY release_id"));
        Assert.Equal(
            ["1|1|''|Side A", "1|2|'A1'|Fönster", "2|1|''|Side A", "2|2|'A1'|Kärlek — «Mörk»"],
            Query(db, "SELECT release_id || '|' || position || '|' || quote(track_position) || '|' || title FROM release_track ORDER BY release_id, position"));

        // An empty text stays empty and a missing one NULL, also where a statement's only texts are empty.
        Assert.Equal(["1|1|''|NULL|''"], Query(db, "SELECT release_id || '|' || position || '|' || quote(type) || '|' || quote(description) || '|' || quote(value) FROM release_identifier"));
        Assert.Equal(
            ["1|194|'Various'|''|NULL|'Written-By'|'A1 to B2'", "2|194|'Various'|''|NULL|'Written-By'|'A1 to B2'"],
            Query(db, "SELECT release_id || '|' || artist_id || '|' || quote(name) || '|' || quote(anv) || '|' || quote(join_text) || '|' || quote(role) || '|' || quote(tracks) FROM release_credit ORDER BY release_id"));
    }

    [Fact]
    public void A_batch_nothing_else_holds_stays_readable_while_a_duplicate_is_replaced()
    {
        // The loader reads a batch through pointers and binds the main row's texts where they
        // lie. Here nothing else holds the batch, and replacing the duplicate runs a collection
        // and fills new pinned arrays with 'Z' before the main row is stored again.
        Release Make(string title) => new() { Id = 7, Title = title, Genres = [title[..5]], Tracks = [new Track { Position = "A1", Title = title }] };
        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("releases.xml", "<releases/>");
        var filler = new List<byte[]>();
        using (var catalog = SqliteCatalog.Open(db))
        {
            using var loader = catalog.BeginLoad(EntityKind.Releases, new FileInfo(source));
            loader.DuplicateReplaced += _ =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                for (var i = 0; i < 64; i++)
                {
                    var a = GC.AllocateUninitializedArray<byte>(64 * 1024, pinned: true);
                    a.AsSpan().Fill((byte)'Z');
                    filler.Add(a);
                }
            };
            Assert.True(WriteAlone(loader, Make("First pressing")));
            Assert.True(WriteAlone(loader, Make("Second pressing, which replaces the first")));
            Assert.Equal(1, loader.Records);
            loader.Prepare();
            catalog.SwapIn([(loader, source, null)]);
        }

        Assert.NotEmpty(filler);
        Assert.Equal(["7|Second pressing, which replaces the first"], Query(db, "SELECT id || '|' || title FROM release"));
        Assert.Equal(["7|1|Secon"], Query(db, "SELECT release_id || '|' || position || '|' || genre FROM release_genre"));
        Assert.Equal(["7|A1|Second pressing, which replaces the first"], Query(db, "SELECT release_id || '|' || track_position || '|' || title FROM release_track"));
    }

    [Fact]
    public void A_record_that_fails_halfway_leaves_nothing_in_its_batch()
    {
        var db = Dir.File("catalog.db");
        var source = Dir.WriteText("releases.xml", "<releases/>");
        using (var catalog = SqliteCatalog.Open(db))
        {
            using var loader = catalog.BeginLoad(EntityKind.Releases, new FileInfo(source));
            var batch = new RowBatch(EntityKind.Releases);

            // The main row and the first genre are written before the second genre throws.
            var broken = new Release { Id = 8, Title = "Broken", Genres = new ThrowingList("Rock") };
            Assert.Equal("no second genre", Assert.Throws<InvalidOperationException>(() => batch.Add(broken)).Message);
            batch.Add(new Release { Id = 9, Title = "Whole", Genres = ["Jazz"] });

            Assert.Equal(1, batch.Count);
            Assert.True(loader.Write(batch, 0));
            loader.Prepare();
            catalog.SwapIn([(loader, source, null)]);
        }

        Assert.Equal(["9|Whole"], Query(db, "SELECT id || '|' || title FROM release"));
        Assert.Equal(["9|1|Jazz"], Query(db, "SELECT release_id || '|' || position || '|' || genre FROM release_genre"));
    }

    // The batch is referenced by nothing once it has been passed on.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool WriteAlone(EntityLoader loader, Release release)
    {
        var batch = new RowBatch(EntityKind.Releases);
        batch.Add(release);
        return loader.Write(batch, 0);
    }

    [Fact]
    public void A_new_database_gets_16_KB_pages_and_an_older_one_keeps_its_4_KB_pages_through_an_import()
    {
        var fresh = Dir.File("fresh.db");
        using (SqliteCatalog.Open(fresh))
        {
        }

        // A catalog created by SQLite's defaults (as Platter did before): 4 KB pages, in WAL mode.
        var older = Dir.File("older.db");
        using (var connection = new SqliteConnection($"Data Source={older};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE artist (id INTEGER PRIMARY KEY, name TEXT)";
            cmd.ExecuteNonQuery();
        }

        StoreThePersuader(older);

        Assert.Equal(["16384"], Query(fresh, "SELECT CAST(page_size AS TEXT) FROM pragma_page_size"));
        Assert.Equal(["4096"], Query(older, "SELECT CAST(page_size AS TEXT) FROM pragma_page_size"));
        Assert.Equal(["1|The Persuader"], Query(older, "SELECT id || '|' || name FROM artist"));
        Assert.Equal(["ok"], Query(older, "PRAGMA integrity_check"));
    }

    // SQLite runs in multi-thread mode, where a connection has no mutex: a statement left for the
    // garbage collector is finalized on its thread while the connection's owner may be using it
    // (this crashed the site's test host inside libe_sqlite3.so). A reader, once disposed, must
    // leave no statement behind on the connection it read through.
    [Fact]
    public void Readers_over_a_connection_leave_no_prepared_statement_once_disposed()
    {
        var db = Dir.File("catalog.db");
        StoreThePersuader(db);

        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var names = new List<string>();
        using (var reader = SqliteCatalog.Over(connection))
        {
            using (var rows = reader.Query("SELECT name FROM artist ORDER BY id"))
            {
                while (rows.Read())
                {
                    names.Add(rows.GetString(0));
                }
            }

            using (var rows = reader.Query("SELECT name FROM artist_alias WHERE artist_id IN {ids} ORDER BY position", [1]))
            {
                while (rows.Read())
                {
                    names.Add(rows.GetString(0));
                }
            }

            // A query that fails to prepare leaves nothing either.
            Assert.Throws<SqliteException>(() => reader.Query("SELECT nothing FROM nowhere"));
            Assert.Null(SQLitePCL.raw.sqlite3_next_stmt(connection.Handle, null));
        }

        Assert.Equal(["The Persuader", "Jesper Dahlbäck", "Groove Machine"], names);
        Assert.Null(SQLitePCL.raw.sqlite3_next_stmt(connection.Handle, null));
    }

    private static List<string> Query(string db, string sql) => SqliteRead.Column(db, sql);

    /// <summary>Imports the one artist <see cref="_persuader"/> into <paramref name="db"/>.</summary>
    private void StoreThePersuader(string db)
    {
        var source = Dir.WriteText("artists.xml", "<artists/>");
        using var catalog = SqliteCatalog.Open(db);
        using var loader = catalog.BeginLoad(EntityKind.Artists, new FileInfo(source));
        loader.Write(_persuader);
        loader.Prepare();
        catalog.SwapIn([(loader, source, null)]);
    }

    // Two items, of which only the first can be read.
    private sealed class ThrowingList(string first) : IReadOnlyList<string>
    {
        public int Count => 2;

        public string this[int index] => index == 0 ? first : throw new InvalidOperationException("no second genre");

        public IEnumerator<string> GetEnumerator()
        {
            yield return first;
            throw new InvalidOperationException("no second genre");
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
