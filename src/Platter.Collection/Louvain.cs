namespace Platter.Collection;

/// <summary>
/// Communities of an undirected weighted graph by the Louvain method (Blondel et al. 2008):
/// nodes move to the neighbouring community that gains the most modularity until none does, the
/// communities become the nodes of a smaller graph, and so on. Deterministic: nodes are visited
/// in index order and ties go to the lower community, so the same graph always gives the same
/// communities.
/// </summary>
public static class Louvain
{
    /// <summary>The community of each node (0..n-1), numbered by first appearance in node order.</summary>
    /// <param name="nodes">The number of nodes.</param>
    /// <param name="edges">Edges as (a, b, weight); a self-loop or a repeated pair adds up.</param>
    public static int[] Communities(int nodes, IEnumerable<(int A, int B, double Weight)> edges)
    {
        var adjacency = Adjacency(nodes, edges);
        var membership = Enumerable.Range(0, nodes).ToArray();
        while (true)
        {
            var (level, moved) = OneLevel(adjacency);
            if (!moved)
            {
                break;
            }

            for (var i = 0; i < nodes; i++)
            {
                membership[i] = level[membership[i]];
            }

            adjacency = Aggregate(adjacency, level);
        }

        return Renumber(membership);
    }

    private static Dictionary<int, double>[] Adjacency(int nodes, IEnumerable<(int A, int B, double Weight)> edges)
    {
        var adjacency = new Dictionary<int, double>[nodes];
        for (var i = 0; i < nodes; i++)
        {
            adjacency[i] = [];
        }

        foreach (var (a, b, w) in edges)
        {
            adjacency[a][b] = adjacency[a].GetValueOrDefault(b) + w;
            if (a != b)
            {
                adjacency[b][a] = adjacency[b].GetValueOrDefault(a) + w;
            }
        }

        return adjacency;
    }

    // Moves nodes between communities until no move gains modularity; returns node → community (renumbered).
    private static (int[] Community, bool Moved) OneLevel(Dictionary<int, double>[] adjacency)
    {
        var n = adjacency.Length;
        var degree = new double[n];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            foreach (var (j, w) in adjacency[i])
            {
                degree[i] += i == j ? 2 * w : w;
            }

            total += degree[i];
        }

        var community = Enumerable.Range(0, n).ToArray();
        if (total == 0)
        {
            return (community, false);
        }

        var communityDegree = (double[])degree.Clone();
        var moved = false;
        var improved = true;
        var links = new Dictionary<int, double>();
        while (improved)
        {
            improved = false;
            for (var i = 0; i < n; i++)
            {
                var own = community[i];
                links.Clear();
                foreach (var (j, w) in adjacency[i])
                {
                    if (j != i)
                    {
                        links[community[j]] = links.GetValueOrDefault(community[j]) + w;
                    }
                }

                communityDegree[own] -= degree[i];
                var best = own;
                var bestGain = links.GetValueOrDefault(own) - (communityDegree[own] * degree[i] / total);
                foreach (var (c, w) in links.OrderBy(l => l.Key))
                {
                    var gain = w - (communityDegree[c] * degree[i] / total);
                    if (gain > bestGain + 1e-12)
                    {
                        (best, bestGain) = (c, gain);
                    }
                }

                communityDegree[best] += degree[i];
                if (best != own)
                {
                    community[i] = best;
                    improved = moved = true;
                }
            }
        }

        return (Renumber(community), moved);
    }

    private static Dictionary<int, double>[] Aggregate(Dictionary<int, double>[] adjacency, int[] community)
    {
        var size = community.Length == 0 ? 0 : community.Max() + 1;
        var edges = new List<(int, int, double)>();
        for (var i = 0; i < adjacency.Length; i++)
        {
            foreach (var (j, w) in adjacency[i])
            {
                if (j >= i)
                {
                    edges.Add((community[i], community[j], w));
                }
            }
        }

        return Adjacency(size, edges);
    }

    private static int[] Renumber(int[] community)
    {
        var numbers = new Dictionary<int, int>();
        var result = new int[community.Length];
        for (var i = 0; i < community.Length; i++)
        {
            if (!numbers.TryGetValue(community[i], out var c))
            {
                numbers[community[i]] = c = numbers.Count;
            }

            result[i] = c;
        }

        return result;
    }
}
