using Platter.Api;
using Platter.Testing;

namespace Platter.Api.Tests;

/// <summary>Paging returns every item once and spends no request it does not need.</summary>
public sealed class PagingTests : ApiTest
{
    [Fact]
    public async Task A_1000_item_collection_comes_in_10_requests_of_100_each_item_once()
    {
        Fake.AddCollection("collector", 1000);
        using var client = TokenClient("collector");

        var items = await ToListAsync(client.Collection.GetItemsAsync("collector", 0, CancellationToken.None));

        Assert.Equal(Enumerable.Range(1, 1000), items.Select(i => i.InstanceId));
        Assert.Equal(FakeCollector.ReleaseId(1000), items[^1].Id);
        Assert.Equal(
            Enumerable.Range(1, 10).Select(p => $"/users/collector/collection/folders/0/releases?page={p}&per_page=100"),
            Fake.Requests.Select(r => r.PathAndQuery));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(250, 3)]
    public async Task The_last_page_is_included_and_nothing_beyond(int size, int requests)
    {
        Fake.AddCollection("collector", size);
        using var client = TokenClient("collector");

        var items = await ToListAsync(client.Collection.GetItemsAsync("collector", 1, CancellationToken.None));

        Assert.Equal(size, items.Select(i => i.InstanceId).Distinct().Count());
        Assert.Equal(requests, Fake.RequestCount);
    }

    [Fact]
    public async Task An_empty_collection_is_one_request()
    {
        Fake.AddCollection("collector", 0);
        using var client = TokenClient("collector");

        Assert.Empty(await ToListAsync(client.Collection.GetItemsAsync("collector", 0, CancellationToken.None)));
        Assert.Equal(1, Fake.RequestCount);
    }

    [Fact]
    public async Task A_next_link_on_the_last_page_is_not_followed()
    {
        // The recorded folder-0 page says pages=1 but carries a next link to itself.
        using var client = Client(new PersonalTokenCredentials(Fake.IssuePersonalToken()), o => o.PageSize = 50);

        var items = await ToListAsync(client.Collection.GetItemsAsync("example", 0, CancellationToken.None));

        Assert.Equal([101, 102, 103], items.Select(i => i.InstanceId));
        Assert.Equal(1, Fake.RequestCount);
    }

    [Fact]
    public async Task Artist_releases_span_both_recorded_pages()
    {
        using var client = Client(null, o => o.PageSize = 50);

        var releases = await ToListAsync(client.Artists.GetReleasesAsync(1, CancellationToken.None));

        Assert.Equal(57, releases.Count);
        Assert.Equal(2, Fake.RequestCount);
        var master = releases.Single(r => r.Id == 321212);
        Assert.Equal(("master", 4664, "Stockholm By Night"), (master.Type, master.MainRelease, master.Title));
        Assert.Null(releases.Single(r => r.Id == 118402).Thumb);
        Assert.Null(releases.Single(r => r.Id == 1692004).Year);
    }

    [Fact]
    public async Task Master_versions_on_a_single_page_with_empty_links()
    {
        using var client = Client(null, o => o.PageSize = 50);

        var versions = await ToListAsync(client.Masters.GetVersionsAsync(4242, CancellationToken.None));

        Assert.Equal([79, 1657054], versions.Select(v => v.Id));
        Assert.Equal("12\", W/Lbl", versions[1].Format);
        Assert.Equal(1, Fake.RequestCount);
    }

    [Fact]
    public async Task Stopping_early_requests_no_further_page()
    {
        Fake.AddCollection("collector", 1000);
        using var client = TokenClient("collector");

        var firstFive = new List<int>();
        await foreach (var item in client.Collection.GetItemsAsync("collector", 0, CancellationToken.None))
        {
            firstFive.Add(item.InstanceId);
            if (firstFive.Count == 5)
            {
                break;
            }
        }

        Assert.Equal([1, 2, 3, 4, 5], firstFive);
        Assert.Equal(1, Fake.RequestCount);
    }
}
