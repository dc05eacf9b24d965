using Microsoft.Data.Sqlite;

namespace Platter.Collection;

/// <summary>
/// Built networks kept between requests: <see cref="ArtistNetwork.Build"/> takes a third of a second
/// to seconds on a 1,000-item collection, too long for every artist page. A network is built again
/// when what it is built from changed (<see cref="ArtistNetwork.Stamp"/>); while the database's files
/// keep their last write times even that check is skipped. One network per database and user is kept.
/// </summary>
public sealed class NetworkCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Database, string User), Entry> _built = [];

    private sealed record Entry(string Stamp, (DateTime Db, DateTime Wal) Written, ArtistNetwork Network);

    /// <summary>The network of <paramref name="username"/> in <paramref name="db"/>, built now only when the derivations changed since the last build.</summary>
    public ArtistNetwork Get(SqliteConnection db, string username)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = (db.DataSource, username);
        var written = Written(db.DataSource);

        // One build at a time: two requests after a sync wait for one build rather than make two.
        lock (_gate)
        {
            if (_built.TryGetValue(key, out var hit) && written is { } w && hit.Written == w)
            {
                return hit.Network;
            }

            var stamp = ArtistNetwork.Stamp(db, username);
            var network = hit is not null && hit.Stamp == stamp ? hit.Network : ArtistNetwork.Build(db, username);
            _built[key] = new Entry(stamp, written ?? default, network);
            return network;
        }
    }

    // A write to the database (in WAL mode, to its -wal file first) changes one of these times.
    private static (DateTime, DateTime)? Written(string path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return null;
        }

        var wal = path + "-wal";
        return (File.GetLastWriteTimeUtc(path), File.Exists(wal) ? File.GetLastWriteTimeUtc(wal) : default);
    }
}
