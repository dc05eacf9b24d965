namespace Platter.Index.Tests;

/// <summary>
/// The sample is too small for bitsets (under 4,096 works), so these open it with every tag of
/// 1/32 of the works or more as a bitset and check that each answer is the same as with lists.
/// </summary>
public sealed class DenseTests(SampleIndex sample) : IClassFixture<SampleIndex>
{
    public static TheoryData<string[], bool> Queries => new()
    {
        { ["genre:Electronic", "decade:1990s", "country:US"], false },
        { ["genre:Electronic|Rock", "format:Vinyl"], false },
        { ["genre:Rock", "-format:CD", "-style:Punk"], false },
        { ["style:Techno", "genre:Electronic"], false },
        { ["artist:Various", "genre:Electronic"], true },
        { ["label:Svek", "decade:1990s"], false },
        { ["decade:2000s", "-genre:Electronic|Pop"], true },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Bitsets_give_the_same_works_facets_and_videos_as_lists(string[] tags, bool videosOnly)
    {
        var dense = TagIndex.Open(sample.DatabasePath, denseMinWorks: 0, CancellationToken.None);
        var lists = sample.Index;
        var a = lists.Query(lists.Parse(tags, videosOnly), new QueryOptions { Limit = 500, FacetsPerKind = 1000 });
        var b = dense.Query(dense.Parse(tags, videosOnly), new QueryOptions { Limit = 500, FacetsPerKind = 1000 });
        Assert.True(a.Works > 0);
        Assert.Equal(a.Works, b.Works);
        Assert.Equal(a.Videos, b.Videos);
        Assert.Equal(a.Page.Select(IndexAnswers.Key), b.Page.Select(IndexAnswers.Key));
        Assert.Equal(
            a.Facets!.Kinds.SelectMany(f => f.Tags.Select(t => $"{t.Tag.Token}={t.Works}")),
            b.Facets!.Kinds.SelectMany(f => f.Tags.Select(t => $"{t.Tag.Token}={t.Works}")));
        Assert.Equal(0, lists.DenseTagCount);
        Assert.True(dense.DenseTagCount > 20, $"{dense.DenseTagCount} bitsets");
        Assert.True(dense.MemoryBytes <= lists.MemoryBytes, "a bitset is only kept where it is no larger than the list");
    }

    [Fact]
    public void Label_and_artist_facets_of_a_large_result_are_estimated_from_a_sample_and_say_so()
    {
        // Everything but classical music: 1,874 of the 1,974 works (the whole catalog's facets are exact, see QueryTests).
        var all = sample.Index.Query(sample.Index.Parse(["-genre:Classical"]), new QueryOptions { Limit = 0 });
        Assert.Equal(1874, all.Works);
        var label = all.Facets!.Kinds.Single(f => f.Kind == TagKind.Label);
        Assert.True(label.Estimated);
        Assert.Equal(TagIndex.IdFacetSample, label.Counted);
        var genre = all.Facets.Kinds.Single(f => f.Kind == TagKind.Genre);
        Assert.False(genre.Estimated);
        Assert.Equal(1874, genre.Counted);
        Assert.True(all.Facets.Estimated);

        var electronic = sample.Index.Query(sample.Index.Parse(["genre:Electronic"]), new QueryOptions { Limit = 0 });
        Assert.False(electronic.Facets!.Estimated);
        Assert.All(electronic.Facets.Kinds, f => Assert.Equal(electronic.Works, f.Counted));
    }
}
