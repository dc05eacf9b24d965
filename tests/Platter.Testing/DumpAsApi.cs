using System.Globalization;
using System.Text.Json;
using Platter.Core;
using Platter.Dumps;

namespace Platter.Testing;

/// <summary>
/// The bundled sample dump's real releases, masters and artists in the API's JSON shape (as the
/// recorded responses in tests/fixtures/api have it: empty strings for an absent anv, join, role
/// or tracks; <c>year</c> from the release date; sub-tracks nested in their index track; stand-in
/// community figures), so the
/// fake Discogs can serve a collection of real records. Images are left out: the dumps carry no
/// image addresses.
/// </summary>
public sealed class DumpAsApi
{
    private static readonly Lazy<DumpAsApi> _sample = new(() => Load(Fixtures.Sample2020));
    private readonly Dictionary<string, string> _bodies = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<Dictionary<string, object?>>> _artistReleases = [];

    private DumpAsApi()
    {
    }

    /// <summary>The records of samples/dumps/2020-08-sample, read once per test process.</summary>
    public static DumpAsApi Sample => _sample.Value;

    /// <summary>Release ids in the sample, ascending.</summary>
    public IReadOnlyList<int> ReleaseIds { get; private set; } = [];

    /// <summary>The body for <c>releases/ID</c>, <c>masters/ID</c> or <c>artists/ID</c>, or null.</summary>
    public string? Body(string path) => _bodies.GetValueOrDefault(path);

    /// <summary>
    /// A page of <c>artists/ID/releases</c> as Discogs shows it, built from the dump: the artist's
    /// masters (type <c>master</c>, role <c>Main</c>), the releases it is a main artist of that
    /// belong to no master (<c>release</c>, <c>Main</c>), and the releases it appears on as a track
    /// artist (<c>TrackAppearance</c>) or in the credits (<c>Appearance</c>), ordered by year, then
    /// title; null when the dump names no such artist.
    /// </summary>
    public string? ArtistReleasesPage(long artistId, int page, int perPage)
    {
        if (!_artistReleases.TryGetValue(artistId, out var all))
        {
            return null;
        }

        var pages = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var pagination = new Dictionary<string, object?> { ["page"] = page, ["pages"] = pages, ["per_page"] = perPage, ["items"] = all.Count, ["urls"] = new Dictionary<string, string>() };
        return JsonSerializer.Serialize(new Dictionary<string, object?> { ["pagination"] = pagination, ["releases"] = all.Skip((page - 1) * perPage).Take(perPage).ToList() });
    }

    /// <summary>Entries of <see cref="ArtistReleasesPage"/> for an artist, all pages.</summary>
    public IReadOnlyList<(string Type, long Id, string Role, string Title)> ArtistReleases(long artistId) =>
        _artistReleases.TryGetValue(artistId, out var all) ? all.Select(e => ((string)e["type"]!, (long)e["id"]!, (string)e["role"]!, (string)e["title"]!)).ToList() : [];

    /// <summary>Reads the releases, masters and artists files of a dump folder.</summary>
    public static DumpAsApi Load(string folder)
    {
        var api = new DumpAsApi();
        var releases = new List<int>();
        foreach (var file in Directory.GetFiles(folder, "*.xml.gz").Order(StringComparer.Ordinal))
        {
            using var reader = DumpReader.Open(file);
            foreach (var record in reader.ReadRecords())
            {
                switch (record)
                {
                    case Release r:
                        api._bodies[$"releases/{r.Id}"] = JsonSerializer.Serialize(ReleaseJson(r));
                        releases.Add((int)r.Id);
                        api.ListRelease(r);
                        break;
                    case Master m:
                        api._bodies[$"masters/{m.Id}"] = JsonSerializer.Serialize(MasterJson(m));
                        foreach (var id in m.Artists.Select(a => a.ArtistId ?? 0).Where(id => id > 0).Distinct())
                        {
                            api.List(id, "master", m.Id, "Main", m.Title ?? "", m.Year ?? 0, m.MainRelease);
                        }

                        break;
                    case Artist a:
                        api._bodies[$"artists/{a.Id}"] = JsonSerializer.Serialize(ArtistJson(a));
                        break;
                }
            }
        }

        releases.Sort();
        api.ReleaseIds = releases;
        foreach (var list in api._artistReleases.Values)
        {
            list.Sort((a, b) => (int)a["year"]! != (int)b["year"]! ? ((int)a["year"]!).CompareTo((int)b["year"]!)
                : string.CompareOrdinal((string)a["title"]!, (string)b["title"]!) is var t and not 0 ? t : ((long)a["id"]!).CompareTo((long)b["id"]!));
        }

        return api;
    }

    private void ListRelease(Release r)
    {
        var year = r.Released is { Length: >= 4 } d && int.TryParse(d[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0;
        var seen = new HashSet<long>();
        void Add(IEnumerable<ArtistCredit> credits, string role)
        {
            foreach (var id in credits.Select(a => a.ArtistId ?? 0).Where(id => id > 0 && seen.Add(id)))
            {
                List(id, "release", r.Id, role, r.Title ?? "", year, null);
            }
        }

        // A main artist's release that belongs to a master is listed as the master only.
        Add(r.MasterId is null ? r.Artists : [], "Main");
        seen.UnionWith(r.Artists.Select(a => a.ArtistId ?? 0));
        Add(r.Tracks.SelectMany(AllTracks).SelectMany(t => t.Artists), "TrackAppearance");
        Add(r.ExtraArtists.Concat(r.Tracks.SelectMany(AllTracks).SelectMany(t => t.ExtraArtists)), "Appearance");
    }

    private static IEnumerable<Track> AllTracks(Track t) => t.SubTracks.SelectMany(AllTracks).Prepend(t);

    private void List(long artistId, string type, long id, string role, string title, int year, long? mainRelease)
    {
        if (!_artistReleases.TryGetValue(artistId, out var list))
        {
            _artistReleases[artistId] = list = [];
        }

        var entry = new Dictionary<string, object?> { ["id"] = id, ["type"] = type, ["role"] = role, ["title"] = title, ["year"] = year, ["resource_url"] = $"https://api.discogs.com/{type}s/{id}" };
        if (mainRelease is { } main)
        {
            entry["main_release"] = main;
        }

        list.Add(entry);
    }

    private static Dictionary<string, object?> ReleaseJson(Release r) => new()
    {
        ["id"] = r.Id,
        ["status"] = r.Status,
        ["year"] = r.Released is { Length: >= 4 } d && int.TryParse(d[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : 0,
        ["resource_url"] = $"https://api.discogs.com/releases/{r.Id}",
        ["uri"] = $"https://www.discogs.com/release/{r.Id}",
        ["artists"] = r.Artists.Select(Credit).ToList(),
        ["labels"] = r.Labels.Select(l => new Dictionary<string, object?>
        {
            ["name"] = l.Name,
            ["catno"] = l.CatalogNumber ?? "",
            ["entity_type"] = "1",
            ["entity_type_name"] = "Label",
            ["id"] = l.LabelId ?? 0,
            ["resource_url"] = $"https://api.discogs.com/labels/{l.LabelId ?? 0}",
        }).ToList(),
        ["formats"] = r.Formats.Select(f => new Dictionary<string, object?>
        {
            ["name"] = f.Name,
            ["qty"] = f.Quantity,
            ["text"] = f.Text,
            ["descriptions"] = f.Descriptions,
        }).ToList(),
        ["data_quality"] = r.DataQuality,
        ["master_id"] = r.MasterId ?? 0,
        ["master_url"] = r.MasterId is { } m ? $"https://api.discogs.com/masters/{m}" : null,
        ["title"] = r.Title,
        ["country"] = r.Country,
        ["released"] = r.Released,
        ["notes"] = r.Notes,
        ["genres"] = r.Genres,
        ["styles"] = r.Styles,
        ["tracklist"] = r.Tracks.Select(TrackJson).ToList(),
        ["extraartists"] = r.ExtraArtists.Select(Credit).ToList(),
        // The dumps carry no community figures; these stand in (made from the id, the same every
        // run) so that the figures' path can be checked against the served body.
        ["community"] = new Dictionary<string, object?>
        {
            ["have"] = 1 + (r.Id % 997),
            ["want"] = 1 + (r.Id % 389),
            ["rating"] = new Dictionary<string, object?> { ["average"] = 1 + (r.Id % 40 / 10.0), ["count"] = r.Id % 50 },
        },
        ["videos"] = r.Videos.Select(v => new Dictionary<string, object?>
        {
            ["uri"] = v.Src,
            ["title"] = v.Title,
            ["description"] = v.Description,
            ["duration"] = v.Duration ?? 0,
            ["embed"] = v.Embed ?? true,
        }).ToList(),
    };

    private static Dictionary<string, object?> TrackJson(Track t)
    {
        var json = new Dictionary<string, object?>
        {
            ["position"] = t.Position ?? "",
            ["type_"] = t.SubTracks.Count > 0 ? "index" : "track",
            ["title"] = t.Title,
            ["duration"] = t.Duration ?? "",
        };
        if (t.Artists.Count > 0)
        {
            json["artists"] = t.Artists.Select(Credit).ToList();
        }

        if (t.ExtraArtists.Count > 0)
        {
            json["extraartists"] = t.ExtraArtists.Select(Credit).ToList();
        }

        if (t.SubTracks.Count > 0)
        {
            json["sub_tracks"] = t.SubTracks.Select(TrackJson).ToList();
        }

        return json;
    }

    private static Dictionary<string, object?> Credit(ArtistCredit a) => new()
    {
        ["name"] = a.Name,
        ["anv"] = a.Anv ?? "",
        ["join"] = a.Join ?? "",
        ["role"] = a.Role ?? "",
        ["tracks"] = a.Tracks ?? "",
        ["id"] = a.ArtistId ?? 0,
        ["resource_url"] = $"https://api.discogs.com/artists/{a.ArtistId ?? 0}",
    };

    private static Dictionary<string, object?> MasterJson(Master m) => new()
    {
        ["id"] = m.Id,
        ["main_release"] = m.MainRelease,
        ["resource_url"] = $"https://api.discogs.com/masters/{m.Id}",
        ["title"] = m.Title,
        ["year"] = m.Year ?? 0,
        ["artists"] = m.Artists.Select(Credit).ToList(),
        ["genres"] = m.Genres,
        ["styles"] = m.Styles,
        ["data_quality"] = m.DataQuality,
    };

    private static Dictionary<string, object?> ArtistJson(Artist a) => new()
    {
        ["id"] = a.Id,
        ["name"] = a.Name,
        ["realname"] = a.RealName,
        ["profile"] = a.Profile ?? "",
        ["data_quality"] = a.DataQuality,
        ["resource_url"] = $"https://api.discogs.com/artists/{a.Id}",
        ["releases_url"] = $"https://api.discogs.com/artists/{a.Id}/releases",
        ["urls"] = a.Urls,
        ["namevariations"] = a.NameVariations,
        ["aliases"] = a.Aliases.Select(Reference).ToList(),
        ["members"] = a.Members.Select(Reference).ToList(), // the dump does not say who is active: no "active"
        ["groups"] = a.Groups.Select(Reference).ToList(),
    };

    private static Dictionary<string, object?> Reference(NamedRef r) => new()
    {
        ["id"] = r.Id ?? 0,
        ["name"] = r.Name,
        ["resource_url"] = $"https://api.discogs.com/artists/{r.Id ?? 0}",
    };
}
