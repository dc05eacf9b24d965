namespace Platter.Web;

/// <summary>How the site is run.</summary>
public sealed class SiteOptions
{
    /// <summary>The address the site listens on when none is asked for: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>The SQLite file of the tag index and the collection: the catalog itself, unless the catalog is on PostgreSQL.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>The catalog the index is built from (a PostgreSQL address, or null for <see cref="DatabasePath"/> itself). Never shown: see <see cref="Shown"/>.</summary>
    public string? Catalog { get; init; }

    /// <summary>The catalog as a user may be shown it: the file, or the PostgreSQL database and the local file (never a password).</summary>
    public string Shown => Catalog is null || Catalog == DatabasePath
        ? DatabasePath
        : $"{Platter.Storage.CatalogStore.Display(Catalog)} (index and collection in {DatabasePath})";

    /// <summary>
    /// Opens the catalog when it is in another store than the collection (PostgreSQL), else null.
    /// A catalog that cannot be reached is null too: the page then shows what the collection's
    /// own records hold, which is most of it, rather than no page.
    /// </summary>
    internal Platter.Storage.ICatalogReader? OpenOtherCatalog()
    {
        if (Catalog is null || Catalog == DatabasePath)
        {
            return null;
        }

        try
        {
            return Platter.Storage.CatalogStore.Read(Catalog);
        }
        catch (Platter.Storage.StorageException)
        {
            return null;
        }
    }

    /// <summary>Addresses to listen on (<c>http://127.0.0.1:5000</c>; port 0 picks a free one).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>The YouTube IFrame Player API script; tests point it at a local stand-in.</summary>
    public Uri YoutubeApi { get; init; } = new("https://www.youtube.com/iframe_api");

    /// <summary>How often the site looks for a rebuilt index.</summary>
    public TimeSpan IndexCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The secrets file holding the Discogs sign-in (shared with <c>platter auth</c>); null: the site cannot sign in.</summary>
    public string? SecretsPath { get; init; }

    /// <summary>The config file named in the page's set-up help (where the consumer key and secret go).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The Discogs API address.</summary>
    public Uri DiscogsApi { get; init; } = Platter.Api.DiscogsClientOptions.DefaultBaseAddress;

    /// <summary>Discogs' page where the user approves Platter (OAuth step 2); tests point it at the fake.</summary>
    public Uri DiscogsAuthorize { get; init; } = new Platter.Api.DiscogsClientOptions().AuthorizeAddress;

    /// <summary>The User-Agent sent to Discogs.</summary>
    public string UserAgent { get; init; } = Platter.Api.DiscogsClientOptions.DefaultUserAgent;

    /// <summary>The registered application's consumer key, for OAuth; null when not configured.</summary>
    public string? ConsumerKey { get; init; }

    /// <summary>The application's consumer secret; null when not configured. Never sent to a page.</summary>
    public string? ConsumerSecret { get; init; }
}
