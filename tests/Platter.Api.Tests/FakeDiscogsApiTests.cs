using Platter.Api;
using Platter.Testing;

namespace Platter.Api.Tests;

/// <summary>The fake itself behaves as the fixtures README and Discogs say, or the client tests prove nothing.</summary>
public sealed class FakeDiscogsApiTests : ApiTest
{
    [Theory]
    [InlineData("/releases/1", "", "releases/1.json")]
    [InlineData("/users/example/collection/folders/0/releases", "?per_page=50&page=1", "users/example/collection/folders/0/releases/page=1&per_page=50.json")]
    [InlineData("/database/search", "?q=trash+80&per_page=50&page=1&token=abc", "database/search/page=1&per_page=50&q=trash%2080.json")]
    [InlineData("/database/search", "?title=icarus&oauth_token=x&artist=trash80&page=1&per_page=50&key=k&secret=s&callback=c", "database/search/artist=trash80&page=1&per_page=50&title=icarus.json")]
    public void Requests_map_to_files_by_the_readme_rule(string path, string query, string file)
    {
        var mapped = Fake.FixtureFile(path, query);

        Assert.Equal(Path.Combine(Fixtures.Api, file), mapped);
        Assert.True(File.Exists(mapped), mapped);
    }

    [Fact]
    public async Task Every_response_carries_the_lower_case_rate_limit_headers()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Fake.BaseAddress, "releases/1"));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);

        using var first = await http.SendAsync(request);

        string[] names = ["x-discogs-ratelimit", "x-discogs-ratelimit-used", "x-discogs-ratelimit-remaining", "x-discogs-media-type"];
        Assert.Equal(["25", "1", "24", "discogs.v2"], names.Select(h => first.Headers.GetValues(h).Single()));
        Assert.All(names, name => Assert.Contains(name, first.Headers.Select(h => h.Key)));
    }

    [Fact]
    public async Task A_request_without_user_agent_gets_an_empty_403()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(Fake.BaseAddress, "releases/1"));

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_oauth_request_with_a_stale_timestamp_is_refused()
    {
        var (token, secret) = Fake.IssueAccessToken();
        var stale = new FixedTime(DateTimeOffset.UtcNow.AddHours(-1));
        var signer = new OAuthSigner(Fake.ConsumerKey, Fake.ConsumerSecret, OAuthSignatureMethod.HmacSha1, stale);
        using var client = Client(new OAuthCredentials(signer, token, secret));

        var error = await Assert.ThrowsAsync<DiscogsUnauthorizedException>(() => client.OAuth.GetIdentityAsync(CancellationToken.None));

        Assert.Equal("Invalid timestamp: expected unix seconds.", error.DiscogsMessage);
    }
}
