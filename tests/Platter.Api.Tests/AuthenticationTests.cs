using Platter.Api;
using Platter.Testing;

namespace Platter.Api.Tests;

/// <summary>The three ways to authenticate, and the OAuth sign-in, against the fake Discogs.</summary>
public sealed class AuthenticationTests : ApiTest
{
    [Fact]
    public void The_three_header_forms()
    {
        var url = new Uri("https://api.discogs.com/releases/1");

        Assert.Equal("Discogs token=abc123", new PersonalTokenCredentials("abc123").AuthorizationHeader(HttpMethod.Get, url));
        Assert.Equal("Discogs key=ck, secret=cs", new ConsumerKeyCredentials("ck", "cs").AuthorizationHeader(HttpMethod.Get, url));
        var time = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1781390863));
        var oauth = new OAuthCredentials(new OAuthSigner("ck", "cs", OAuthSignatureMethod.Plaintext, time, () => "0123456789abcdef0123456789abcdef"), "at", "as");
        Assert.Equal(
            "OAuth oauth_consumer_key=\"ck\", oauth_nonce=\"0123456789abcdef0123456789abcdef\", oauth_signature_method=\"PLAINTEXT\", oauth_timestamp=\"1781390863\", oauth_token=\"at\", oauth_signature=\"cs%26as\"",
            oauth.AuthorizationHeader(HttpMethod.Get, url));
        Assert.Null(DiscogsCredentials.None.AuthorizationHeader(HttpMethod.Get, url));
    }

    [Fact]
    public void Credentials_never_show_their_secrets_as_text()
    {
        var signer = new OAuthSigner("ck", "consumer-secret", OAuthSignatureMethod.HmacSha1);

        Assert.Equal("personal token", new PersonalTokenCredentials("tok-secret").ToString());
        Assert.Equal("consumer key", new ConsumerKeyCredentials("ck", "consumer-secret").ToString());
        Assert.Equal("OAuth, HMAC-SHA1", new OAuthCredentials(signer, "at", "token-secret").ToString());
        Assert.DoesNotContain("request-secret", new RequestToken("rt", "request-secret", true).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("token-secret", new AccessToken("at", "token-secret").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_personal_token_identifies_its_owner_and_gets_the_authenticated_limit()
    {
        using var client = TokenClient();

        var identity = await client.OAuth.GetIdentityAsync(CancellationToken.None);

        Assert.Equal(("example", 1, "Test Client"), (identity.Username, identity.Id, identity.ConsumerName));
        Assert.Equal(60, client.RateLimit);
        Assert.StartsWith("Discogs token=", Fake.Requests.Single().Authorization, StringComparison.Ordinal);
        Assert.Equal(UserAgent, Fake.Requests.Single().UserAgent);
    }

    [Fact]
    public async Task Consumer_key_and_secret_get_the_authenticated_limit_but_no_identity()
    {
        using var client = Client(new ConsumerKeyCredentials(Fake.ConsumerKey, Fake.ConsumerSecret));

        var release = await client.Releases.GetAsync(1, CancellationToken.None);
        var error = await Assert.ThrowsAsync<DiscogsUnauthorizedException>(() => client.OAuth.GetIdentityAsync(CancellationToken.None));

        Assert.Equal("Stockholm", release.Title);
        Assert.Equal(60, client.RateLimit);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("You must authenticate to access this resource.", error.DiscogsMessage);
    }

    [Fact]
    public async Task Without_credentials_the_server_states_the_low_limit()
    {
        using var client = Client();

        await client.Releases.GetAsync(1, CancellationToken.None);

        Assert.Equal(25, client.RateLimit);
        Assert.Null(Fake.Requests.Single().Authorization);
    }

    [Theory]
    [InlineData(OAuthSignatureMethod.Plaintext)]
    [InlineData(OAuthSignatureMethod.HmacSha1)]
    public async Task The_oauth_sign_in_flow_ends_with_signed_requests_as_the_user(OAuthSignatureMethod method)
    {
        var signer = new OAuthSigner(Fake.ConsumerKey, Fake.ConsumerSecret, method);
        using var anonymous = Client();

        var requestToken = await anonymous.OAuth.GetRequestTokenAsync(signer, "oob", CancellationToken.None);
        var authorize = anonymous.OAuth.AuthorizeUrl(requestToken);
        var access = await anonymous.OAuth.GetAccessTokenAsync(signer, requestToken, Fake.LastVerifier!, CancellationToken.None);
        using var signedIn = Client(new OAuthCredentials(signer, access.Token, access.Secret));
        var identity = await signedIn.OAuth.GetIdentityAsync(CancellationToken.None);
        var folders = await signedIn.Collection.GetFoldersAsync(identity.Username, CancellationToken.None);

        Assert.True(requestToken.CallbackConfirmed);
        Assert.Equal(Fake.LastRequestTokenSecret, requestToken.Secret);
        Assert.Equal(Url("oauth/authorize") + "?oauth_token=" + requestToken.Token, authorize.AbsoluteUri);
        Assert.Equal("example", identity.Username);
        Assert.Equal(["All", "Uncategorized folder", "Collection folder 2"], folders.Select(f => f.Name));
        Assert.Equal(
            ["POST /oauth/request_token 200", "POST /oauth/access_token 200", "GET /oauth/identity 200", "GET /users/example/collection/folders 200"],
            Fake.Requests.Select(r => $"{r.Method} {r.PathAndQuery} {r.Status}"));
        Assert.All(Fake.Requests, r => Assert.Equal(UserAgent, r.UserAgent));
        Assert.All(Fake.Requests, r => Assert.Contains($"oauth_signature_method=\"{OAuth1.MethodName(method)}\"", r.Authorization, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(OAuthSignatureMethod.Plaintext)]
    [InlineData(OAuthSignatureMethod.HmacSha1)]
    public async Task The_access_token_call_must_be_signed_with_the_request_token_secret(OAuthSignatureMethod method)
    {
        var signer = new OAuthSigner(Fake.ConsumerKey, Fake.ConsumerSecret, method);
        using var client = Client();
        var requestToken = await client.OAuth.GetRequestTokenAsync(signer, "http://localhost/callback", CancellationToken.None);

        // Discogs' own example signs this call with the consumer secret alone; the fake, like the specification, refuses that.
        var withoutSecret = requestToken with { Secret = "" };
        var error = await Assert.ThrowsAsync<DiscogsUnauthorizedException>(
            () => client.OAuth.GetAccessTokenAsync(signer, withoutSecret, Fake.LastVerifier!, CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Invalid signature.", error.DiscogsMessage);
    }

    [Fact]
    public async Task A_wrong_verifier_is_a_rejected_request_that_says_to_sign_in_again()
    {
        var signer = new OAuthSigner(Fake.ConsumerKey, Fake.ConsumerSecret, OAuthSignatureMethod.Plaintext);
        using var client = Client();
        var requestToken = await client.OAuth.GetRequestTokenAsync(signer, "oob", CancellationToken.None);

        var error = await Assert.ThrowsAsync<DiscogsRequestException>(() => client.OAuth.GetAccessTokenAsync(signer, requestToken, "wrong", CancellationToken.None));

        Assert.Equal(
            $"POST {Url("oauth/access_token")} was rejected: 400 Bad Request (\"Invalid OAuth verifier.\"). Check the request; during sign-in this means the verifier was wrong or expired (15 minutes), so run `platter auth login` again.",
            error.Message);
    }

    [Fact]
    public async Task A_wrong_consumer_secret_is_refused()
    {
        var signer = new OAuthSigner(Fake.ConsumerKey, "not the secret", OAuthSignatureMethod.HmacSha1);
        using var client = Client();

        var error = await Assert.ThrowsAsync<DiscogsUnauthorizedException>(() => client.OAuth.GetRequestTokenAsync(signer, "oob", CancellationToken.None));

        Assert.Equal("Invalid signature.", error.DiscogsMessage);
    }

    [Fact]
    public async Task A_token_endpoint_answer_without_tokens_is_a_malformed_response()
    {
        var signer = new OAuthSigner(Fake.ConsumerKey, Fake.ConsumerSecret, OAuthSignatureMethod.Plaintext);
        using var client = Client();
        Fake.HtmlNext(1, 200);

        var error = await Assert.ThrowsAsync<DiscogsMalformedResponseException>(() => client.OAuth.GetRequestTokenAsync(signer, "oob", CancellationToken.None));

        Assert.Equal(
            $"POST {Url("oauth/request_token")} returned 200 with a body without oauth_token and oauth_token_secret. The response was damaged on the way or Discogs is failing; try again later.",
            error.Message);
    }

    [Fact]
    public async Task A_server_error_on_the_access_token_call_is_retried_with_a_fresh_nonce()
    {
        var signer = new OAuthSigner(Fake.ConsumerKey, Fake.ConsumerSecret, OAuthSignatureMethod.HmacSha1);
        using var client = Client();
        var requestToken = await client.OAuth.GetRequestTokenAsync(signer, "oob", CancellationToken.None);
        Fake.FailNext(1, 503);

        var access = await client.OAuth.GetAccessTokenAsync(signer, requestToken, Fake.LastVerifier!, CancellationToken.None);

        Assert.Equal(40, access.Token.Length);
        Assert.Equal([200, 503, 200], Fake.Requests.Select(r => r.Status));
        var nonces = Fake.Requests.Skip(1).Select(r => FakeDiscogsOAuth.ParseHeader(r.Authorization)!["oauth_nonce"]).ToList();
        Assert.NotEqual(nonces[0], nonces[1]);
    }
}
