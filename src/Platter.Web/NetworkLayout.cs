using Platter.Collection;

namespace Platter.Web;

/// <summary>A node's place and size on the drawing.</summary>
/// <param name="X">Horizontal position (model units; Me at 0).</param>
/// <param name="Y">Vertical position.</param>
/// <param name="Size">Diameter.</param>
/// <param name="Rank">Importance: 0 for Me, then 1, 2… by items, centrality and id; the page labels the first ranks only.</param>
/// <param name="Sector">Which sector the node is drawn in (a community, or the shared one of small communities; -1 for Me).</param>
public readonly record struct NodePlace(double X, double Y, double Size, int Rank, int Sector);

/// <summary>
/// A deterministic layout computed on the server, because force layouts in the browser take many
/// seconds for thousands of nodes: Me at the centre; each community of at least
/// <see cref="MinSector"/> artists in its own sector, its angle proportional to its size; the
/// smaller communities (often lone artists with no relation but to Me) share one sector; within a
/// sector, nodes are laid on arcs around Me, the heaviest (most items, then most central) on the
/// innermost arc, so the collection's main artists sit near the collector. The innermost arc is the
/// rim of a disc that would hold every node, so that even narrow sectors have room across.
/// </summary>
public static class NetworkLayout
{
    /// <summary>Communities smaller than this share a sector.</summary>
    public const int MinSector = 3;

    private const double Gap = 6;
    private const double SectorGap = 0.04; // radians left empty between sectors

    /// <summary>A node's diameter: Me 80; a collection artist 14 + 7·√items (at most 90); a related artist 10.</summary>
    public static double SizeOf(NetworkNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Kind switch
        {
            "me" => 80,
            "collection" => Math.Min(90, 14 + (7 * Math.Sqrt(node.Items))),
            _ => 10,
        };
    }

    /// <summary>Places every node of <paramref name="network"/>, keyed by node id (0 for Me).</summary>
    public static Dictionary<long, NodePlace> Place(ArtistNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var artists = network.Nodes.Where(n => n.Kind != "me").ToList();
        var rank = artists.OrderByDescending(n => n.Items).ThenByDescending(n => n.Centrality).ThenBy(n => n.Id)
            .Select((n, i) => (n.Id, Rank: i + 1)).ToDictionary(x => x.Id, x => x.Rank);
        var places = new Dictionary<long, NodePlace>();
        var me = network.Nodes.FirstOrDefault(n => n.Kind == "me");
        if (me is not null)
        {
            places[me.Id] = new NodePlace(0, 0, SizeOf(me), 0, -1);
        }

        // Sectors: the big communities, largest first, then one for all the small ones.
        var sizes = artists.GroupBy(n => n.Community).ToDictionary(g => g.Key, g => g.Count());
        var sectors = artists.GroupBy(n => sizes[n.Community] >= MinSector ? n.Community : -1)
            .Select(g => (Key: g.Key, Nodes: g.OrderBy(n => rank[n.Id]).ToList()))
            .OrderBy(s => s.Key == -1 ? 1 : 0).ThenByDescending(s => s.Nodes.Count).ThenBy(s => s.Key).ToList();
        if (sectors.Count == 0)
        {
            return places;
        }

        // The first arc is as far out as a disc that holds every node: with thousands of nodes and
        // hundreds of communities, a smaller start would give each sector room for one node an arc.
        var inner = Math.Max(120, Math.Sqrt(artists.Sum(n => Math.Pow(SizeOf(n) + Gap, 2)) / Math.PI));
        var free = (2 * Math.PI) - (sectors.Count > 1 ? SectorGap * sectors.Count : 0);
        var start = -Math.PI / 2; // the largest community starts at the top
        var sector = 0;
        foreach (var (_, nodes) in sectors)
        {
            var angle = free * nodes.Count / artists.Count;
            PlaceSector(nodes, start, angle, inner, places, rank, sector++);
            start += angle + (sectors.Count > 1 ? SectorGap : 0);
        }

        return places;
    }

    private static void PlaceSector(List<NetworkNode> nodes, double from, double angle, double radius, Dictionary<long, NodePlace> places, Dictionary<long, int> rank, int sector)
    {
        // Arcs outward from the inner radius; along an arc each node takes the angle its size needs.
        var i = 0;
        while (i < nodes.Count)
        {
            var ring = new List<(NetworkNode Node, double Size)>();
            var used = 0.0;
            var widest = 0.0;
            while (i < nodes.Count)
            {
                var size = SizeOf(nodes[i]);
                var r = radius + (size / 2);
                var need = (size + Gap) / r;
                if (ring.Count > 0 && used + need > angle)
                {
                    break;
                }

                ring.Add((nodes[i], size));
                used += need;
                widest = Math.Max(widest, size);
                i++;
            }

            // Centre the arc's nodes in the sector, spread evenly over it.
            var step = angle / ring.Count;
            for (var k = 0; k < ring.Count; k++)
            {
                var (node, size) = ring[k];
                var a = from + (step * (k + 0.5));
                var r = radius + (widest / 2);
                places[node.Id] = new NodePlace(Math.Round(r * Math.Cos(a), 1), Math.Round(r * Math.Sin(a), 1), Math.Round(size, 1), rank[node.Id], sector);
            }

            radius += widest + Gap;
        }
    }
}
