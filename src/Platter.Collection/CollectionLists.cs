using Microsoft.Data.Sqlite;

namespace Platter.Collection;

/// <summary>
/// The releases of a stored collection or wantlist, read without writing anything (the site and
/// the tag explorer read the database other commands write).
/// </summary>
public static class CollectionLists
{
    /// <summary>The user whose collection was synced most recently (a complete pass first), or null when none is stored.</summary>
    public static string? LatestUser(string databasePath)
    {
        using var c = OpenRead(databasePath);
        return c is null ? null : CollectionViews.LatestUser(c);
    }

    /// <summary>
    /// The release ids of <paramref name="username"/>'s collection (or wantlist), and the master ids
    /// Discogs gives for them, distinct and ascending; empty when nothing is stored.
    /// </summary>
    public static (List<long> Releases, List<long> Masters) ReleasesOf(string databasePath, string username, bool wantlist)
    {
        var releases = new SortedSet<long>();
        var masters = new SortedSet<long>();
        using var c = OpenRead(databasePath);
        var table = wantlist ? "collection_want" : "collection_item";
        if (c is not null && CollectionStore.TableExists(c, table))
        {
            using var cmd = CollectionStore.Command(c, $"SELECT release_id, master_id FROM {table} WHERE username = $u", ("$u", username));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                releases.Add(r.GetInt64(0));
                if (!r.IsDBNull(1) && r.GetInt64(1) > 0)
                {
                    masters.Add(r.GetInt64(1));
                }
            }

            // The catalog's master of each release too: an item's own master id can be missing
            // (0) or older than the dump's.
            if (CollectionStore.TableExists(c, "release"))
            {
                using var catalog = CollectionStore.Command(c, $"SELECT DISTINCT r.master_id FROM release r WHERE r.master_id > 0 AND r.id IN (SELECT release_id FROM {table} WHERE username = $u)", ("$u", username));
                using var m = catalog.ExecuteReader();
                while (m.Read())
                {
                    masters.Add(m.GetInt64(0));
                }
            }
        }

        return ([.. releases], [.. masters]);
    }

    private static SqliteConnection? OpenRead(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return null;
        }

        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        CollectionStore.Exec(c, "PRAGMA busy_timeout=5000");
        return c;
    }
}
