using System.Globalization;
using System.Text.Json;

namespace Platter.Testing;

/// <summary>Synthetic collections for the fake Discogs: N items with instance ids 1..N, in the API's JSON shape.</summary>
public static class FakeDiscogsCollections
{
    /// <summary>The release id of synthetic item <paramref name="instanceId"/>.</summary>
    public static int ReleaseId(int instanceId) => 2_000_000 + instanceId;

    /// <summary>The folders response: 0 "All" and 1 "Uncategorized", both holding every item.</summary>
    public static string Folders(string owner, int size) => JsonSerializer.Serialize(new
    {
        folders = new[]
        {
            new { id = 0, name = "All", count = size, resource_url = $"https://api.discogs.com/users/{owner}/collection/folders/0" },
            new { id = 1, name = "Uncategorized", count = size, resource_url = $"https://api.discogs.com/users/{owner}/collection/folders/1" },
        },
    });

    /// <summary>One page of a folder's items, with Discogs' pagination object and links.</summary>
    public static string Page(string owner, int folder, int size, int page, int perPage)
    {
        var pages = Math.Max(1, (size + perPage - 1) / perPage);
        var first = ((page - 1) * perPage) + 1;
        var last = Math.Min(size, page * perPage);
        var link = $"https://api.discogs.com/users/{owner}/collection/folders/{folder}/releases?per_page={perPage}&page=";
        var urls = new Dictionary<string, string>();
        if (page > 1)
        {
            urls["first"] = link + "1";
            urls["prev"] = link + (page - 1).ToString(CultureInfo.InvariantCulture);
        }

        if (page < pages)
        {
            urls["next"] = link + (page + 1).ToString(CultureInfo.InvariantCulture);
            urls["last"] = link + pages.ToString(CultureInfo.InvariantCulture);
        }

        var releases = new List<object>();
        for (var i = first; i <= last; i++)
        {
            releases.Add(Item(i));
        }

        return JsonSerializer.Serialize(new
        {
            pagination = new { page, pages, per_page = perPage, items = size, urls },
            releases,
        });
    }

    private static object Item(int instance)
    {
        var id = ReleaseId(instance);
        var artist = 500 + (instance % 37);
        return new
        {
            id,
            instance_id = instance,
            folder_id = 1,
            rating = instance % 6,
            date_added = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(-8)).AddHours(instance).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            basic_information = new
            {
                id,
                title = $"Synthetic Release {instance}",
                year = 1970 + (instance % 50),
                master_id = 0,
                master_url = (string?)null,
                resource_url = $"https://api.discogs.com/releases/{id}",
                thumb = "",
                cover_image = "",
                formats = new[] { new { name = "Vinyl", qty = "1", descriptions = new[] { "LP", "Album" } } },
                labels = new[] { new { name = "Synthetic Label", catno = $"SYN{instance:D4}", entity_type = "1", entity_type_name = "Label", id = 9000, resource_url = "https://api.discogs.com/labels/9000" } },
                artists = new[] { new { name = $"Synthetic Artist {artist}", anv = "", join = "", role = "", tracks = "", id = artist, resource_url = $"https://api.discogs.com/artists/{artist}" } },
                genres = new[] { "Electronic" },
                styles = new[] { "Techno" },
            },
        };
    }
}
