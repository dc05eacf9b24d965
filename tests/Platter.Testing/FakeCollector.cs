using System.Globalization;
using System.Text.Json;

namespace Platter.Testing;

/// <summary>
/// A synthetic collector the fake Discogs serves: a collection of items with instance ids 1..N (release
/// 2,000,000 + instance id) that a test can remove, move to another folder or re-rate between
/// syncs, a wantlist of releases 3,000,001.., and a value; in the API's JSON shape.
/// </summary>
public sealed class FakeCollector
{
    private readonly object _lock = new();
    private readonly List<int> _instances;
    private readonly Dictionary<int, int> _folder = [];
    private readonly Dictionary<int, int> _rating = [];

    private readonly IReadOnlyList<int>? _releases;

    public FakeCollector(string owner, int items, int wants, IReadOnlyList<int>? releases = null)
    {
        Owner = owner;
        _releases = releases is { Count: > 0 } ? releases : null;
        _instances = Enumerable.Range(1, items).ToList();
        Wants = wants;
    }

    public string Owner { get; }

    /// <summary>The number of wants (releases 3,000,001 to 3,000,000 + N).</summary>
    public int Wants { get; set; }

    /// <summary>Time between two items' dates added (item n is added at 2020-01-01 plus n times this); an hour unless set.</summary>
    public TimeSpan AddedEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The value the collection reports, as Discogs writes it.</summary>
    public (string Minimum, string Median, string Maximum) Value { get; set; } = ("€1,204.10", "€2,010.55", "€3,991.00");

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _instances.Count;
            }
        }
    }

    /// <summary>The release id of synthetic item <paramref name="instanceId"/>.</summary>
    public static int ReleaseId(int instanceId) => 2_000_000 + instanceId;

    /// <summary>The release of item <paramref name="instanceId"/> in this collection.</summary>
    public int ReleaseOf(int instanceId) => _releases is { } r ? r[(instanceId - 1) % r.Count] : ReleaseId(instanceId);

    /// <summary>The release of want <paramref name="n"/> (1-based) in this collection.</summary>
    public int WantOf(int n) => _releases is { } r ? r[r.Count - 1 - ((n - 1) % r.Count)] : WantId(n);

    /// <summary>The release id of want <paramref name="n"/> (1-based).</summary>
    public static int WantId(int n) => 3_000_000 + n;

    /// <summary>The folder an item is in: 1 "Uncategorized" unless moved.</summary>
    public int FolderOf(int instance)
    {
        lock (_lock)
        {
            return _folder.GetValueOrDefault(instance, 1);
        }
    }

    /// <summary>The item's rating: instance id mod 6 unless re-rated.</summary>
    public int RatingOf(int instance)
    {
        lock (_lock)
        {
            return _rating.TryGetValue(instance, out var r) ? r : instance % 6;
        }
    }

    public void Remove(int instance)
    {
        lock (_lock)
        {
            _instances.Remove(instance);
        }
    }

    /// <summary>Adds <paramref name="count"/> copies with the next instance ids, listed after the others.</summary>
    public void Add(int count)
    {
        lock (_lock)
        {
            var next = _instances.Count == 0 ? 1 : _instances.Max() + 1;
            _instances.AddRange(Enumerable.Range(next, count));
        }
    }

    /// <summary>Moves an item to folder 2 "Favourites" (or any folder id above 1).</summary>
    public void Move(int instance, int folder)
    {
        lock (_lock)
        {
            _folder[instance] = folder;
        }
    }

    public void Rate(int instance, int rating)
    {
        lock (_lock)
        {
            _rating[instance] = rating;
        }
    }

    /// <summary>The folders response: 0 "All", 1 "Uncategorized" and every folder an item was moved to, with counts.</summary>
    public string Folders()
    {
        lock (_lock)
        {
            var counts = _instances.GroupBy(FolderOfLocked).ToDictionary(g => g.Key, g => g.Count());
            var folders = new List<object> { Folder(0, "All", _instances.Count), Folder(1, "Uncategorized", counts.GetValueOrDefault(1)) };
            folders.AddRange(counts.Keys.Where(f => f > 1).Order().Select(f => Folder(f, f == 2 ? "Favourites" : "Folder " + f.ToString(CultureInfo.InvariantCulture), counts[f])));
            return JsonSerializer.Serialize(new { folders });
        }
    }

    /// <summary>One page of folder <paramref name="folder"/>'s items (0 = all), with Discogs' pagination object and links.</summary>
    public string Page(int folder, int page, int perPage)
    {
        lock (_lock)
        {
            var items = _instances.Where(i => folder == 0 || FolderOfLocked(i) == folder).ToList();
            return Paged("releases", $"users/{Owner}/collection/folders/{folder}/releases", items.Count, page, perPage, items.Skip((page - 1) * perPage).Take(perPage).Select(Item).ToList());
        }
    }

    /// <summary>One page of the wantlist.</summary>
    public string WantsPage(int page, int perPage)
    {
        var first = ((page - 1) * perPage) + 1;
        var wants = Enumerable.Range(first, Math.Max(0, Math.Min(Wants, page * perPage) - first + 1)).Select(n => (object)new
        {
            id = WantOf(n),
            rating = n % 6,
            notes = n % 2 == 0 ? $"want {n}" : "",
            notes_public = n % 4 == 0,
            date_added = Added(n),
            resource_url = $"https://api.discogs.com/users/{Owner}/wants/{WantOf(n)}",
            basic_information = Basic(WantOf(n), $"Wanted Release {n}", 500 + (n % 37)),
        }).ToList();
        return Paged("wants", $"users/{Owner}/wants", Wants, page, perPage, wants);
    }

    public string ValueJson() => JsonSerializer.Serialize(new { minimum = Value.Minimum, median = Value.Median, maximum = Value.Maximum });

    private int FolderOfLocked(int instance) => _folder.GetValueOrDefault(instance, 1);

    private static object Folder(int id, string name, int count) => new { id, name, count, resource_url = $"https://api.discogs.com/users/x/collection/folders/{id}" };

    private static string Paged(string name, string path, int size, int page, int perPage, List<object> items)
    {
        var pages = Math.Max(1, (size + perPage - 1) / perPage);
        var link = $"https://api.discogs.com/{path}?per_page={perPage}&page=";
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

        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["pagination"] = new { page, pages, per_page = perPage, items = size, urls },
            [name] = items,
        });
    }

    private static readonly DateTimeOffset _start = new(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(-8));

    private static string Added(int n) => _start.AddHours(n).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private object Item(int instance)
    {
        var id = ReleaseOf(instance);
        return new
        {
            id,
            instance_id = instance,
            folder_id = FolderOfLocked(instance),
            rating = _rating.TryGetValue(instance, out var r) ? r : instance % 6,
            date_added = _start.Add(AddedEvery * instance).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            notes = instance % 3 == 0 ? new[] { new { field_id = 1, value = "Near Mint (NM or M-)" }, new { field_id = 3, value = $"copy {instance}" } } : [],
            basic_information = Basic(id, $"Synthetic Release {instance}", 500 + (instance % 37)),
        };
    }

    private static object Basic(int id, string title, int artist) => new
    {
        id,
        title,
        year = 1970 + (id % 50),
        master_id = 0,
        master_url = (string?)null,
        resource_url = $"https://api.discogs.com/releases/{id}",
        thumb = "",
        cover_image = "",
        formats = new[] { new { name = "Vinyl", qty = "1", descriptions = new[] { "LP", "Album" } } },
        labels = new[] { new { name = "Synthetic Label", catno = $"SYN{id % 10000:D4}", entity_type = "1", entity_type_name = "Label", id = 9000, resource_url = "https://api.discogs.com/labels/9000" } },
        artists = new[] { new { name = $"Synthetic Artist {artist}", anv = "", join = "", role = "", tracks = "", id = artist, resource_url = $"https://api.discogs.com/artists/{artist}" } },
        genres = new[] { "Electronic" },
        styles = new[] { "Techno" },
    };
}
