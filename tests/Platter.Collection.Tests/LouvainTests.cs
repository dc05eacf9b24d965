using Platter.Collection;

namespace Platter.Collection.Tests;

/// <summary>The community method on graphs whose communities are known.</summary>
public sealed class LouvainTests
{
    [Fact]
    public void Two_cliques_joined_by_one_edge_are_two_communities()
    {
        var edges = new List<(int, int, double)>();
        foreach (var offset in new[] { 0, 5 })
        {
            for (var a = 0; a < 5; a++)
            {
                for (var b = a + 1; b < 5; b++)
                {
                    edges.Add((offset + a, offset + b, 1));
                }
            }
        }

        edges.Add((4, 5, 1));

        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], Louvain.Communities(10, edges));
    }

    [Fact]
    public void A_ring_of_four_triangles_gives_four_communities_the_same_way_every_time()
    {
        var edges = new List<(int, int, double)>();
        for (var t = 0; t < 4; t++)
        {
            var a = t * 3;
            edges.AddRange([(a, a + 1, 5), (a + 1, a + 2, 5), (a, a + 2, 5), (a + 2, ((t + 1) % 4) * 3, 1)]);
        }

        var first = Louvain.Communities(12, edges);
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3], first);
        Assert.Equal(first, Louvain.Communities(12, edges));
    }

    [Fact]
    public void Nodes_without_edges_keep_a_community_of_their_own()
    {
        Assert.Equal([0, 0, 1, 2], Louvain.Communities(4, [(0, 1, 2)]));
        Assert.Empty(Louvain.Communities(0, []));
    }
}
