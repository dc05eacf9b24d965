using Platter.Collection;
using Platter.Index;

namespace Platter.Web;

/// <summary>
/// <c>in:collection</c> and <c>in:wantlist</c> for the tag explorer: the works of the releases in
/// a synced collection or wantlist, read at each query (a sync between two queries shows), for the
/// user asked for, else the one whose collection was synced most recently.
/// </summary>
internal sealed class CollectionTags(string databasePath, string? user) : IReleaseSets
{
    public string Kind => "in";

    public IReadOnlyList<string> Names { get; } = ["collection", "wantlist"];

    public ReleaseSet? Find(string name)
    {
        var list = Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        if (list is null)
        {
            return null;
        }

        var who = string.IsNullOrWhiteSpace(user) ? CollectionLists.LatestUser(databasePath) : user.Trim();
        if (who is null)
        {
            throw new TagQueryException($"in:{list} plays the records of your Discogs {list}, and none is synced yet: run `platter collection sync`, then ask again.");
        }

        var (releases, masters) = CollectionLists.ReleasesOf(databasePath, who, wantlist: list == "wantlist");
        return new ReleaseSet("in:" + list, releases, masters);
    }
}
