using System.Runtime.CompilerServices;
using Platter.Api.Models;

namespace Platter.Api;

/// <summary>
/// The Discogs API client: one sub-client per resource, all sharing one connection, so the User-Agent,
/// the credentials, the rate limit and the retries apply to every request.
/// </summary>
public sealed class DiscogsClient : IDisposable
{
    private readonly DiscogsConnection _connection;

    /// <summary>Creates a client. <paramref name="http"/> is optional; without it the client owns its own.</summary>
    public DiscogsClient(DiscogsClientOptions options, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connection = new DiscogsConnection(options, http);
        OAuth = new OAuthClient(_connection);
        Collection = new CollectionClient(_connection);
        Releases = new ReleasesClient(_connection);
        Masters = new MastersClient(_connection);
        Artists = new ArtistsClient(_connection);
        Labels = new LabelsClient(_connection);
    }

    /// <summary>Sign-in: request token, authorize URL, access token, identity.</summary>
    public OAuthClient OAuth { get; }

    /// <summary>A user's collection: folders, items, value.</summary>
    public CollectionClient Collection { get; }

    /// <summary>Database releases.</summary>
    public ReleasesClient Releases { get; }

    /// <summary>Database masters and their versions.</summary>
    public MastersClient Masters { get; }

    /// <summary>Database artists and their releases.</summary>
    public ArtistsClient Artists { get; }

    /// <summary>Database labels and their releases.</summary>
    public LabelsClient Labels { get; }

    /// <summary>Requests sent so far, retries included.</summary>
    public int RequestsSent => _connection.RequestsSent;

    /// <summary>The rate limit per window now applied (the server's, once a response stated it).</summary>
    public int RateLimit => _connection.Limiter.Limit;

    /// <summary>The API's address; relative image addresses in its answers are resolved against it.</summary>
    public Uri BaseAddress => _connection.Options.BaseAddress;

    /// <summary>The User-Agent sent with every request (also right for Discogs' image host).</summary>
    public string UserAgent => _connection.Options.UserAgent;

    /// <summary>Items asked for per page of a paged list (at most 100).</summary>
    public int PageSize => _connection.Options.PageSize;

    /// <summary>Requests that may be sent now without waiting for the rate limit's window to move on.</summary>
    public int RateLimitAvailable => _connection.Limiter.Available;

    /// <summary>
    /// GETs any API path (e.g. <c>/releases/1</c> or <c>/artists/1/releases?page=2</c>), signed and
    /// rate-limited, and returns the body, which must be JSON.
    /// </summary>
    public async Task<string> GetRawAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathAndQuery);
        var url = _connection.Url(pathAndQuery);
        var response = await _connection.SendAsync(HttpMethod.Get, url, _connection.Options.Credentials.AuthorizationHeader, cancellationToken);
        response.Json(DiscogsJsonContext.Default.JsonElement);
        return response.Body;
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();
}

/// <summary>Base of the sub-clients: they share the connection.</summary>
public abstract class DiscogsSubClient
{
    private protected DiscogsSubClient(DiscogsConnection connection) => Connection = connection;

    private protected DiscogsConnection Connection { get; }
}

/// <summary><c>/users/{username}/collection/...</c>.</summary>
public sealed class CollectionClient : DiscogsSubClient
{
    internal CollectionClient(DiscogsConnection connection)
        : base(connection)
    {
    }

    /// <summary>The user's folders (folder 0 "All" holds every item).</summary>
    public async Task<IReadOnlyList<CollectionFolder>> GetFoldersAsync(string username, CancellationToken cancellationToken) =>
        (await Connection.GetJsonAsync(DiscogsUrls.Folders(username), DiscogsJsonContext.Default.CollectionFolders, cancellationToken)).Folders;

    /// <summary>
    /// Every item of a folder (0 for the whole collection), page by page. Items that shift onto
    /// the next page while paging are returned once (keyed by instance id).
    /// </summary>
    public async IAsyncEnumerable<CollectionItem> GetItemsAsync(string username, int folderId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<int>();
        var items = Paging.AllAsync<CollectionItemsPage, CollectionItem>(
            Connection, DiscogsUrls.FolderReleases(username, folderId), DiscogsJsonContext.Default.CollectionItemsPage, cancellationToken);
        await foreach (var item in items)
        {
            if (seen.Add(item.InstanceId))
            {
                yield return item;
            }
        }
    }

    /// <summary>
    /// One page of a folder's items (folder 0 for the whole collection) at the configured page
    /// size, with its pagination: for a sync that stores page after page and resumes at the next.
    /// </summary>
    public Task<CollectionItemsPage> GetItemsPageAsync(string username, int folderId, int page, CancellationToken cancellationToken) =>
        Connection.GetJsonAsync(DiscogsUrls.Page(DiscogsUrls.FolderReleases(username, folderId), page, Connection.Options.PageSize), DiscogsJsonContext.Default.CollectionItemsPage, cancellationToken);

    /// <summary>One page of the user's wantlist at the configured page size.</summary>
    public Task<WantsPage> GetWantsPageAsync(string username, int page, CancellationToken cancellationToken) =>
        Connection.GetJsonAsync(DiscogsUrls.Page(DiscogsUrls.Wants(username), page, Connection.Options.PageSize), DiscogsJsonContext.Default.WantsPage, cancellationToken);

    /// <summary>The collection's estimated value (owner only).</summary>
    public Task<CollectionValue> GetValueAsync(string username, CancellationToken cancellationToken) =>
        Connection.GetJsonAsync(DiscogsUrls.CollectionValue(username), DiscogsJsonContext.Default.CollectionValue, cancellationToken);
}

/// <summary><c>/releases/{id}</c>.</summary>
public sealed class ReleasesClient : DiscogsSubClient
{
    internal ReleasesClient(DiscogsConnection connection)
        : base(connection)
    {
    }

    /// <summary>One release.</summary>
    public Task<Release> GetAsync(int id, CancellationToken cancellationToken) =>
        Connection.GetJsonAsync(DiscogsUrls.Release(id), DiscogsJsonContext.Default.Release, cancellationToken);
}

/// <summary><c>/masters/{id}</c> and its versions.</summary>
public sealed class MastersClient : DiscogsSubClient
{
    internal MastersClient(DiscogsConnection connection)
        : base(connection)
    {
    }

    /// <summary>One master.</summary>
    public Task<Master> GetAsync(int id, CancellationToken cancellationToken) =>
        Connection.GetJsonAsync(DiscogsUrls.Master(id), DiscogsJsonContext.Default.Master, cancellationToken);

    /// <summary>Every version (release) of a master.</summary>
    public IAsyncEnumerable<MasterVersion> GetVersionsAsync(int id, CancellationToken cancellationToken) =>
        Paging.AllAsync<MasterVersionsPage, MasterVersion>(Connection, DiscogsUrls.MasterVersions(id), DiscogsJsonContext.Default.MasterVersionsPage, cancellationToken);
}

/// <summary><c>/artists/{id}</c> and its releases.</summary>
public sealed class ArtistsClient : DiscogsSubClient
{
    internal ArtistsClient(DiscogsConnection connection)
        : base(connection)
    {
    }

    /// <summary>One artist.</summary>
    public Task<Artist> GetAsync(int id, CancellationToken cancellationToken) =>
        Connection.GetJsonAsync(DiscogsUrls.Artist(id), DiscogsJsonContext.Default.Artist, cancellationToken);

    /// <summary>Every master and release the artist appears on.</summary>
    public IAsyncEnumerable<ArtistRelease> GetReleasesAsync(int id, CancellationToken cancellationToken) =>
        Paging.AllAsync<ArtistReleasesPage, ArtistRelease>(Connection, DiscogsUrls.ArtistReleases(id), DiscogsJsonContext.Default.ArtistReleasesPage, cancellationToken);
}

/// <summary><c>/labels/{id}</c> and its releases.</summary>
public sealed class LabelsClient : DiscogsSubClient
{
    internal LabelsClient(DiscogsConnection connection)
        : base(connection)
    {
    }

    /// <summary>One label.</summary>
    public Task<Label> GetAsync(int id, CancellationToken cancellationToken) =>
        Connection.GetJsonAsync(DiscogsUrls.Label(id), DiscogsJsonContext.Default.Label, cancellationToken);

    /// <summary>Every release on the label.</summary>
    public IAsyncEnumerable<LabelRelease> GetReleasesAsync(int id, CancellationToken cancellationToken) =>
        Paging.AllAsync<LabelReleasesPage, LabelRelease>(Connection, DiscogsUrls.LabelReleases(id), DiscogsJsonContext.Default.LabelReleasesPage, cancellationToken);
}
