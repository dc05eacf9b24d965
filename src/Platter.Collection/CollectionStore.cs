using Microsoft.Data.Sqlite;

namespace Platter.Collection;

/// <summary>
/// The collection tables in the catalog's database file. They are Platter's own (a catalog import
/// replaces only the catalog's tables), keyed by Discogs user name so that several collectors
/// can share one database.
/// </summary>
public static class CollectionStore
{
    /// <summary>Opens the database for writing, creating the collection tables when missing.</summary>
    public static SqliteConnection Open(string databasePath)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        c.Open();
        Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;");
        Exec(c, """
            CREATE TABLE IF NOT EXISTS collection_user (
                username TEXT PRIMARY KEY,
                user_id INTEGER,
                -- the pass in progress, or the last one when pass_complete = 1
                pass INTEGER NOT NULL DEFAULT 0,
                pass_complete INTEGER NOT NULL DEFAULT 1,
                items_next_page INTEGER NOT NULL DEFAULT 1,
                items_total INTEGER,
                wants_next_page INTEGER NOT NULL DEFAULT 1,
                wants_total INTEGER,
                started_at TEXT,
                completed_at TEXT);
            CREATE TABLE IF NOT EXISTS collection_folder (
                username TEXT NOT NULL REFERENCES collection_user (username) ON DELETE CASCADE,
                folder_id INTEGER NOT NULL,
                name TEXT NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (username, folder_id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS collection_item (
                username TEXT NOT NULL REFERENCES collection_user (username) ON DELETE CASCADE,
                instance_id INTEGER NOT NULL,
                release_id INTEGER NOT NULL,
                folder_id INTEGER NOT NULL,
                date_added TEXT,
                rating INTEGER NOT NULL,
                title TEXT,
                year INTEGER,
                master_id INTEGER,
                thumb TEXT,
                cover_image TEXT,
                seen_pass INTEGER NOT NULL,
                PRIMARY KEY (username, instance_id)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS collection_item_by_release ON collection_item (release_id);
            CREATE TABLE IF NOT EXISTS collection_item_field (
                username TEXT NOT NULL,
                instance_id INTEGER NOT NULL,
                field_id INTEGER NOT NULL,
                value TEXT,
                PRIMARY KEY (username, instance_id, field_id),
                FOREIGN KEY (username, instance_id) REFERENCES collection_item (username, instance_id) ON DELETE CASCADE) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS collection_want (
                username TEXT NOT NULL REFERENCES collection_user (username) ON DELETE CASCADE,
                release_id INTEGER NOT NULL,
                date_added TEXT,
                rating INTEGER NOT NULL,
                notes TEXT,
                notes_public INTEGER,
                title TEXT,
                year INTEGER,
                master_id INTEGER,
                seen_pass INTEGER NOT NULL,
                PRIMARY KEY (username, release_id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS collection_value (
                username TEXT NOT NULL REFERENCES collection_user (username) ON DELETE CASCADE,
                taken_at TEXT NOT NULL,
                currency TEXT,
                minimum TEXT,
                median TEXT,
                maximum TEXT,
                PRIMARY KEY (username, taken_at)) WITHOUT ROWID;

            -- The releases, masters and artists behind the collections, in one shape whichever
            -- source they came from (source = 'catalog' or 'api'). Not the catalog's tables, so a
            -- catalog import never changes them.
            CREATE TABLE IF NOT EXISTS rec_release (
                id INTEGER PRIMARY KEY,
                master_id INTEGER,
                title TEXT,
                year INTEGER,
                released TEXT,
                country TEXT,
                source TEXT NOT NULL,
                stored_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS rec_release_tag (
                release_id INTEGER NOT NULL REFERENCES rec_release (id) ON DELETE CASCADE,
                kind TEXT NOT NULL, -- genre, style, format, label
                position INTEGER NOT NULL,
                name TEXT,
                ref_id INTEGER,
                PRIMARY KEY (release_id, kind, position)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS rec_release_credit (
                release_id INTEGER NOT NULL REFERENCES rec_release (id) ON DELETE CASCADE,
                kind TEXT NOT NULL, -- main, extra (credited), track, track_extra
                position INTEGER NOT NULL,
                track TEXT, -- the track's position ("A", "B2") for track credits
                artist_id INTEGER,
                name TEXT,
                anv TEXT,
                join_text TEXT,
                role TEXT,
                tracks TEXT,
                PRIMARY KEY (release_id, kind, position)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS rec_release_credit_by_artist ON rec_release_credit (artist_id);
            CREATE TABLE IF NOT EXISTS rec_master (
                id INTEGER PRIMARY KEY,
                title TEXT,
                year INTEGER,
                main_release INTEGER,
                source TEXT NOT NULL,
                stored_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS rec_artist (
                id INTEGER PRIMARY KEY,
                name TEXT,
                realname TEXT,
                profile TEXT,
                source TEXT NOT NULL,
                stored_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS rec_artist_link (
                artist_id INTEGER NOT NULL REFERENCES rec_artist (id) ON DELETE CASCADE,
                kind TEXT NOT NULL, -- member, group, alias
                position INTEGER NOT NULL,
                other_id INTEGER,
                name TEXT,
                active INTEGER, -- members only, and only from the API
                PRIMARY KEY (artist_id, kind, position)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS rec_artist_url (
                artist_id INTEGER NOT NULL REFERENCES rec_artist (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                url TEXT,
                PRIMARY KEY (artist_id, position)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS rec_artist_image (
                artist_id INTEGER NOT NULL REFERENCES rec_artist (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                type TEXT,
                uri TEXT,
                uri150 TEXT,
                width INTEGER,
                height INTEGER,
                PRIMARY KEY (artist_id, position)) WITHOUT ROWID;
            -- The masters each main artist of a collection is credited on as a main artist (the
            -- artist's discography, for what the collection lacks); rec_artist_masters marks an
            -- artist whose list is complete (also when it is empty) and where it came from.
            CREATE TABLE IF NOT EXISTS rec_artist_master (
                artist_id INTEGER NOT NULL,
                master_id INTEGER NOT NULL,
                title TEXT,
                year INTEGER,
                main_release INTEGER,
                PRIMARY KEY (artist_id, master_id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS rec_artist_masters (
                artist_id INTEGER PRIMARY KEY,
                masters INTEGER NOT NULL,
                source TEXT NOT NULL,
                stored_at TEXT NOT NULL);
            -- Community figures of a release, only from the API (the dumps have none); null when
            -- Discogs' answer held none (asked once, not again).
            CREATE TABLE IF NOT EXISTS rec_release_stats (
                release_id INTEGER PRIMARY KEY,
                have INTEGER,
                want INTEGER,
                rating_average REAL,
                rating_count INTEGER,
                stored_at TEXT NOT NULL);
            -- Thumbnails downloaded with --with-images, for the site to serve offline.
            CREATE TABLE IF NOT EXISTS rec_artist_image_file (
                artist_id INTEGER PRIMARY KEY,
                url TEXT NOT NULL,
                path TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                stored_at TEXT NOT NULL);
            -- Records Discogs answered 404 for (deleted or never public): not asked for again.
            CREATE TABLE IF NOT EXISTS rec_missing (
                kind TEXT NOT NULL,
                id INTEGER NOT NULL,
                reason TEXT NOT NULL,
                noted_at TEXT NOT NULL,
                PRIMARY KEY (kind, id)) WITHOUT ROWID;
            """);
        return c;
    }

    internal static bool TableExists(SqliteConnection c, string name)
    {
        using var cmd = Command(c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $n", ("$n", name));
        return cmd.ExecuteScalar() is not null;
    }

    internal static List<long> Ids(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        using var r = cmd.ExecuteReader();
        var ids = new List<long>();
        while (r.Read())
        {
            ids.Add(r.GetInt64(0));
        }

        return ids;
    }

    /// <summary>Discogs writes "" for a missing text; stored, it is null.</summary>
    internal static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;

    internal static string Now() => DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    internal static void Exec(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        cmd.ExecuteNonQuery();
    }

    internal static SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }
}
