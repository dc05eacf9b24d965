using Platter.Api;
using Platter.Testing;

namespace Platter.Api.Tests;

/// <summary>Starts a fake Discogs per test and builds clients for it with short retry delays.</summary>
public abstract class ApiTest : IAsyncLifetime
{
    protected const string UserAgent = "PlatterTests/1.0 +https://example.org/platter-tests";

    private FakeDiscogsApi? _fake;

    protected FakeDiscogsApi Fake => _fake ?? throw new InvalidOperationException("The fake is not started.");

    /// <summary>Settings of the fake for this test class; the real window unless a test needs a short one.</summary>
    protected virtual FakeDiscogsApiOptions FakeOptions => new();

    public async Task InitializeAsync() => _fake = await FakeDiscogsApi.StartAsync(FakeOptions);

    public async Task DisposeAsync()
    {
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }

    protected DiscogsClientOptions Options(DiscogsCredentials? credentials = null) => new()
    {
        BaseAddress = Fake.BaseAddress,
        AuthorizeAddress = new Uri(Fake.BaseAddress, "oauth/authorize"),
        UserAgent = UserAgent,
        Credentials = credentials ?? DiscogsCredentials.None,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    protected DiscogsClient Client(DiscogsCredentials? credentials = null) => new(Options(credentials));

    protected DiscogsClient Client(DiscogsCredentials? credentials, Action<DiscogsClientOptions> configure)
    {
        var options = Options(credentials);
        configure(options);
        return new DiscogsClient(options);
    }

    protected DiscogsClient TokenClient(string user = "example") => Client(new PersonalTokenCredentials(Fake.IssuePersonalToken(user)));

    protected string Url(string path) => new Uri(Fake.BaseAddress, path).AbsoluteUri;

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
