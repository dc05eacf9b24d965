using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using Platter.Core;

namespace Platter.Catalog.Tests;

/// <summary>
/// Counts, straight from the XML with LINQ to XML and without any Platter code, how many rows
/// each catalog table must hold after importing a dump file. The rules are the issue's: one row
/// per occurrence, text children only when their text is not blank, sub-tracks count as tracks,
/// and track artists come from both lists of every track and sub-track.
/// </summary>
internal static class XmlCounts
{
    /// <summary>The entity (from the root element) and the expected rows per table of a dump file.</summary>
    public static (EntityKind Entity, Dictionary<string, long> Rows) Of(string path)
    {
        var root = Load(path).Root!;
        return root.Name.LocalName switch
        {
            "artists" => (EntityKind.Artists, Artists(root.Elements("artist").ToList())),
            "labels" => (EntityKind.Labels, Labels(root.Elements("label").ToList())),
            "masters" => (EntityKind.Masters, Masters(root.Elements("master").ToList())),
            "releases" => (EntityKind.Releases, Releases(root.Elements("release").ToList())),
            var other => throw new InvalidOperationException($"{path} has the root <{other}>"),
        };
    }

    /// <summary>The XML of a dump file, decompressed when it is gzip.</summary>
    public static XDocument Load(string path)
    {
        using var file = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = XmlReader.Create(input, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return XDocument.Load(reader);
    }

    private static Dictionary<string, long> Artists(List<XElement> artists) => new()
    {
        ["artist"] = artists.Count,
        ["artist_image"] = Count(artists, "images", "image"),
        ["artist_url"] = Texts(artists, "urls", "url"),
        ["artist_name_variation"] = Texts(artists, "namevariations", "name"),
        ["artist_alias"] = Texts(artists, "aliases", "name"),
        ["artist_member"] = Texts(artists, "members", "name"),
        ["artist_group"] = Texts(artists, "groups", "name"),
    };

    private static Dictionary<string, long> Labels(List<XElement> labels) => new()
    {
        ["label"] = labels.Count,
        ["label_image"] = Count(labels, "images", "image"),
        ["label_url"] = Texts(labels, "urls", "url"),
        ["label_sublabel"] = Texts(labels, "sublabels", "label"),
    };

    private static Dictionary<string, long> Masters(List<XElement> masters) => new()
    {
        ["master"] = masters.Count,
        ["master_image"] = Count(masters, "images", "image"),
        ["master_artist"] = Count(masters, "artists", "artist"),
        ["master_genre"] = Texts(masters, "genres", "genre"),
        ["master_style"] = Texts(masters, "styles", "style"),
        ["master_video"] = Count(masters, "videos", "video"),
    };

    private static Dictionary<string, long> Releases(List<XElement> releases)
    {
        var tracks = releases.Elements("tracklist").Elements("track").ToList();
        var allTracks = tracks.Concat(tracks.Elements("sub_tracks").Elements("track")).ToList();
        var formats = releases.Elements("formats").Elements("format").ToList();
        return new()
        {
            ["release"] = releases.Count,
            ["release_image"] = Count(releases, "images", "image"),
            ["release_artist"] = Count(releases, "artists", "artist"),
            ["release_credit"] = Count(releases, "extraartists", "artist"),
            ["release_label"] = Count(releases, "labels", "label"),
            ["release_series"] = Count(releases, "series", "series"),
            ["release_format"] = formats.Count,
            ["release_format_description"] = Texts(formats, "descriptions", "description"),
            ["release_genre"] = Texts(releases, "genres", "genre"),
            ["release_style"] = Texts(releases, "styles", "style"),
            ["release_track"] = allTracks.Count,
            ["release_track_artist"] = Count(allTracks, "artists", "artist") + Count(allTracks, "extraartists", "artist"),
            ["release_identifier"] = Count(releases, "identifiers", "identifier"),
            ["release_video"] = Count(releases, "videos", "video"),
            ["release_company"] = Count(releases, "companies", "company"),
        };
    }

    private static long Count(IEnumerable<XElement> owners, string list, string item) =>
        owners.Elements(list).Elements(item).LongCount();

    private static long Texts(IEnumerable<XElement> owners, string list, string item) =>
        owners.Elements(list).Elements(item).LongCount(e => !string.IsNullOrWhiteSpace(e.Value));
}
