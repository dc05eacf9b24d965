using System.Net;
using System.Net.Sockets;
using Platter.Api;

namespace Platter.Api.Tests;

/// <summary>Each kind of failure reaches the caller as its own exception with a message a user can act on.</summary>
public sealed class ErrorTests : ApiTest
{
    [Fact]
    public async Task A_revoked_token_says_to_sign_in_again()
    {
        using var client = TokenClient();
        Fake.RevokeAll();

        var error = await Assert.ThrowsAsync<DiscogsUnauthorizedException>(() => client.OAuth.GetIdentityAsync(CancellationToken.None));

        Assert.Equal(
            $"GET {Url("oauth/identity")} was refused: 401 Unauthorized (\"Invalid personal token.\"). The credentials are missing, wrong or revoked; sign in again with `platter auth login` (or store a personal token with `platter auth token TOKEN`).",
            error.Message);
    }

    [Fact]
    public async Task Another_users_collection_is_forbidden()
    {
        using var client = TokenClient("someone");

        var error = await Assert.ThrowsAsync<DiscogsForbiddenException>(() => client.Collection.GetValueAsync("example", CancellationToken.None));

        Assert.Equal(
            $"GET {Url("users/example/collection/value")} was refused: 403 Forbidden (\"You are not allowed to view this resource. Please authenticate as the owner to view this content.\"). This needs other rights, such as signing in as the owner of the data; sign in again with `platter auth login` (or store a personal token with `platter auth token TOKEN`).",
            error.Message);
    }

    [Fact]
    public async Task A_missing_release_is_not_found()
    {
        using var client = Client();

        var error = await Assert.ThrowsAsync<DiscogsNotFoundException>(() => client.Releases.GetAsync(999, CancellationToken.None));

        Assert.Equal($"GET {Url("releases/999")} failed: 404 Not Found (\"Release not found.\"). Check the id, user name or path.", error.Message);
        Assert.Equal(1, Fake.RequestCount);
    }

    [Fact]
    public async Task A_429_that_does_not_go_away_is_reported_after_the_retries()
    {
        using var client = Client(new PersonalTokenCredentials(Fake.IssuePersonalToken()), o =>
        {
            o.RateLimitWindow = TimeSpan.FromMilliseconds(100);
            o.RateLimitReserve = 0;
            o.MaxRetries = 2;
        });
        Fake.UseRateLimit(60);

        var error = await Assert.ThrowsAsync<DiscogsRateLimitedException>(() => client.Releases.GetAsync(1, CancellationToken.None));

        Assert.Equal(
            $"GET {Url("releases/1")} failed: 429 Too Many Requests (\"You are making requests too quickly.\") after 3 attempts. Other programs behind the same address may share the limit; wait a minute and try again.",
            error.Message);
        Assert.Equal(3, Fake.RequestCount);
    }

    [Fact]
    public async Task Server_errors_are_retried_then_the_request_succeeds()
    {
        using var client = Client();
        Fake.FailNext(2);

        var release = await client.Releases.GetAsync(1, CancellationToken.None);

        Assert.Equal("Stockholm", release.Title);
        Assert.Equal([500, 500, 200], Fake.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Server_errors_that_persist_are_reported_after_a_bounded_number_of_attempts()
    {
        using var client = Client(null, o => o.MaxRetries = 2);
        Fake.FailNext(10, 502);

        var error = await Assert.ThrowsAsync<DiscogsServerException>(() => client.Releases.GetAsync(1, CancellationToken.None));

        Assert.Equal(
            $"GET {Url("releases/1")} failed: 502 Bad Gateway (\"An internal server error occurred.\") after 3 attempts. Discogs is having trouble; try again later.",
            error.Message);
        Assert.Equal(3, Fake.RequestCount);
    }

    [Fact]
    public async Task Truncated_json_is_a_malformed_response_naming_the_url()
    {
        using var client = Client();
        Fake.TruncateNext(1);

        var error = await Assert.ThrowsAsync<DiscogsMalformedResponseException>(() => client.Releases.GetAsync(1, CancellationToken.None));

        var length = File.ReadAllText(Path.Combine(Platter.Testing.Fixtures.Api, "releases", "1.json")).Length / 2;
        Assert.Matches(
            $"^GET {Url("releases/1").Replace(".", "\\.", StringComparison.Ordinal)} returned 200 with JSON that is invalid or cut short at line \\d+, byte \\d+ \\({length} characters received\\)\\. The response was damaged on the way or Discogs is failing; try again later\\.$",
            error.Message);
        Assert.Equal(1, Fake.RequestCount);
    }

    [Fact]
    public async Task An_html_page_with_status_200_is_a_malformed_response()
    {
        using var client = Client();
        Fake.HtmlNext(1, 200);

        var error = await Assert.ThrowsAsync<DiscogsMalformedResponseException>(() => client.Masters.GetAsync(4242, CancellationToken.None));

        Assert.Equal(
            $"GET {Url("masters/4242")} returned 200 with an HTML page instead of JSON (probably a proxy or bot challenge). The response was damaged on the way or Discogs is failing; try again later.",
            error.Message);
    }

    [Fact]
    public async Task An_html_challenge_with_403_is_forbidden_and_says_so()
    {
        using var client = Client();
        Fake.HtmlNext(1);

        var error = await Assert.ThrowsAsync<DiscogsForbiddenException>(() => client.Labels.GetAsync(1, CancellationToken.None));

        Assert.StartsWith($"GET {Url("labels/1")} was refused: 403 Forbidden (an HTML page instead of JSON, probably a proxy or bot challenge).", error.Message, StringComparison.Ordinal);
        Assert.Null(error.DiscogsMessage);
    }

    [Fact]
    public async Task A_slow_response_times_out_and_is_retried()
    {
        using var client = Client(null, o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        Fake.DelayNext(1, TimeSpan.FromSeconds(3));

        var artist = await client.Artists.GetAsync(2, CancellationToken.None);

        Assert.Equal(["Alexi Delano", "Cari Lekebusch"], artist.Members.Select(m => m.Name));
        Assert.Equal(2, Fake.RequestCount);
    }

    [Fact]
    public async Task Responses_that_never_come_are_reported_as_unavailable()
    {
        using var client = Client(null, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(200);
            o.MaxRetries = 1;
        });
        Fake.DelayNext(5, TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<DiscogsUnavailableException>(() => client.Artists.GetAsync(3, CancellationToken.None));

        Assert.Equal(
            $"GET {Url("artists/3")} got no response: timed out after 0.2 s (2 attempts). Check the network and the API address (--api-url, PLATTER_API_URL) and try again.",
            error.Message);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_unavailable()
    {
        var options = Options();
        options.BaseAddress = new Uri($"http://127.0.0.1:{UnusedPort()}/");
        options.MaxRetries = 1;
        using var client = new DiscogsClient(options);

        var error = await Assert.ThrowsAsync<DiscogsUnavailableException>(() => client.Releases.GetAsync(1, CancellationToken.None));

        Assert.StartsWith($"GET {options.BaseAddress}releases/1 got no response: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(2 attempts). Check the network and the API address (--api-url, PLATTER_API_URL) and try again.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_request_in_flight_is_a_cancellation_not_an_error()
    {
        using var client = Client();
        Fake.DelayNext(1, TimeSpan.FromSeconds(5));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Releases.GetAsync(1, cancel.Token));

        Assert.Equal(1, Fake.RequestCount);
    }

    [Fact]
    public async Task Credentials_in_a_query_are_masked_in_messages()
    {
        using var client = Client();

        var error = await Assert.ThrowsAsync<DiscogsUnauthorizedException>(() => client.GetRawAsync("/releases/1?token=s3cr3t&curr_abbr=EUR", CancellationToken.None));

        Assert.StartsWith($"GET {Url("releases/1")}?token=***&curr_abbr=EUR was refused: 401 Unauthorized (\"Invalid personal token.\")", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
