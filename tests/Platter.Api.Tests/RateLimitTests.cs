using System.Diagnostics;
using Platter.Api;
using Platter.Testing;

namespace Platter.Api.Tests;

/// <summary>The client against a fake whose window is two seconds instead of sixty.</summary>
public sealed class RateLimitTests : ApiTest
{
    private static readonly TimeSpan _window = TimeSpan.FromSeconds(2);

    protected override FakeDiscogsApiOptions FakeOptions => new() { Window = _window };

    private DiscogsClient ShortWindowClient(DiscogsCredentials? credentials = null, int reserve = 1) => Client(credentials, o =>
    {
        o.RateLimitWindow = _window;
        o.RateLimitReserve = reserve;
    });

    [Fact]
    public async Task A_burst_of_150_concurrent_requests_never_draws_a_429_and_all_succeed()
    {
        using var client = ShortWindowClient(new PersonalTokenCredentials(Fake.IssuePersonalToken()));
        var clock = Stopwatch.StartNew();

        var titles = await Task.WhenAll(Enumerable.Range(0, 150).Select(async i => (await client.Releases.GetAsync(1 + (i % 3), CancellationToken.None)).Title));

        Assert.Equal(150, titles.Length);
        Assert.Equal(50, titles.Count(t => t == "Stockholm"));
        Assert.Equal(0, Fake.TooManyRequestsCount);
        Assert.Equal(150, Fake.RequestCount);
        // 59 per window (one kept in reserve): the third window's requests cannot start before two windows have passed.
        Assert.InRange(clock.Elapsed, 2 * _window, 6 * _window);
    }

    [Fact]
    public async Task Without_credentials_the_lower_limit_applies_without_a_429()
    {
        using var client = ShortWindowClient();

        for (var i = 0; i < 60; i++)
        {
            await client.Releases.GetAsync(2, CancellationToken.None);
        }

        Assert.Equal(0, Fake.TooManyRequestsCount);
        Assert.Equal(60, Fake.RequestCount);
        Assert.Equal(25, client.RateLimit);
    }

    [Fact]
    public async Task Requests_of_other_programs_on_the_same_address_slow_the_client_down_before_a_429()
    {
        using var client = ShortWindowClient(new PersonalTokenCredentials(Fake.IssuePersonalToken()));
        Fake.UseRateLimit(50);

        for (var i = 0; i < 20; i++)
        {
            await client.Releases.GetAsync(3, CancellationToken.None);
        }

        Assert.Equal(0, Fake.TooManyRequestsCount);
        Assert.Equal(20, Fake.RequestCount);
    }

    [Fact]
    public async Task A_429_waits_for_the_window_to_drain_and_retries()
    {
        // No reserve and a full window taken by someone else: the first request meets a 429.
        using var client = ShortWindowClient(new PersonalTokenCredentials(Fake.IssuePersonalToken()), reserve: 0);
        Fake.UseRateLimit(60);
        var clock = Stopwatch.StartNew();

        var release = await client.Releases.GetAsync(79, CancellationToken.None);

        Assert.Equal(79, release.Id);
        Assert.Equal([429, 200], Fake.Requests.Select(r => r.Status));
        Assert.True(clock.Elapsed >= _window * 0.9, $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_retry_after_header_is_honoured_instead_of_waiting_for_the_whole_window()
    {
        await using var fake = await FakeDiscogsApi.StartAsync(new FakeDiscogsApiOptions { RetryAfter = TimeSpan.FromSeconds(1) });
        var options = Options();
        options.BaseAddress = fake.BaseAddress;
        using var client = new DiscogsClient(options);
        fake.FailNext(1, 429);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var clock = Stopwatch.StartNew();

        var release = await client.Releases.GetAsync(2, cancel.Token);

        Assert.Equal(2, release.Id);
        Assert.Equal([429, 200], fake.Requests.Select(r => r.Status));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_the_window_stops_at_once()
    {
        using var client = ShortWindowClient(new PersonalTokenCredentials(Fake.IssuePersonalToken()), reserve: 0);

        // A first request warms the client up, so that a slow start on a busy machine cannot use up the time before the cancel.
        await client.Releases.GetAsync(1, CancellationToken.None);
        Fake.UseRateLimit(60);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Releases.GetAsync(1, cancel.Token));

        Assert.True(clock.Elapsed < _window, $"took {clock.Elapsed}");
        Assert.Equal(2, Fake.RequestCount);
    }
}
