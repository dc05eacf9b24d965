namespace Platter.Index.Tests;

public sealed class QueryTests(SampleIndex sample) : IClassFixture<SampleIndex>
{
    private readonly TagIndex _index = sample.Index;

    private CatalogSql Sql() => new(sample.DatabasePath);

    private HashSet<string> Works(params string[] tags) =>
        IndexAnswers.AllWorks(_index, _index.Parse(tags)).Select(IndexAnswers.Key).ToHashSet();

    [Fact]
    public void Every_master_and_every_release_without_one_is_a_work()
    {
        using var sql = Sql();
        var expected = sql.AllWorks();
        Assert.Equal(1974, expected.Count);
        Assert.Equal(expected.Count, _index.Info.Works);
        Assert.Equal(expected.Count, sample.Build.Works);
        var all = IndexAnswers.AllWorks(_index, new TagQuery([], VideosOnly: false)).Select(IndexAnswers.Key).ToHashSet();
        Assert.Equal(expected, all);
    }

    [Fact]
    public void A_style_a_decade_and_a_genre_give_exactly_the_works_and_videos_sql_finds()
    {
        using var sql = Sql();
        var expected = sql.WorksWith(TagKind.Style, "Techno");
        expected.IntersectWith(sql.WorksWith(TagKind.Decade, "1990s"));
        expected.IntersectWith(sql.WorksWith(TagKind.Genre, "Electronic"));
        Assert.NotEmpty(expected);

        var query = _index.Parse(["style:Techno", "decade:1990s", "genre:Electronic"]);
        var result = _index.Query(query, new QueryOptions { Limit = 500 });
        Assert.Equal(expected, result.Page.Select(IndexAnswers.Key).ToHashSet());
        Assert.Equal(expected.Count, result.Works);

        var videos = result.Page.SelectMany(w => w.Videos.Select(v => v.YoutubeId)).ToList();
        Assert.Equal(sql.VideoPairs(expected), videos.Count);
        Assert.Equal(sql.VideosOf(expected), videos.ToHashSet());
        Assert.Equal(videos.Count, result.Videos);
    }

    [Fact]
    public void Alternatives_within_a_kind_are_a_union_and_exclusions_subtract()
    {
        using var sql = Sql();
        var either = sql.WorksWith(TagKind.Style, "Deep House");
        either.UnionWith(sql.WorksWith(TagKind.Style, "Techno"));
        Assert.Equal(either, Works("style:Deep House|Techno"));

        var electronicNotHouse = sql.WorksWith(TagKind.Genre, "Electronic");
        electronicNotHouse.ExceptWith(sql.WorksWith(TagKind.Style, "House"));
        Assert.Equal(electronicNotHouse, Works("genre:Electronic", "-style:House"));
        Assert.Equal(electronicNotHouse, Works("genre:Electronic", "not:style:House"));
    }

    [Fact]
    public void Artists_and_labels_are_found_by_their_discogs_ids()
    {
        using var sql = Sql();
        var persuader = sql.WorksWith(TagKind.Artist, "#1");
        Assert.Equal(persuader, Works("artist:The Persuader"));
        var stockholm = sql.Set("SELECT CASE WHEN master_id IS NULL THEN 'r' || id ELSE 'm' || master_id END FROM release WHERE id = 1").Single();
        Assert.Contains(stockholm, persuader);
        Assert.Equal(3, persuader.Count);

        var svekId = sql.Scalar("SELECT DISTINCT label_id FROM release_label WHERE name = 'Svek'");
        Assert.Equal(sql.WorksWith(TagKind.Label, "#" + svekId), Works("label:Svek"));
        Assert.Equal(Works("label:Svek"), Works("label:Svek#" + svekId));
    }

    [Fact]
    public void Country_year_and_format_match_sql()
    {
        using var sql = Sql();
        var expected = sql.WorksWith(TagKind.Country, "Sweden");
        expected.IntersectWith(sql.WorksWith(TagKind.Year, "1999"));
        Assert.Equal(expected, Works("country:Sweden", "year:1999"));
        Assert.Equal(sql.WorksWith(TagKind.Format, "Cassette"), Works("format:Cassette"));
    }

    [Fact]
    public void Works_with_videos_only_drops_the_others()
    {
        using var sql = Sql();
        var techno = sql.WorksWith(TagKind.Style, "Techno");
        var withVideos = techno.Where(w => sql.VideoPairs([w]) > 0).ToHashSet();
        Assert.True(withVideos.Count < techno.Count);
        var result = IndexAnswers.AllWorks(_index, _index.Parse(["style:Techno"], videosOnly: true));
        Assert.Equal(withVideos, result.Select(IndexAnswers.Key).ToHashSet());
        Assert.All(result, w => Assert.True(w.VideoCount > 0));
    }

    [Fact]
    public void Pages_come_most_videos_first_then_earliest_year()
    {
        var works = IndexAnswers.AllWorks(_index, _index.Parse(["genre:Electronic"]));
        for (var i = 1; i < works.Count; i++)
        {
            var (a, b) = (works[i - 1], works[i]);
            Assert.True(a.VideoCount > b.VideoCount || (a.VideoCount == b.VideoCount && (a.Year ?? 9999) <= (b.Year ?? 9999)), $"{IndexAnswers.Key(a)} before {IndexAnswers.Key(b)}");
        }

        var page2 = _index.Query(_index.Parse(["genre:Electronic"]), new QueryOptions { Offset = 50, Limit = 50 });
        Assert.Equal(works.Skip(50).Take(50).Select(IndexAnswers.Key), page2.Page.Select(IndexAnswers.Key));
    }

    [Fact]
    public void A_shuffle_is_a_permutation_fixed_by_its_seed()
    {
        var query = _index.Parse(["genre:Electronic"]);
        var stable = IndexAnswers.AllWorks(_index, query).Select(IndexAnswers.Key).ToList();
        var a = IndexAnswers.AllWorks(_index, query, new QueryOptions { Order = WorkOrder.Shuffled, Seed = 7 }).Select(IndexAnswers.Key).ToList();
        var again = IndexAnswers.AllWorks(_index, query, new QueryOptions { Order = WorkOrder.Shuffled, Seed = 7 }).Select(IndexAnswers.Key).ToList();
        var b = IndexAnswers.AllWorks(_index, query, new QueryOptions { Order = WorkOrder.Shuffled, Seed = 8 }).Select(IndexAnswers.Key).ToList();
        Assert.Equal(stable.Order(), a.Order());
        Assert.Equal(a, again);
        Assert.NotEqual(a, b);
        Assert.NotEqual(stable, a);
    }

    [Fact]
    public void Facets_count_every_other_tag_of_the_result_and_sum_to_the_pairs()
    {
        using var sql = Sql();
        var query = _index.Parse(["genre:Electronic", "decade:1990s"]);
        var result = _index.Query(query, new QueryOptions { Limit = 0, FacetsPerKind = 100_000 });
        Assert.NotNull(result.Facets);
        Assert.False(result.Facets.Estimated);
        var works = sql.WorksWith(TagKind.Genre, "Electronic");
        works.IntersectWith(sql.WorksWith(TagKind.Decade, "1990s"));
        Assert.Equal(works.Count, result.Works);
        foreach (var kind in new[] { TagKind.Style, TagKind.Country, TagKind.Format, TagKind.Artist, TagKind.Label, TagKind.Year })
        {
            var facet = result.Facets.Kinds.Single(f => f.Kind == kind);
            var pairs = sql.Scalar($"SELECT count(*) FROM (SELECT DISTINCT work, tag FROM ({CatalogSql.Pairs(kind)})) WHERE work IN ({string.Join(",", works.Select(w => "'" + w + "'"))})");
            Assert.True(pairs == facet.Tags.Sum(t => t.Works), $"{kind}: {pairs} pairs, facets sum to {facet.Tags.Sum(t => t.Works)}");
        }

        // The query's own tags are not offered again; the others of their kind are.
        var genres = result.Facets.Kinds.Single(f => f.Kind == TagKind.Genre).Tags;
        Assert.DoesNotContain(genres, t => t.Tag.Name == "Electronic");
        var techno = result.Facets.Kinds.Single(f => f.Kind == TagKind.Style).Tags.Single(t => t.Tag.Name == "Techno");
        var expectedTechno = sql.WorksWith(TagKind.Style, "Techno");
        expectedTechno.IntersectWith(works);
        Assert.Equal(expectedTechno.Count, techno.Works);
    }

    [Fact]
    public void The_whole_catalogs_facets_are_exact_for_every_kind_labels_and_artists_too()
    {
        // The explorer's first page: no tags chosen. Every count is the tag's own number of works,
        // counted here with SQL over the catalog tables (an artist or label by its Discogs id).
        using var sql = Sql();
        var result = _index.Query(new TagQuery([], VideosOnly: false), new QueryOptions { Limit = 0, FacetsPerKind = 8 });
        Assert.Equal(1974, result.Works);
        Assert.False(result.Facets!.Estimated);
        foreach (var kind in TagKinds.All)
        {
            var facet = result.Facets.Kinds.Single(f => f.Kind == kind);
            Assert.False(facet.Estimated);
            Assert.Equal(1974, facet.Counted);
            var expected = Counts(sql, $"SELECT tag, count(DISTINCT work) FROM ({CatalogSql.Pairs(kind)}) GROUP BY tag ORDER BY 2 DESC");
            Assert.Equal(expected.Values.Take(8), facet.Tags.Select(t => t.Works));
            foreach (var t in facet.Tags)
            {
                var key = t.Tag.RefId is long id ? "#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : t.Tag.Name;
                Assert.True(expected.TryGetValue(key, out var works) && works == t.Works, $"{t.Tag.Token}: {t.Works} in the facet, {works} by SQL");
            }
        }

        var label = result.Facets.Kinds.Single(f => f.Kind == TagKind.Label).Tags[0];
        Assert.Equal(("Not On Label", 21), (label.Tag.Name, label.Works));
    }

    private static Dictionary<string, int> Counts(CatalogSql sql, string query)
    {
        var counts = new Dictionary<string, int>();
        foreach (var row in sql.Set($"SELECT tag || char(9) || n FROM ({query.Replace("count(DISTINCT work)", "count(DISTINCT work) AS n", StringComparison.Ordinal)})"))
        {
            var parts = row.Split('\t');
            counts[parts[0]] = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts.OrderByDescending(kv => kv.Value).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    [Fact]
    public void Facets_are_sorted_and_cut_at_the_top_n()
    {
        var result = _index.Query(_index.Parse(["genre:Rock"]), new QueryOptions { Limit = 0, FacetsPerKind = 5 });
        foreach (var f in result.Facets!.Kinds)
        {
            Assert.True(f.Tags.Count <= 5);
            Assert.Equal(f.Tags.OrderByDescending(t => t.Works).Select(t => t.Works), f.Tags.Select(t => t.Works));
        }

        Assert.Equal(5, result.Facets.Kinds.Single(f => f.Kind == TagKind.Style).Tags.Count);
    }

    [Fact]
    public void Autocomplete_ignores_case_and_accents_and_matches_word_starts()
    {
        Assert.Equal("style:Laïkó", _index.Suggest("laiko")[0].Tag.Token);
        Assert.Equal("style:Éntekhno", _index.Suggest("ENTEKH")[0].Tag.Token);
        Assert.Equal(
            ["style:Deep House", "label:Deep4Life", "style:Deep Techno", "label:Deep Vision Records"],
            _index.Suggest("deep").Select(s => s.Tag.Token));

        // "house" finds Deep House by its second word; a kind prefix narrows it.
        using var sql = Sql();
        var styles = _index.Suggest("style:house", 50).Select(s => s.Tag.Name).ToList();
        Assert.Contains("Deep House", styles);
        Assert.All(_index.Suggest("style:house", 50), s => Assert.Equal(TagKind.Style, s.Tag.Kind));
        var deepHouse = _index.Suggest("deep house").Single(s => s.Tag.Name == "Deep House");
        Assert.Equal(sql.WorksWith(TagKind.Style, "Deep House").Count, deepHouse.Tag.Works);
        Assert.Equal(sql.VideoPairs(sql.WorksWith(TagKind.Style, "Deep House")), deepHouse.Videos);
    }

    [Fact]
    public void A_one_letter_prefix_gives_the_most_frequent_tags_first()
    {
        var e = _index.Suggest("e", 5);
        Assert.Equal("genre:Electronic", e[0].Tag.Token);
        Assert.Equal(e.OrderByDescending(s => s.Tag.Works).Select(s => s.Tag.Works), e.Select(s => s.Tag.Works));
    }

    [Theory]
    [InlineData("foo:bar", "Unknown tag kind 'foo' in 'foo:bar'. The kinds are: genre, style, decade, year, country, format, label, artist.")]
    [InlineData("style:", "'style:' names no style. Write style:NAME, for example style:Deep House.")]
    [InlineData("Techno", "'Techno' is not a tag. Write KIND:NAME, for example style:Techno; the kinds are genre, style, decade, year, country, format, label, artist. Did you mean style:Techno or style:Dub Techno or style:Minimal Techno?")]
    [InlineData("style:Tecno", "No work has the tag style:Tecno. Did you mean style:Techno or style:Tech House or style:Dub Techno?")]
    public void Bad_tags_say_what_is_wrong_and_what_would_work(string tag, string message)
    {
        var e = Assert.Throws<TagQueryException>(() => _index.Parse([tag]));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Case_and_accents_may_differ_from_the_catalog()
    {
        Assert.Equal(Works("style:Laïkó"), Works("style:laiko"));
        Assert.Equal("style:Deep House", _index.Parse(["style:deep house"]).Clauses[0].Token);
    }

    [Fact]
    public void Too_many_tags_or_too_large_a_page_are_refused()
    {
        var e = Assert.Throws<TagQueryException>(() => _index.Parse(Enumerable.Repeat("genre:Rock", 51)));
        Assert.Equal("A query may have at most 50 tags.", e.Message);
        var big = Assert.Throws<TagQueryException>(() => _index.Query(_index.Parse(["genre:Rock"]), new QueryOptions { Limit = 100_000 }));
        Assert.Equal("A page holds 0 to 500 works; 100000 was asked for.", big.Message);
    }

    [Fact]
    public void A_playlist_continues_work_after_work_without_repeating_a_video()
    {
        var query = _index.Parse(["style:Deep House"]);
        var all = IndexAnswers.AllWorks(_index, query).SelectMany(w => w.Videos.Select(v => v.YoutubeId)).ToList();
        var collected = new List<string>();
        int? next = 0;
        while (next is int offset)
        {
            var page = _index.Playlist(query, offset, 40);
            collected.AddRange(page.Videos.Select(v => v.YoutubeId));
            next = page.NextOffset;
        }

        Assert.Equal(all, collected);
        using var sql = Sql();
        Assert.Equal(sql.VideoPairs(sql.WorksWith(TagKind.Style, "Deep House")), collected.Count);
    }

    [Fact]
    public void M3u_has_one_entry_per_video_with_duration_and_address()
    {
        var page = _index.Playlist(_index.Parse(["artist:The Persuader"]), 0, 1000);
        var lines = Playlists.ToM3u(page.Videos).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#EXTM3U", lines[0]);
        Assert.Equal(1 + (2 * page.Videos.Count), lines.Length);
        Assert.Contains("#EXTINF:296,The Persuader - Östermalm", lines);
        Assert.Equal("https://www.youtube.com/watch?v=MpmbntGDyNE", lines[Array.IndexOf(lines, "#EXTINF:296,The Persuader - Östermalm") + 1]);
    }

    [Fact]
    public void Youtube_links_take_fifty_ids_each()
    {
        var ids = Enumerable.Range(0, 120).Select(i => "id" + i).ToList();
        var links = Playlists.YoutubeLinks(ids);
        Assert.Equal(3, links.Count);
        Assert.Equal("https://www.youtube.com/watch_videos?video_ids=" + string.Join(",", ids.Take(50)), links[0]);
        Assert.Equal(20, links[2].Split('=')[1].Split(',').Length);
    }
}
