using System.Globalization;
using System.Text.Json;
using Platter.Core;
using Platter.Dumps;

namespace Platter.Testing;

/// <summary>
/// The bundled sample dump's real releases, masters and artists in the API's JSON shape (as the
/// recorded responses in tests/fixtures/api have it: empty strings for an absent anv, join, role
/// or tracks; <c>year</c> from the release date; sub-tracks nested in their index track), so the
/// fake Discogs can serve a collection of real records. Images are left out: the dumps carry no
/// image addresses.
/// </summary>
public sealed class DumpAsApi
{
    private static readonly Lazy<DumpAsApi> _sample = new(() => Load(Fixtures.Sample2020));
    private readonly Dictionary<string, string> _bodies = new(StringComparer.Ordinal);

    private DumpAsApi()
    {
    }

    /// <summary>The records of samples/dumps/2020-08-sample, read once per test process.</summary>
    public static DumpAsApi Sample => _sample.Value;

    /// <summary>Release ids in the sample, ascending.</summary>
    public IReadOnlyList<int> ReleaseIds { get; private set; } = [];

    /// <summary>The body for <c>releases/ID</c>, <c>masters/ID</c> or <c>artists/ID</c>, or null.</summary>
    public string? Body(string path) => _bodies.GetValueOrDefault(path);

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
                        break;
                    case Master m:
                        api._bodies[$"masters/{m.Id}"] = JsonSerializer.Serialize(MasterJson(m));
                        break;
                    case Artist a:
                        api._bodies[$"artists/{a.Id}"] = JsonSerializer.Serialize(ArtistJson(a));
                        break;
                }
            }
        }

        releases.Sort();
        api.ReleaseIds = releases;
        return api;
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
