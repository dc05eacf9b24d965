using Platter.Testing;
using StackExchange.Redis;

namespace Platter.Index.Tests;

/// <summary>The seed's Redis layout, written to a real redis-server: SINTER there is Platter's answer.</summary>
public sealed class RedisTests(SampleIndex sample) : IClassFixture<SampleIndex>
{
    private static string[][] Queries =>
    [
        ["style:Techno", "decade:1990s"],
        ["genre:Electronic", "country:Sweden", "format:Vinyl"],
        ["artist:The Persuader"],
        ["label:Svek", "year:1999"],
    ];

    [Fact]
    public async Task Sinter_of_the_tag_sets_equals_platters_answer_and_survives_a_restart()
    {
        await using var redis = await LocalRedis.StartAsync();
        var report = await RedisExport.WriteAsync(sample.Index, redis.Endpoint, CancellationToken.None);
        Assert.Equal(sample.Index.Info.Tags, report.Sets);
        Assert.Equal(sample.Index.Info.WorksWithVideos, report.Lists);

        await Check(redis);
        await redis.RestartAsync();
        await Check(redis);
    }

    [Fact]
    public async Task An_unreachable_server_is_named_with_what_to_do()
    {
        var e = await Assert.ThrowsAsync<RedisExportException>(() => RedisExport.WriteAsync(sample.Index, "127.0.0.1:9", CancellationToken.None));
        Assert.Equal("Cannot reach the Redis server at 127.0.0.1:9: no server answered there. Is redis-server running there? Start it, or name another with --redis HOST:PORT.", e.Message);
    }

    private async Task Check(LocalRedis redis)
    {
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var db = mux.GetDatabase();
        foreach (var tags in Queries)
        {
            var query = sample.Index.Parse(tags);
            var expected = IndexAnswers.AllWorks(sample.Index, query).Select(w => RedisExport.WorkMember(w.MasterId, w.ReleaseId)).Order().ToList();
            Assert.NotEmpty(expected);
            var keys = query.Clauses.Select(c => (RedisKey)RedisExport.TagKey(c.Tags[0])).ToArray();
            var members = (await db.SetCombineAsync(SetOperation.Intersect, keys)).Select(v => (long)v).Order().ToList();
            Assert.Equal(expected, members);
        }

        // A work's videos, in order: release 1's work holds exactly release 1's six videos.
        var stockholm = IndexAnswers.AllWorks(sample.Index, sample.Index.Parse(["artist:The Persuader"])).Single(w => w.Title == "Stockholm");
        var videos = await db.ListRangeAsync(RedisExport.VideoKey(RedisExport.WorkMember(stockholm.MasterId, stockholm.ReleaseId)));
        Assert.Equal(stockholm.Videos.Select(v => v.YoutubeId), videos.Select(v => (string)v!));
        Assert.Equal(6, videos.Length);
    }
}
