using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platter.Api;
using Platter.Collection;
using Platter.Testing;

namespace Platter.Collection.Tests;

/// <summary>The derivations over a synced collection of real records (recorded API responses and the sample dump's).</summary>
public sealed class DeriveTests : IAsyncLifetime, IDisposable
{
    private const string User = "collector";
    private readonly TempFolder _folder = new("platter-derive");
    private FakeDiscogsApi _fake = null!;

    // Releases 1 to 3 (recorded, with artists 1 to 3 recorded) and nine more of the sample's.
    private static List<int> Releases => DumpAsApi.Sample.ReleaseIds.Take(12).ToList();

    private string Db => _folder.File("platter.db");

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions { AuthenticatedLimit = 1000 });
        _fake.Records = DumpAsApi.Sample;
        _fake.AddCollection(User, 30, wants: 2, Releases);
        using var client = new DiscogsClient(new DiscogsClientOptions
        {
            BaseAddress = _fake.BaseAddress,
            UserAgent = "PlatterTests/1.0 +https://example.org/platter-tests",
            Credentials = new PersonalTokenCredentials(_fake.IssuePersonalToken(User)),
        });
        await new CollectionSync(client, Db).RunAsync(null, null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_duo_with_members_is_a_group_and_artists_with_real_names_are_people()
    {
        // The thumbnail is the primary image (Josh Wink's is his seventh), else the first (The Persuader has only secondary ones).
        Assert.Equal(
            ["1 Persuader, The person /image/A-1-1138987958.jpeg", "2 Mr. James Barth & A.D. group -", "3 Josh Wink person /image/A-3-1237576157.jpeg"],
            SqliteRead.Column(Db, "SELECT artist_id || ' ' || name || ' ' || kind || ' ' || coalesce(thumbnail, '-') FROM der_artist WHERE artist_id IN (1, 2, 3) ORDER BY artist_id"));

        // An artist named on a release but unknown to Discogs here (404) is "unknown", not a guess.
        var missing = SqliteRead.Column(Db, "SELECT id FROM rec_missing WHERE kind = 'artist' ORDER BY id");
        Assert.NotEmpty(missing);
        Assert.Equal(["unknown"], SqliteRead.Column(Db, $"SELECT DISTINCT kind FROM der_artist WHERE artist_id IN ({string.Join(',', missing)})"));
    }

    [Fact]
    public void Josh_wink_is_main_artist_track_artist_and_dj_mix_on_release_3()
    {
        Assert.Equal(
            ["credit|DJ Mix||performance|", "main|Main Artist||performance|", "track|Track Artist||performance|12"],
            SqliteRead.Column(Db, "SELECT part || '|' || role || '|' || coalesce(qualifier, '') || '|' || category || '|' || coalesce(tracks, '') FROM der_role WHERE release_id = 3 AND artist_id = 3 ORDER BY part"));
        Assert.Equal(
            ["credit|Remix||remix|3"],
            SqliteRead.Column(Db, "SELECT part || '|' || role || '|' || coalesce(qualifier, '') || '|' || category || '|' || coalesce(tracks, '') FROM der_role WHERE release_id = 3 AND artist_id = 8"));
        Assert.Equal(
            ["credit|Music By|All Tracks By|writing|"],
            SqliteRead.Column(Db, "SELECT part || '|' || role || '|' || coalesce(qualifier, '') || '|' || category || '|' || coalesce(tracks, '') FROM der_role WHERE release_id = 1 AND artist_id = 239"));
    }

    [Fact]
    public void Items_per_artist_match_a_count_made_from_the_served_releases()
    {
        // Item i is a copy of Releases[(i - 1) % 12]; each release's main artists read from the JSON the fake serves.
        var expected = new SortedDictionary<long, (int Items, HashSet<int> Releases)>();
        for (var instance = 1; instance <= 30; instance++)
        {
            var release = Releases[(instance - 1) % Releases.Count];
            var file = _fake.FixtureFile($"releases/{release}", null);
            using var doc = JsonDocument.Parse(File.Exists(file) ? File.ReadAllText(file) : DumpAsApi.Sample.Body($"releases/{release}")!);
            foreach (var id in doc.RootElement.GetProperty("artists").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).Where(id => id > 0).Distinct())
            {
                var (items, releases) = expected.GetValueOrDefault(id, (0, []));
                releases.Add(release);
                expected[id] = (items + 1, releases);
            }
        }

        Assert.Equal(
            expected.Select(e => $"{e.Key} {e.Value.Items} {e.Value.Releases.Count}"),
            SqliteRead.Column(Db, $"SELECT artist_id || ' ' || main_items || ' ' || main_releases FROM der_artist_items WHERE username = '{User}' AND main_items > 0 ORDER BY artist_id"));

        // Zero, not missing: an artist only credited has a row with main_items 0.
        Assert.Equal(0L, SqliteRead.Number(Db, $"SELECT main_items FROM der_artist_items WHERE username = '{User}' AND artist_id = 8"));
        Assert.Equal(3L, SqliteRead.Number(Db, $"SELECT credit_items FROM der_artist_items WHERE username = '{User}' AND artist_id = 8")); // release 3 is items 3, 15 and 27
    }

    [Fact]
    public void A_groups_members_relations_and_credits_carry_their_evidence()
    {
        Assert.Equal(
            ["26 2 member_of 1 artists 2, 26", "27 2 member_of 1 artists 2, 27"], // the duo's record names its members, and each member's record (the sample's) the duo
            SqliteRead.Column(Db, $"SELECT source_id || ' ' || target_id || ' ' || type || ' ' || weight || ' ' || evidence FROM der_relation WHERE username = '{User}' AND target_id = 2 AND type = 'member_of' ORDER BY source_id"));
        Assert.Equal(
            ["8 7 credited_on 1 Remix release 3"], // Mood II Swing remixed Sylk 130's track 3 of Josh Wink's mix
            SqliteRead.Column(Db, $"SELECT source_id || ' ' || target_id || ' ' || type || ' ' || weight || ' ' || coalesce(roles, '-') || ' ' || evidence FROM der_relation WHERE username = '{User}' AND source_id = 8 AND type = 'credited_on'"));
        Assert.Equal(0L, SqliteRead.Number(Db, $"SELECT count(*) FROM der_relation WHERE source_id = target_id"));
    }

    [Fact]
    public void The_network_has_me_at_its_centre_and_every_file_format_holds_every_node_and_edge()
    {
        using var db = CollectionStore.Open(Db);
        var network = ArtistNetwork.Build(db, User);

        // Me → each main artist of an item, weighted by its items (as counted in der_artist_items, checked above).
        var me = network.Nodes[0];
        Assert.Equal((0L, User, "me"), (me.Id, me.Label, me.Kind));
        Assert.Equal(
            SqliteRead.Column(Db, $"SELECT artist_id || ' ' || main_items FROM der_artist_items WHERE username = '{User}' AND main_items > 0 AND artist_id <> 194 ORDER BY artist_id"),
            network.Edges.Where(e => e.Source == 0).Select(e => $"{e.Target} {e.Weight}").ToList());
        Assert.All(network.Edges.Where(e => e.Source == 0), e => Assert.Equal("collects", e.Type));
        Assert.Equal(30, me.Items);

        // Every relation between two nodes is an edge; related artists are one relation from a collection artist.
        var ids = network.Nodes.Select(n => n.Id).ToHashSet();
        var betweenNodes = SqliteRead.Column(Db, $"SELECT source_id || ' ' || target_id || ' ' || type || ' ' || weight FROM der_relation WHERE username = '{User}' ORDER BY 1")
            .Where(r => r.Split(' ').Take(2).All(x => ids.Contains(long.Parse(x, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(betweenNodes, network.Edges.Where(e => e.Source != 0).Select(e => $"{e.Source} {e.Target} {e.Type} {e.Weight}").Order(StringComparer.Ordinal));
        var collection = network.Nodes.Where(n => n.Kind == "collection").Select(n => n.Id).ToHashSet();
        Assert.All(network.Nodes.Where(n => n.Kind == "related"), n => Assert.Contains(network.Edges, e => (e.Source == n.Id && collection.Contains(e.Target)) || (e.Target == n.Id && collection.Contains(e.Source))));

        // Group and members share a community; each community is labelled by its most central artists.
        var community = network.Nodes.ToDictionary(n => n.Id, n => n.Community);
        Assert.Equal(community[2], community[26]);
        Assert.Equal(community[2], community[27]);
        Assert.Equal(network.Nodes.Count - 1, network.Communities.Sum(c => c.Size));
        Assert.Equal(network.Communities.Count, network.Nodes.Where(n => n.Community >= 0).Select(n => n.Community).Distinct().Count());

        // The communities are better than none: the modularity of the partition, computed here from
        // the relation edges, is positive (every artist alone scores below zero), and a second build gives the same.
        var relationEdges = network.Edges.Where(e => e.Source != 0).ToList();
        var total = 2.0 * relationEdges.Sum(e => e.Weight);
        var strength = new Dictionary<long, double>();
        foreach (var e in relationEdges)
        {
            strength[e.Source] = strength.GetValueOrDefault(e.Source) + e.Weight;
            strength[e.Target] = strength.GetValueOrDefault(e.Target) + e.Weight;
        }

        var inside = relationEdges.Where(e => community[e.Source] == community[e.Target]).Sum(e => 2.0 * e.Weight);
        var expected = strength.GroupBy(x => community[x.Key]).Sum(g => Math.Pow(g.Sum(x => x.Value), 2)) / total;
        Assert.True((inside - expected) / total > 0.3, $"modularity {(inside - expected) / total}");
        Assert.Equal(network.Nodes, ArtistNetwork.Build(db, User).Nodes);

        // The files: parsed back, with every node and edge.
        using (var graphml = new MemoryStream())
        {
            network.WriteGraphMl(graphml);
            var doc = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(graphml.ToArray()));
            System.Xml.Linq.XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
            Assert.Equal(network.Nodes.Count, doc.Descendants(ns + "node").Count());
            Assert.Equal(network.Edges.Count, doc.Descendants(ns + "edge").Count());
            Assert.Equal(User, doc.Descendants(ns + "node").First().Elements(ns + "data").First(d => (string?)d.Attribute("key") == "label").Value);
        }

        using (var gexf = new MemoryStream())
        {
            network.WriteGexf(gexf);
            var doc = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(gexf.ToArray()));
            System.Xml.Linq.XNamespace ns = "http://gexf.net/1.3";
            Assert.Equal(network.Nodes.Count, doc.Descendants(ns + "node").Count());
            Assert.Equal(network.Edges.Count, doc.Descendants(ns + "edge").Count());
        }

        using var json = new MemoryStream();
        network.WriteJson(json);
        using var parsed = JsonDocument.Parse(json.ToArray());
        Assert.Equal(network.Nodes.Count, parsed.RootElement.GetProperty("nodes").GetArrayLength());
        Assert.Equal(network.Edges.Count, parsed.RootElement.GetProperty("edges").GetArrayLength());
    }

    [Theory]
    [InlineData("Producer, Written-By", "Producer||production;Written-By||writing")]
    [InlineData("Music By [All Tracks By]", "Music By|All Tracks By|writing")]
    [InlineData("Performer [Guitar, Bass], Vocals", "Performer|Guitar, Bass|performance;Vocals||performance")]
    [InlineData("  mixed   by ,Remix", "mixed by||engineering/mixing;Remix||remix")]
    [InlineData("Photography By [Cover]", "Photography By|Cover|design/art")]
    [InlineData("Management", "Management||management")]
    [InlineData("Liner Notes", "Liner Notes||other")]
    [InlineData("Executive-Producer", "Executive-Producer||production")]
    [InlineData("", "")]
    public void Roles_are_split_outside_brackets_and_categorised(string text, string expected)
    {
        Assert.Equal(expected, string.Join(';', Roles.Parse(text).Select(r => $"{r.Name}|{r.Qualifier}|{r.Category}")));
    }

    /// <summary>The site keeps built networks (NetworkCache): the same one while the derivations stay, a new one when they change.</summary>
    [Fact]
    public void A_network_is_built_again_only_when_the_derivations_change()
    {
        var cache = new NetworkCache();
        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        reader.Open();
        var first = cache.Get(reader, User);
        Assert.Same(first, cache.Get(reader, User));
        Assert.Equal(ArtistNetwork.Build(reader, User).Edges, first.Edges);

        // A write elsewhere (the files' times change, the derivations do not): the same network.
        Write("UPDATE collection_user SET completed_at = completed_at || ''");

        Assert.Same(first, cache.Get(reader, User));

        // One relation fewer: built again, one edge fewer.
        var relations = SqliteRead.Number(Db, $"SELECT count(*) FROM der_relation WHERE username = '{User}'");
        Assert.True(relations > 0);
        Write($"DELETE FROM der_relation WHERE username = '{User}' AND (source_id, target_id, type) = (SELECT source_id, target_id, type FROM der_relation WHERE username = '{User}' ORDER BY weight DESC, source_id, target_id, type LIMIT 1)");

        var second = cache.Get(reader, User);
        Assert.NotSame(first, second);
        Assert.Equal(first.Edges.Count - 1, second.Edges.Count);
        Assert.Equal(ArtistNetwork.Build(reader, User).Edges, second.Edges);
    }

    private void Write(string sql)
    {
        using var writer = CollectionStore.Open(Db);
        using var cmd = writer.CreateCommand();
        cmd.CommandText = sql;
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }
}
