using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.Data.Sqlite;

namespace Platter.Collection;

/// <summary>A node of the network: Me (id 0), an artist of the collection, or an artist one relation away.</summary>
/// <param name="Id">0 for Me, else the Discogs artist id.</param>
/// <param name="Label">The user name for Me, else the artist's name.</param>
/// <param name="Kind">me, collection (a main artist of an item) or related (one relation away).</param>
/// <param name="Items">Items as main artist (0 for related artists; the collection's size for Me).</param>
/// <param name="Community">The node's community (Me: -1, it belongs to all).</param>
/// <param name="Centrality">PageRank over the artists' relations (Me: 0).</param>
public sealed record NetworkNode(long Id, string Label, string Kind, int Items, int Community, double Centrality);

/// <summary>An edge: Me → a collection artist (type <c>collects</c>, weight = items) or a relation.</summary>
public sealed record NetworkEdge(long Source, long Target, string Type, int Weight);

/// <summary>A community, labelled by its most central artists.</summary>
public sealed record NetworkCommunity(int Id, string Label, int Size);

/// <summary>The community of one artist in the collector's network (see <see cref="ArtistNetwork.CommunityOf"/>).</summary>
/// <param name="Id">The community's id, as in <see cref="NetworkNode.Community"/>.</param>
/// <param name="Label">Its name as the network page gives it: its three most central artists.</param>
/// <param name="Size">Its artists, this one included.</param>
/// <param name="Rank">Its place among the communities by size (1 the largest; ties by id), the order of the network page's legend.</param>
/// <param name="Communities">How many communities the network has.</param>
/// <param name="Others">Its other artists, most items first, then most central.</param>
public sealed record ArtistCommunity(int Id, string Label, int Size, int Rank, int Communities, IReadOnlyList<NetworkNode> Others);

/// <summary>The artist network centred on the collector.</summary>
public sealed record ArtistNetwork(IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkEdge> Edges, IReadOnlyList<NetworkCommunity> Communities)
{
    /// <summary>
    /// Builds the network of <paramref name="username"/> from the derived tables: Me, every main
    /// artist of an item (weight = items), every artist one relation away from those, Me → each
    /// collection artist, and every relation between two nodes. Communities come from
    /// <see cref="Louvain"/> over the relations (without Me, who would join everything), the
    /// centrality is PageRank over the same graph, and each community is labelled by its three
    /// most central artists.
    /// </summary>
    public static ArtistNetwork Build(SqliteConnection db, string username)
    {
        var nodes = new Dictionary<long, (string Label, string Kind, int Items)>();
        using (var cmd = CollectionStore.Command(db, """
            SELECT i.artist_id, a.name, i.main_items FROM der_artist_items i JOIN der_artist a ON a.artist_id = i.artist_id
            WHERE i.username = $u AND i.main_items > 0 AND i.artist_id <> $various ORDER BY i.artist_id
            """, ("$u", username), ("$various", Derive.Various)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                nodes[r.GetInt64(0)] = (r.GetString(1), "collection", r.GetInt32(2));
            }
        }

        var relations = new List<(long S, long T, string Type, int W)>();
        using (var cmd = CollectionStore.Command(db, "SELECT source_id, target_id, type, weight FROM der_relation WHERE username = $u ORDER BY source_id, target_id, type", ("$u", username)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                relations.Add((r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3)));
            }
        }

        // One step out: the other end of a relation of a collection artist.
        var collection = nodes.Keys.ToHashSet();
        foreach (var (s, t, _, _) in relations)
        {
            foreach (var (near, far) in new[] { (s, t), (t, s) })
            {
                if (collection.Contains(near) && !nodes.ContainsKey(far))
                {
                    nodes[far] = (Name(db, far), "related", 0);
                }
            }
        }

        var ids = nodes.Keys.Order().ToList();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var kept = relations.Where(x => index.ContainsKey(x.S) && index.ContainsKey(x.T)).ToList();
        var weighted = kept.Select(x => (index[x.S], index[x.T], (double)x.W)).ToList();
        var community = Louvain.Communities(ids.Count, weighted);
        var rank = PageRank(ids.Count, weighted);

        var list = new List<NetworkNode> { new(0, username, "me", collection.Sum(id => nodes[id].Items), -1, 0) };
        list.AddRange(ids.Select((id, i) => new NetworkNode(id, nodes[id].Label, nodes[id].Kind, nodes[id].Items, community[i], rank[i])));
        var edges = collection.Order().Select(id => new NetworkEdge(0, id, "collects", nodes[id].Items)).ToList();
        edges.AddRange(kept.Select(x => new NetworkEdge(x.S, x.T, x.Type, x.W)));
        var communities = list.Where(n => n.Community >= 0).GroupBy(n => n.Community).OrderBy(g => g.Key)
            .Select(g => new NetworkCommunity(g.Key, string.Join(", ", g.OrderByDescending(n => n.Centrality).ThenBy(n => n.Id).Take(3).Select(n => n.Label)), g.Count()))
            .ToList();
        return new ArtistNetwork(list, edges, communities);
    }

    /// <summary>
    /// The community of artist <paramref name="artistId"/> with its <paramref name="top"/> most
    /// collected other artists, or null when the artist is no node of the network (neither a main
    /// artist of an item nor one relation away from one).
    /// </summary>
    public ArtistCommunity? CommunityOf(long artistId, int top = 10)
    {
        var node = Nodes.FirstOrDefault(n => n.Id == artistId && n.Kind != "me");
        if (node is null)
        {
            return null;
        }

        var community = Communities.Single(c => c.Id == node.Community);
        var rank = 1 + Communities.Count(c => c.Size > community.Size || (c.Size == community.Size && c.Id < community.Id));
        var others = Nodes.Where(n => n.Community == node.Community && n.Id != artistId)
            .OrderByDescending(n => n.Items).ThenByDescending(n => n.Centrality).ThenBy(n => n.Id).Take(top).ToList();
        return new ArtistCommunity(community.Id, community.Label, community.Size, rank, Communities.Count, others);
    }

    /// <summary>
    /// What the network of <paramref name="username"/> is built from, summed up so that a change of
    /// the derived artists or relations changes it (their counts, weights and ids), for a cache to
    /// tell whether a built network is still current without building it again.
    /// </summary>
    public static string Stamp(SqliteConnection db, string username)
    {
        using var cmd = CollectionStore.Command(db, """
            SELECT (SELECT count(*) || ' ' || total(weight) || ' ' || total(source_id) || ' ' || total(target_id) FROM der_relation WHERE username = $u)
                || ' ' || (SELECT count(*) || ' ' || total(main_items) || ' ' || total(artist_id) FROM der_artist_items WHERE username = $u)
                || ' ' || (SELECT count(*) || ' ' || coalesce(max(artist_id), 0) FROM der_artist)
            """, ("$u", username));
        return (string)cmd.ExecuteScalar()!;
    }

    /// <summary>Writes the network as GraphML (yEd, Gephi, Cytoscape, NetworkX).</summary>
    public void WriteGraphMl(Stream output)
    {
        using var x = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        x.WriteStartDocument();
        x.WriteStartElement("graphml", "http://graphml.graphdrawing.org/xmlns");
        foreach (var (id, target, name, type) in new[]
        {
            ("label", "node", "label", "string"), ("kind", "node", "kind", "string"), ("items", "node", "items", "int"),
            ("community", "node", "community", "int"), ("centrality", "node", "centrality", "double"),
            ("type", "edge", "type", "string"), ("weight", "edge", "weight", "int"),
        })
        {
            x.WriteStartElement("key");
            x.WriteAttributeString("id", id);
            x.WriteAttributeString("for", target);
            x.WriteAttributeString("attr.name", name);
            x.WriteAttributeString("attr.type", type);
            x.WriteEndElement();
        }

        x.WriteStartElement("graph");
        x.WriteAttributeString("id", "network");
        x.WriteAttributeString("edgedefault", "directed");
        foreach (var n in Nodes)
        {
            x.WriteStartElement("node");
            x.WriteAttributeString("id", NodeId(n.Id));
            Data(x, "label", n.Label);
            Data(x, "kind", n.Kind);
            Data(x, "items", Text(n.Items));
            Data(x, "community", Text(n.Community));
            Data(x, "centrality", n.Centrality.ToString("R", CultureInfo.InvariantCulture));
            x.WriteEndElement();
        }

        var e = 0;
        foreach (var edge in Edges)
        {
            x.WriteStartElement("edge");
            x.WriteAttributeString("id", "e" + Text(e++));
            x.WriteAttributeString("source", NodeId(edge.Source));
            x.WriteAttributeString("target", NodeId(edge.Target));
            Data(x, "type", edge.Type);
            Data(x, "weight", Text(edge.Weight));
            x.WriteEndElement();
        }

        x.WriteEndDocument();
    }

    /// <summary>Writes the network as GEXF 1.3 (Gephi).</summary>
    public void WriteGexf(Stream output)
    {
        const string Ns = "http://gexf.net/1.3";
        using var x = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        x.WriteStartDocument();
        x.WriteStartElement("gexf", Ns);
        x.WriteAttributeString("version", "1.3");
        x.WriteStartElement("graph", Ns);
        x.WriteAttributeString("defaultedgetype", "directed");
        x.WriteStartElement("attributes", Ns);
        x.WriteAttributeString("class", "node");
        foreach (var (id, title, type) in new[] { ("0", "kind", "string"), ("1", "items", "integer"), ("2", "community", "integer"), ("3", "centrality", "double") })
        {
            x.WriteStartElement("attribute", Ns);
            x.WriteAttributeString("id", id);
            x.WriteAttributeString("title", title);
            x.WriteAttributeString("type", type);
            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteStartElement("nodes", Ns);
        foreach (var n in Nodes)
        {
            x.WriteStartElement("node", Ns);
            x.WriteAttributeString("id", NodeId(n.Id));
            x.WriteAttributeString("label", n.Label);
            x.WriteStartElement("attvalues", Ns);
            foreach (var (id, value) in new[] { ("0", n.Kind), ("1", Text(n.Items)), ("2", Text(n.Community)), ("3", n.Centrality.ToString("R", CultureInfo.InvariantCulture)) })
            {
                x.WriteStartElement("attvalue", Ns);
                x.WriteAttributeString("for", id);
                x.WriteAttributeString("value", value);
                x.WriteEndElement();
            }

            x.WriteEndElement();
            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteStartElement("edges", Ns);
        var e = 0;
        foreach (var edge in Edges)
        {
            x.WriteStartElement("edge", Ns);
            x.WriteAttributeString("id", Text(e++));
            x.WriteAttributeString("source", NodeId(edge.Source));
            x.WriteAttributeString("target", NodeId(edge.Target));
            x.WriteAttributeString("label", edge.Type);
            x.WriteAttributeString("weight", Text(edge.Weight));
            x.WriteEndElement();
        }

        x.WriteEndDocument();
    }

    /// <summary>Writes the network as JSON: nodes, edges and communities.</summary>
    public void WriteJson(Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("nodes");
        foreach (var n in Nodes)
        {
            w.WriteStartObject();
            w.WriteString("id", NodeId(n.Id));
            w.WriteNumber("artist_id", n.Id);
            w.WriteString("label", n.Label);
            w.WriteString("kind", n.Kind);
            w.WriteNumber("items", n.Items);
            w.WriteNumber("community", n.Community);
            w.WriteNumber("centrality", n.Centrality);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var e in Edges)
        {
            w.WriteStartObject();
            w.WriteString("source", NodeId(e.Source));
            w.WriteString("target", NodeId(e.Target));
            w.WriteString("type", e.Type);
            w.WriteNumber("weight", e.Weight);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("communities");
        foreach (var c in Communities)
        {
            w.WriteStartObject();
            w.WriteNumber("id", c.Id);
            w.WriteString("label", c.Label);
            w.WriteNumber("size", c.Size);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string NodeId(long id) => id == 0 ? "me" : "a" + id.ToString(CultureInfo.InvariantCulture);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void Data(XmlWriter x, string key, string value)
    {
        x.WriteStartElement("data");
        x.WriteAttributeString("key", key);
        x.WriteString(value);
        x.WriteEndElement();
    }

    private static string Name(SqliteConnection db, long id)
    {
        using var cmd = CollectionStore.Command(db, """
            SELECT coalesce((SELECT name FROM der_artist WHERE artist_id = $id), (SELECT name FROM rec_artist WHERE id = $id), (SELECT name FROM rec_artist_link WHERE other_id = $id LIMIT 1))
            """, ("$id", id));
        return cmd.ExecuteScalar() as string ?? "artist " + id.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>PageRank (damping 0.85, 100 rounds or until stable) over an undirected weighted graph.</summary>
    private static double[] PageRank(int n, List<(int A, int B, double W)> edges)
    {
        var rank = new double[n];
        if (n == 0)
        {
            return rank;
        }

        var strength = new double[n];
        foreach (var (a, b, w) in edges)
        {
            strength[a] += w;
            strength[b] += w;
        }

        Array.Fill(rank, 1.0 / n);
        for (var round = 0; round < 100; round++)
        {
            var next = new double[n];
            var dangling = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (strength[i] == 0)
                {
                    dangling += rank[i];
                }
            }

            foreach (var (a, b, w) in edges)
            {
                next[b] += rank[a] * w / strength[a];
                next[a] += rank[b] * w / strength[b];
            }

            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                next[i] = ((1 - 0.85) / n) + (0.85 * (next[i] + (dangling / n)));
                change += Math.Abs(next[i] - rank[i]);
            }

            rank = next;
            if (change < 1e-10)
            {
                break;
            }
        }

        return rank;
    }
}
