using System.Net;
using Platter.Api;

namespace Platter.Api.Tests;

/// <summary>The OAuth 1.0a vectors of DISCOGS-API.md section 9, asserted exactly.</summary>
public sealed class OAuth1Tests
{
    private const string PhotosKey = "dpf43f3p2l4k3l03";
    private const string PhotosSecret = "kd94hf93k423kf44";

    [Fact]
    public void Core_1_0_appendix_A5_protected_resource()
    {
        var parameters = Query("file=vacation.jpg&size=original").Concat(OAuth(PhotosKey, "kllo9940pd9333jh", "1191242096", ("oauth_token", "nnch734d00sl2jdk"), ("oauth_version", "1.0")));
        var baseString = OAuth1.SignatureBaseString("GET", new Uri("http://photos.example.net/photos?file=vacation.jpg&size=original"), parameters);

        Assert.Equal(
            "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal",
            baseString);
        Assert.Equal("kd94hf93k423kf44&pfkkdhi9sl3r4s00", OAuth1.SigningKey(PhotosSecret, "pfkkdhi9sl3r4s00"));
        var signature = OAuth1.HmacSha1Signature(baseString, PhotosSecret, "pfkkdhi9sl3r4s00");
        Assert.Equal("tR3+Ty81lMeYAr/Fid0kMTYa/WM=", signature);
        Assert.Equal("tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D", OAuth1.Encode(signature));
    }

    [Fact]
    public void Rfc5849_temporary_credentials()
    {
        var parameters = OAuth(PhotosKey, "wIjqoS", "137131200", ("oauth_callback", "http://printer.example.com/ready"));
        var baseString = OAuth1.SignatureBaseString("POST", new Uri("https://photos.example.net/initiate"), parameters);

        Assert.Equal(
            "POST&https%3A%2F%2Fphotos.example.net%2Finitiate&oauth_callback%3Dhttp%253A%252F%252Fprinter.example.com%252Fready%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DwIjqoS%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131200",
            baseString);
        Assert.Equal("kd94hf93k423kf44&", OAuth1.SigningKey(PhotosSecret, ""));
        var signature = OAuth1.HmacSha1Signature(baseString, PhotosSecret, "");
        Assert.Equal("74KNZJeDHnMBp0EMJ9ZHt/XKycU=", signature);
        Assert.Equal("74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D", OAuth1.Encode(signature));
    }

    [Fact]
    public void Rfc5849_token_credentials()
    {
        var parameters = OAuth(PhotosKey, "walatlh", "137131201", ("oauth_token", "hh5s93j4hdidpola"), ("oauth_verifier", "hfdp7dh39dks9884"));
        var baseString = OAuth1.SignatureBaseString("POST", new Uri("https://photos.example.net/token"), parameters);

        Assert.Equal(
            "POST&https%3A%2F%2Fphotos.example.net%2Ftoken&oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dwalatlh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dhh5s93j4hdidpola%26oauth_verifier%3Dhfdp7dh39dks9884",
            baseString);
        Assert.Equal("kd94hf93k423kf44&hdhd0244k9j7ao03", OAuth1.SigningKey(PhotosSecret, "hdhd0244k9j7ao03"));
        var signature = OAuth1.HmacSha1Signature(baseString, PhotosSecret, "hdhd0244k9j7ao03");
        Assert.Equal("gKgrFCywp7rO0OXSjdot/IHF7IU=", signature);
        Assert.Equal("gKgrFCywp7rO0OXSjdot%2FIHF7IU%3D", OAuth1.Encode(signature));
    }

    [Fact]
    public void Rfc5849_protected_resource()
    {
        var parameters = Query("file=vacation.jpg&size=original").Concat(OAuth(PhotosKey, "chapoH", "137131202", ("oauth_token", "nnch734d00sl2jdk")));
        var baseString = OAuth1.SignatureBaseString("GET", new Uri("http://photos.example.net/photos?file=vacation.jpg&size=original"), parameters);

        Assert.Equal(
            "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal",
            baseString);
        var signature = OAuth1.HmacSha1Signature(baseString, PhotosSecret, "pfkkdhi9sl3r4s00");
        Assert.Equal("MdpQcU8iPSUjWoN/UDMsK2sui9I=", signature);
        Assert.Equal("MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D", OAuth1.Encode(signature));
    }

    [Fact]
    public void Rfc5849_base_string_normalisation_with_repeated_names_empty_values_plus_and_double_encoding()
    {
        var url = new Uri("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
        var query = OAuth1.ParseForm(url.Query);
        var body = OAuth1.ParseForm("c2&a3=2+q");
        Assert.Equal(
            [new("b5", "=%3D"), new("a3", "a"), new("c@", ""), new("a2", "r b")],
            query);
        Assert.Equal([new("c2", ""), new("a3", "2 q")], body);

        var oauth = new KeyValuePair<string, string>[]
        {
            new("oauth_consumer_key", "9djdj82h48djs9d2"),
            new("oauth_token", "kkk9d7dh3k39sjv7"),
            new("oauth_signature_method", "HMAC-SHA1"),
            new("oauth_timestamp", "137131201"),
            new("oauth_nonce", "7d8f3e4a"),
        };
        Assert.Equal(
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
            OAuth1.SignatureBaseString("POST", url, query.Concat(body).Concat(oauth)));
    }

    [Fact]
    public void Hello_ladies_encoding_stress_vector()
    {
        const string Status = "Hello Ladies + Gentlemen, a signed OAuth request!";
        var url = new Uri("https://api.twitter.com/1.1/statuses/update.json?include_entities=true");
        var parameters = Query("include_entities=true")
            .Append(new("status", Status))
            .Concat(OAuth("xvz1evFS4wEEPTGEFPHBog", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", "1318622958", ("oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"), ("oauth_version", "1.0")));
        var baseString = OAuth1.SignatureBaseString("POST", url, parameters);

        Assert.Equal(
            "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521",
            baseString);
        var signature = OAuth1.HmacSha1Signature(baseString, "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE");
        Assert.Equal("hCtSmYh+iHYCEqBWrE7C7hYmtUk=", signature);
        Assert.Equal("hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", OAuth1.Encode(signature));
    }

    [Fact]
    public void Encoder_follows_rfc_3986_where_WebUtility_does_not()
    {
        const string Status = "Hello Ladies + Gentlemen, a signed OAuth request!";
        Assert.Equal("Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21", OAuth1.Encode(Status));
        Assert.Equal("Hello+Ladies+%2B+Gentlemen%2C+a+signed+OAuth+request!", WebUtility.UrlEncode(Status));
        Assert.Equal("-._~%2A%28%29%27", OAuth1.Encode("-._~*()'"));
    }

    [Theory]
    [InlineData("djr9rjt0jd78jf88", "jjd999tj88uiths3", "djr9rjt0jd78jf88&jjd999tj88uiths3", "djr9rjt0jd78jf88%26jjd999tj88uiths3")]
    [InlineData("djr9rjt0jd78jf88", "jjd99$tj88uiths3", "djr9rjt0jd78jf88&jjd99%24tj88uiths3", "djr9rjt0jd78jf88%26jjd99%2524tj88uiths3")]
    [InlineData("djr9rjt0jd78jf88", "", "djr9rjt0jd78jf88&", "djr9rjt0jd78jf88%26")]
    [InlineData("kd94hf93k423kf44", "", "kd94hf93k423kf44&", "kd94hf93k423kf44%26")]
    [InlineData("kd94hf93k423kf44", "hdhd0244k9j7ao03", "kd94hf93k423kf44&hdhd0244k9j7ao03", "kd94hf93k423kf44%26hdhd0244k9j7ao03")]
    [InlineData("kd94hf93k423kf44", "pfkkdhi9sl3r4s00", "kd94hf93k423kf44&pfkkdhi9sl3r4s00", "kd94hf93k423kf44%26pfkkdhi9sl3r4s00")]
    public void Plaintext_signatures(string consumerSecret, string tokenSecret, string signature, string inHeader)
    {
        Assert.Equal(signature, OAuth1.SigningKey(consumerSecret, tokenSecret));
        Assert.Equal(inHeader, OAuth1.Encode(signature));
    }

    [Fact]
    public void Plaintext_signer_writes_the_core_appendix_A_access_token_header()
    {
        var time = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1191242092));
        var signer = new OAuthSigner(PhotosKey, PhotosSecret, OAuthSignatureMethod.Plaintext, time, () => "dji430splmx33448");

        var header = signer.AuthorizationHeader(HttpMethod.Post, new Uri("https://api.discogs.com/oauth/access_token"), "hh5s93j4hdidpola", "hdhd0244k9j7ao03", [new("oauth_verifier", "hfdp7dh39dks9884")]);

        Assert.Equal(
            "OAuth oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_nonce=\"dji430splmx33448\", oauth_signature_method=\"PLAINTEXT\", oauth_timestamp=\"1191242092\", oauth_token=\"hh5s93j4hdidpola\", oauth_verifier=\"hfdp7dh39dks9884\", oauth_signature=\"kd94hf93k423kf44%26hdhd0244k9j7ao03\"",
            header);
    }

    [Fact]
    public void Hmac_signer_reproduces_the_rfc_5849_protected_resource_signature()
    {
        var time = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(137131202));
        var signer = new OAuthSigner(PhotosKey, PhotosSecret, OAuthSignatureMethod.HmacSha1, time, () => "chapoH");

        var header = signer.AuthorizationHeader(HttpMethod.Get, new Uri("http://photos.example.net/photos?file=vacation.jpg&size=original"), "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00");

        Assert.EndsWith("oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\"", header);
    }

    [Fact]
    public void Discogs_headers_have_second_timestamps_short_fresh_nonces_and_the_right_parameters_per_step()
    {
        var signer = new OAuthSigner("key", "secret", OAuthSignatureMethod.Plaintext);
        var url = new Uri("https://api.discogs.com/oauth/request_token");

        var request = FakeDiscogsOAuthParse(signer.AuthorizationHeader(HttpMethod.Post, url, null, null, [new("oauth_callback", "oob")]));
        var access = FakeDiscogsOAuthParse(signer.AuthorizationHeader(HttpMethod.Post, url, "rt", "rs", [new("oauth_verifier", "v")]));
        var call = FakeDiscogsOAuthParse(signer.AuthorizationHeader(HttpMethod.Get, url, "at", "as"));

        Assert.Matches("^[0-9]{10}$", request["oauth_timestamp"]);
        Assert.InRange(long.Parse(request["oauth_timestamp"], System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.Equal(32, request["oauth_nonce"].Length);
        Assert.NotEqual(request["oauth_nonce"], access["oauth_nonce"]);
        Assert.Equal("oob", request["oauth_callback"]);
        Assert.False(request.ContainsKey("oauth_token"));
        Assert.Equal(("rt", "v"), (access["oauth_token"], access["oauth_verifier"]));
        Assert.False(access.ContainsKey("oauth_callback"));
        Assert.Equal("secret&rs", access["oauth_signature"]);
        Assert.Equal("at", call["oauth_token"]);
        Assert.False(call.ContainsKey("oauth_verifier") || call.ContainsKey("oauth_callback"));
    }

    private static Dictionary<string, string> FakeDiscogsOAuthParse(string header) => Platter.Testing.FakeDiscogsOAuth.ParseHeader(header)!;

    private static List<KeyValuePair<string, string>> Query(string query) => OAuth1.ParseForm(query);

    private static IEnumerable<KeyValuePair<string, string>> OAuth(string key, string nonce, string timestamp, params (string Name, string Value)[] extra)
    {
        yield return new("oauth_consumer_key", key);
        yield return new("oauth_nonce", nonce);
        yield return new("oauth_signature_method", "HMAC-SHA1");
        yield return new("oauth_timestamp", timestamp);
        foreach (var (name, value) in extra)
        {
            yield return new(name, value);
        }
    }
}

/// <summary>A clock stopped at one instant, for signatures with known timestamps.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
