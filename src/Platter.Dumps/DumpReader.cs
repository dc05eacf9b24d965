using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Platter.Core;
using Platter.Dumps.IO;
using Platter.Dumps.Xml;

namespace Platter.Dumps;

/// <summary>
/// Streams the records of one Discogs dump file (<c>.xml</c> or <c>.xml.gz</c>). The entity is
/// recognised from the root element; records are read one at a time, so memory stays flat
/// whatever the file size. Decompression runs on a second thread.
/// </summary>
public sealed partial class DumpReader : IDisposable
{
    private readonly FileStream _file;
    private readonly VerifiedGzipStream? _gzip;
    private readonly XmlScanner _x;
    private readonly ReadAheadStream _readAhead;
    private readonly Action<DumpWarning>? _onWarning;
    private readonly Action<string> _onSkippedChild;
    private readonly byte[] _recordName;

    // The items of the lists being read, one stack per item type (lists nest: sub-tracks in tracks).
    private readonly Collector<Image> _images = new();
    private readonly Collector<string> _texts = new();
    private readonly Collector<NamedRef> _refs = new();
    private readonly Collector<ArtistCredit> _credits = new();
    private readonly Collector<ReleaseLabel> _labels = new();
    private readonly Collector<ReleaseFormat> _formats = new();
    private readonly Collector<Track> _tracks = new();
    private readonly Collector<ReleaseIdentifier> _identifiers = new();
    private readonly Collector<Video> _videos = new();
    private readonly Collector<ReleaseCompany> _companies = new();
    private string? _recordLabel;
    private long? _recordId;
    private bool _finished;
    private bool _singleRecordPending;

    private DumpReader(string path, FileStream file, VerifiedGzipStream? gzip, Stream xml, Action<DumpWarning>? onWarning)
    {
        Path = path;
        _file = file;
        _gzip = gzip;
        _onWarning = onWarning;

        // Made once: a method group passed at each call would allocate a delegate per text element.
        _onSkippedChild = SkippedChild;
        CompressedLength = file.Length;
        DumpDate = DumpDateFromFileName(path);
        _readAhead = new ReadAheadStream(xml);
        _x = new XmlScanner(_readAhead) { SourceName = path, LastGoodRecord = () => LastId is null ? null : RecordLabel(LastId) };
        Entity = ReadRoot();
        _recordName = Encoding.ASCII.GetBytes(Entity.Name()[..^1]);
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The entity this file holds, from its root element.</summary>
    public EntityKind Entity { get; }

    /// <summary>The dump date from a file name like <c>discogs_20200806_releases.xml.gz</c>, if it has one.</summary>
    public DateOnly? DumpDate { get; }

    /// <summary>The file's size on disk.</summary>
    public long CompressedLength { get; }

    /// <summary>Bytes of the file read so far (compressed bytes for a .gz).</summary>
    public long BytesRead => _gzip?.CompressedPosition ?? _file.Position;

    /// <summary>Records read so far.</summary>
    public long Records { get; private set; }

    /// <summary>Warnings so far.</summary>
    public long Warnings { get; private set; }

    /// <summary>The line where the last record read starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>The uncompressed byte offset where the last record read starts.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>The id of the last record read completely.</summary>
    public long? LastId { get; private set; }

    /// <summary>
    /// Opens a dump file and reads up to its root element. Throws <see cref="DumpFormatException"/>
    /// when the file is not a Discogs dump (not XML, not gzip, an HTML page, another root element).
    /// </summary>
    public static DumpReader Open(string path, Action<DumpWarning>? onWarning = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> head = stackalloc byte[2];
            var n = file.ReadAtLeast(head, 2, throwOnEndOfStream: false);
            file.Position = 0;
            var isGzip = n == 2 && head[0] == 0x1F && head[1] == 0x8B;
            if (!isGzip && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                throw new DumpFormatException(path, 0, 0, null, DescribeNotGzip(file));
            }

            var gzip = isGzip ? new VerifiedGzipStream(file) : null;
            return new DumpReader(path, file, gzip, gzip ?? (Stream)file, onWarning);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The dump date in a Discogs file name, or null.</summary>
    public static DateOnly? DumpDateFromFileName(string path)
    {
        var m = DateInName().Match(System.IO.Path.GetFileName(path));
        return m.Success && DateOnly.TryParseExact(m.Groups[1].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>
    /// Reads the records in file order. Throws <see cref="DumpFormatException"/> at the first
    /// problem that makes the rest unreadable (truncation, malformed XML); smaller problems are
    /// reported as warnings and the record is kept.
    /// </summary>
    public IEnumerable<IDiscogsRecord> ReadRecords()
    {
        while (!_finished)
        {
            var record = ReadNext();
            if (record is not null)
            {
                yield return record;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Stop the decompression thread before anything it reads from goes away.
        _readAhead.Dispose();
        _x.Dispose();
        _gzip?.Dispose();
        _file.Dispose();
    }

    [GeneratedRegex(@"discogs_(\d{8})_", RegexOptions.CultureInvariant)]
    private static partial Regex DateInName();

    private static string DescribeNotGzip(FileStream file)
    {
        var buf = new byte[64];
        var n = file.Read(buf);
        var text = Encoding.UTF8.GetString(buf, 0, n).TrimStart();
        var looksHtml = text.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
        return looksHtml
            ? "the file is named .gz but holds an HTML page (an error page saved instead of the dump?), not gzip data"
            : "the file is named .gz but does not start with the gzip signature 1F 8B: it is not a gzip file";
    }

    private EntityKind ReadRoot()
    {
        while (_x.Read() != XmlToken.StartTag)
        {
        }

        var root = Encoding.UTF8.GetString(_x.Name);
        var kind = root switch
        {
            "artists" => EntityKind.Artists,
            "labels" => EntityKind.Labels,
            "masters" => EntityKind.Masters,
            "releases" => EntityKind.Releases,
            _ => (EntityKind?)null,
        };

        // A file holding one record as its root (a record cut out of a dump) reads as a dump of one.
        var single = root switch
        {
            "artist" => EntityKind.Artists,
            "label" => EntityKind.Labels,
            "master" => EntityKind.Masters,
            "release" => EntityKind.Releases,
            _ => (EntityKind?)null,
        };
        if (single is not null)
        {
            _singleRecordPending = true;
            return single.Value;
        }

        if (kind is null)
        {
            throw _x.Error($"the root element is <{root}>, not <artists>, <labels>, <masters> or <releases>: this is not a Discogs dump");
        }

        if (_x.IsEmptyElement)
        {
            _finished = true;
        }

        return kind.Value;
    }

    private IDiscogsRecord? ReadNext()
    {
        if (_singleRecordPending)
        {
            _singleRecordPending = false;
            var record = ReadRecord();
            _x.Read();
            _finished = true;
            return record;
        }

        switch (_x.Read())
        {
            case XmlToken.StartTag when _x.Name.SequenceEqual(_recordName):
                return ReadRecord();
            case XmlToken.StartTag:
                Warn($"unexpected element <{Encoding.UTF8.GetString(_x.Name)}> between records was skipped");
                _x.Skip();
                return null;
            case XmlToken.Text:
                if (!string.IsNullOrWhiteSpace(_x.CurrentText()))
                {
                    Warn("text between records was skipped");
                }

                return null;
            case XmlToken.EndTag:
                // The root closed; only white space may follow.
                _x.Read();
                _finished = true;
                return null;
            default:
                _finished = true;
                return null;
        }
    }

    private IDiscogsRecord? ReadRecord()
    {
        var dropped = _x.DroppedControlCharacters;
        var line = _x.TokenLine;
        var offset = _x.TokenOffset;
        _recordId = null;
        _recordLabel = null;
        IDiscogsRecord? record = Entity switch
        {
            EntityKind.Artists => ReadArtist(),
            EntityKind.Labels => ReadLabel(),
            EntityKind.Masters => ReadMaster(),
            _ => ReadRelease(),
        };

        var droppedNow = _x.DroppedControlCharacters - dropped;
        if (droppedNow > 0)
        {
            Warn($"dropped {droppedNow} control character(s) that XML forbids (last U+{_x.LastDroppedCharacter:X4}) from the text", line, offset);
        }

        if (record is null)
        {
            Warn($"a <{Encoding.ASCII.GetString(_recordName)}> without an id was skipped", line, offset);
            return null;
        }

        Records++;
        LastId = record.Id;
        RecordLine = line;
        RecordOffset = offset;
        return record;
    }

    private string RecordLabel(long? id) => $"{Encoding.ASCII.GetString(_recordName)} {(id is null ? "?" : id.Value.ToString(CultureInfo.InvariantCulture))}";

    private void Warn(string message, long? line = null, long? offset = null)
    {
        Warnings++;
        _onWarning?.Invoke(new DumpWarning(Path, line ?? _x.TokenLine, offset ?? _x.TokenOffset, _recordId is null ? null : _recordLabel ??= RecordLabel(_recordId), message));
    }

    private void Unknown(string parent)
    {
        Warn($"unknown element <{Encoding.UTF8.GetString(_x.Name)}> in <{parent}> was skipped");
        _x.Skip();
    }

    // Iterates the child elements of the element whose start tag is current.
    private ChildEnumerator Children() => new(_x, null);

    // The same, for a list whose children are all <expected> in the dumps.
    private ChildEnumerator Children(ElementTags expected) => new(_x, expected);

    private string? Text() => _x.ReadElementText(_onSkippedChild);

    private string? Attr(ReadOnlySpan<byte> name) => NonEmpty(_x.GetAttribute(name));

    private void SkippedChild(string name) => Warn($"element <{name}> inside a text element was skipped");

    private long? Int64()
    {
        var v = _x.ReadElementInt64(out var invalid);
        if (invalid is not null)
        {
            Warn($"'{invalid}' is not a number; stored as no value");
        }

        return v;
    }

    private long? AttrInt64(ReadOnlySpan<byte> name)
    {
        var v = _x.GetAttributeInt64(name, out var invalid);
        if (invalid is not null)
        {
            Warn($"attribute {Encoding.ASCII.GetString(name)}='{invalid}' is not a number; stored as no value");
        }

        return v;
    }

    private int? AttrInt32(ReadOnlySpan<byte> name) => AttrInt64(name) is { } v and >= int.MinValue and <= int.MaxValue ? (int)v : null;

    private static long? Linked(long? id) => id is null or 0 ? null : id;

    private static bool? Bool(string? s) => s switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private Artist? ReadArtist()
    {
        long? id = null;
        string? name = null, realName = null, profile = null, quality = null;
        Image[]? images = null;
        string[]? urls = null, variations = null;
        NamedRef[]? aliases = null, members = null, groups = null;
        foreach (var el in Children())
        {
            if (el.SequenceEqual("id"u8))
            {
                id = Int64();
                _recordId = id;
            }
            else if (el.SequenceEqual("name"u8))
            {
                name = Text();
            }
            else if (el.SequenceEqual("realname"u8))
            {
                realName = Text();
            }
            else if (el.SequenceEqual("profile"u8))
            {
                profile = Text();
            }
            else if (el.SequenceEqual("data_quality"u8))
            {
                quality = Text();
            }
            else if (el.SequenceEqual("images"u8))
            {
                images = ReadImages();
            }
            else if (el.SequenceEqual("urls"u8))
            {
                urls = ReadTexts(Tags.Url);
            }
            else if (el.SequenceEqual("namevariations"u8))
            {
                variations = ReadTexts(Tags.Name);
            }
            else if (el.SequenceEqual("aliases"u8))
            {
                aliases = ReadNamedRefs("name"u8);
            }
            else if (el.SequenceEqual("members"u8))
            {
                members = ReadNamedRefs("name"u8);
            }
            else if (el.SequenceEqual("groups"u8))
            {
                groups = ReadNamedRefs("name"u8);
            }
            else
            {
                Unknown("artist");
            }
        }

        return id is null
            ? null
            : new Artist
            {
                Id = id.Value,
                Name = name,
                RealName = realName,
                Profile = profile,
                DataQuality = quality,
                Images = images ?? [],
                Urls = urls ?? [],
                NameVariations = variations ?? [],
                Aliases = aliases ?? [],
                Members = members ?? [],
                Groups = groups ?? [],
            };
    }

    private Label? ReadLabel()
    {
        long? id = null;
        string? name = null, contact = null, profile = null, quality = null;
        NamedRef? parent = null;
        Image[]? images = null;
        string[]? urls = null;
        NamedRef[]? subLabels = null;
        foreach (var el in Children())
        {
            if (el.SequenceEqual("id"u8))
            {
                id = Int64();
                _recordId = id;
            }
            else if (el.SequenceEqual("name"u8))
            {
                name = Text();
            }
            else if (el.SequenceEqual("contactinfo"u8))
            {
                contact = Text();
            }
            else if (el.SequenceEqual("profile"u8))
            {
                profile = Text();
            }
            else if (el.SequenceEqual("data_quality"u8))
            {
                quality = Text();
            }
            else if (el.SequenceEqual("parentLabel"u8))
            {
                var parentId = AttrInt64("id"u8);
                var parentName = Text();
                parent = parentId is null && parentName is null ? null : new NamedRef(parentId, parentName);
            }
            else if (el.SequenceEqual("images"u8))
            {
                images = ReadImages();
            }
            else if (el.SequenceEqual("urls"u8))
            {
                urls = ReadTexts(Tags.Url);
            }
            else if (el.SequenceEqual("sublabels"u8))
            {
                // Nested <label> elements: sub-labels, never records.
                subLabels = ReadNamedRefs("label"u8);
            }
            else
            {
                Unknown("label");
            }
        }

        return id is null
            ? null
            : new Label
            {
                Id = id.Value,
                Name = name,
                ContactInfo = contact,
                Profile = profile,
                DataQuality = quality,
                ParentLabel = parent,
                Images = images ?? [],
                Urls = urls ?? [],
                SubLabels = subLabels ?? [],
            };
    }

    private Master? ReadMaster()
    {
        var id = AttrInt64("id"u8);
        _recordId = id;
        long? mainRelease = null;
        int? year = null;
        string? title = null, notes = null, quality = null;
        Image[]? images = null;
        ArtistCredit[]? artists = null;
        string[]? genres = null, styles = null;
        Video[]? videos = null;
        foreach (var el in Children())
        {
            if (el.SequenceEqual("main_release"u8))
            {
                mainRelease = Linked(Int64());
            }
            else if (el.SequenceEqual("title"u8))
            {
                title = Text();
            }
            else if (el.SequenceEqual("year"u8))
            {
                year = Int64() is { } y and >= int.MinValue and <= int.MaxValue ? (int)y : null;
            }
            else if (el.SequenceEqual("artists"u8))
            {
                artists = ReadCredits();
            }
            else if (el.SequenceEqual("genres"u8))
            {
                genres = ReadTexts(Tags.Genre);
            }
            else if (el.SequenceEqual("styles"u8))
            {
                styles = ReadTexts(Tags.Style);
            }
            else if (el.SequenceEqual("videos"u8))
            {
                videos = ReadVideos();
            }
            else if (el.SequenceEqual("notes"u8))
            {
                notes = Text();
            }
            else if (el.SequenceEqual("data_quality"u8))
            {
                quality = Text();
            }
            else if (el.SequenceEqual("images"u8))
            {
                images = ReadImages();
            }
            else
            {
                Unknown("master");
            }
        }

        return id is null
            ? null
            : new Master
            {
                Id = id.Value,
                MainRelease = mainRelease,
                Images = images ?? [],
                Artists = artists ?? [],
                Genres = genres ?? [],
                Styles = styles ?? [],
                Notes = notes,
                Year = year,
                Title = title,
                DataQuality = quality,
                Videos = videos ?? [],
            };
    }

    private Release? ReadRelease()
    {
        var id = AttrInt64("id"u8);
        _recordId = id;
        var status = Attr("status"u8);
        string? title = null, country = null, released = null, notes = null, quality = null;
        long? masterId = null;
        bool? isMain = null;
        Image[]? images = null;
        ArtistCredit[]? artists = null, extra = null;
        ReleaseLabel[]? labels = null, series = null;
        ReleaseFormat[]? formats = null;
        string[]? genres = null, styles = null;
        Track[]? tracks = null;
        ReleaseIdentifier[]? identifiers = null;
        Video[]? videos = null;
        ReleaseCompany[]? companies = null;
        foreach (var el in Children())
        {
            if (el.SequenceEqual("artists"u8))
            {
                artists = ReadCredits();
            }
            else if (el.SequenceEqual("title"u8))
            {
                title = Text();
            }
            else if (el.SequenceEqual("labels"u8))
            {
                labels = ReadReleaseLabels("label"u8);
            }
            else if (el.SequenceEqual("series"u8))
            {
                series = ReadReleaseLabels("series"u8);
            }
            else if (el.SequenceEqual("extraartists"u8))
            {
                extra = ReadCredits();
            }
            else if (el.SequenceEqual("formats"u8))
            {
                formats = ReadFormats();
            }
            else if (el.SequenceEqual("genres"u8))
            {
                genres = ReadTexts(Tags.Genre);
            }
            else if (el.SequenceEqual("styles"u8))
            {
                styles = ReadTexts(Tags.Style);
            }
            else if (el.SequenceEqual("country"u8))
            {
                country = Text();
            }
            else if (el.SequenceEqual("released"u8))
            {
                released = Text();
            }
            else if (el.SequenceEqual("notes"u8))
            {
                notes = Text();
            }
            else if (el.SequenceEqual("data_quality"u8))
            {
                quality = Text();
            }
            else if (el.SequenceEqual("master_id"u8))
            {
                isMain = Bool(_x.GetAttribute("is_main_release"u8));
                masterId = Linked(Int64());
            }
            else if (el.SequenceEqual("tracklist"u8))
            {
                tracks = ReadTracks();
            }
            else if (el.SequenceEqual("identifiers"u8))
            {
                identifiers = ReadIdentifiers();
            }
            else if (el.SequenceEqual("videos"u8))
            {
                videos = ReadVideos();
            }
            else if (el.SequenceEqual("companies"u8))
            {
                companies = ReadCompanies();
            }
            else if (el.SequenceEqual("images"u8))
            {
                images = ReadImages();
            }
            else
            {
                Unknown("release");
            }
        }

        return id is null
            ? null
            : new Release
            {
                Id = id.Value,
                Status = status,
                Images = images ?? [],
                Artists = artists ?? [],
                Title = title,
                Labels = labels ?? [],
                Series = series ?? [],
                ExtraArtists = extra ?? [],
                Formats = formats ?? [],
                Genres = genres ?? [],
                Styles = styles ?? [],
                Country = country,
                Released = released,
                Notes = notes,
                DataQuality = quality,
                MasterId = masterId,
                IsMainRelease = isMain,
                Tracks = tracks ?? [],
                Identifiers = identifiers ?? [],
                Videos = videos ?? [],
                Companies = companies ?? [],
            };
    }

    private Image[] ReadImages()
    {
        var mark = _images.Mark;
        foreach (var el in Children())
        {
            if (el.SequenceEqual("image"u8))
            {
                _images.Add(new Image(
                    Attr("type"u8),
                    NonEmpty(_x.GetAttribute("uri"u8)),
                    NonEmpty(_x.GetAttribute("uri150"u8)),
                    AttrInt32("width"u8),
                    AttrInt32("height"u8)));
                _x.Skip();
            }
            else
            {
                Unknown("images");
            }
        }

        return _images.Take(mark);
    }

    private string[] ReadTexts(ElementTags leaf)
    {
        var mark = _texts.Mark;
        ReadOnlySpan<byte> child = leaf.Name;
        while (_x.TryReadLeafText(leaf, out var text))
        {
            if (text is not null)
            {
                _texts.Add(text);
            }
        }

        foreach (var el in Children())
        {
            if (el.SequenceEqual(child))
            {
                var text = Text();
                if (text is not null)
                {
                    _texts.Add(text);
                }
            }
            else
            {
                Unknown(Encoding.ASCII.GetString(child) + "s");
            }
        }

        return _texts.Take(mark);
    }

    // <name id="N">text</name> lists; in old members blocks each name is preceded by <id>N</id>.
    private NamedRef[] ReadNamedRefs(ReadOnlySpan<byte> child)
    {
        var mark = _refs.Mark;
        long? pendingId = null;
        foreach (var el in Children())
        {
            if (el.SequenceEqual(child))
            {
                var id = AttrInt64("id"u8) ?? pendingId;
                pendingId = null;
                var name = Text();
                // Issue 2's rule for text-valued children: a row only when there is text.
                if (name is not null)
                {
                    _refs.Add(new NamedRef(id, name));
                }
            }
            else if (el.SequenceEqual("id"u8))
            {
                pendingId = Int64();
            }
            else
            {
                Unknown("list of " + Encoding.ASCII.GetString(child));
            }
        }

        return _refs.Take(mark);
    }

    private ArtistCredit[] ReadCredits()
    {
        var mark = _credits.Mark;
        foreach (var el in Children(Tags.Artist))
        {
            if (!el.SequenceEqual("artist"u8))
            {
                Unknown("artists");
                continue;
            }

            long? id = null;
            string? name = null, anv = null, join = null, role = null, tracks = null;

            // The dumps write these in this order (newer ones leave out the empty ones): each is
            // read in one step while they come so, and the loop takes whatever follows.
            _x.TryReadLeafInt64(Tags.Id, out id);
            id = Linked(id);
            _x.TryReadLeafText(Tags.Name, out name);
            _x.TryReadLeafText(Tags.Anv, out anv);
            _x.TryReadLeafText(Tags.Join, out join, keepSpace: true);
            _x.TryReadLeafText(Tags.Role, out role);
            _x.TryReadLeafText(Tags.Tracks, out tracks);
            foreach (var f in Children())
            {
                if (f.SequenceEqual("id"u8))
                {
                    id = Linked(Int64());
                }
                else if (f.SequenceEqual("name"u8))
                {
                    name = Text();
                }
                else if (f.SequenceEqual("anv"u8))
                {
                    anv = Text();
                }
                else if (f.SequenceEqual("join"u8))
                {
                    join = RawText();
                }
                else if (f.SequenceEqual("role"u8))
                {
                    role = Text();
                }
                else if (f.SequenceEqual("tracks"u8))
                {
                    tracks = Text();
                }
                else
                {
                    Unknown("artist");
                }
            }

            _credits.Add(new ArtistCredit(id, name, anv, join, role, tracks));
        }

        return _credits.Take(mark);
    }

    // Join connectors keep their spaces (" & "); only an empty element means "no join".
    private string? RawText()
    {
        if (_x.IsEmptyElement || _x.Read() == XmlToken.EndTag)
        {
            return null;
        }

        var text = _x.Token == XmlToken.Text ? _x.CurrentText() : "";
        while (_x.Read() != XmlToken.EndTag)
        {
            if (_x.Token == XmlToken.Text)
            {
                text += _x.CurrentText();
            }
            else if (_x.Token == XmlToken.StartTag)
            {
                SkippedChild(Encoding.UTF8.GetString(_x.Name));
                _x.Skip();
            }
        }

        return text.Length == 0 ? null : text;
    }

    private ReleaseLabel[] ReadReleaseLabels(ReadOnlySpan<byte> child)
    {
        var mark = _labels.Mark;
        foreach (var el in Children())
        {
            if (el.SequenceEqual(child))
            {
                _labels.Add(new ReleaseLabel(Linked(AttrInt64("id"u8)), Attr("name"u8), NonEmpty(_x.GetAttribute("catno"u8))));
                _x.Skip();
            }
            else
            {
                Unknown(Encoding.ASCII.GetString(child) + " list");
            }
        }

        return _labels.Take(mark);
    }

    private ReleaseFormat[] ReadFormats()
    {
        var mark = _formats.Mark;
        foreach (var el in Children())
        {
            if (!el.SequenceEqual("format"u8))
            {
                Unknown("formats");
                continue;
            }

            var name = Attr("name"u8);
            var qty = Attr("qty"u8);
            var text = NonEmpty(_x.GetAttribute("text"u8));
            string[]? descriptions = null;
            foreach (var f in Children())
            {
                if (f.SequenceEqual("descriptions"u8))
                {
                    descriptions = ReadTexts(Tags.Description);
                }
                else
                {
                    Unknown("format");
                }
            }

            _formats.Add(new ReleaseFormat(name, qty, text, descriptions ?? []));
        }

        return _formats.Take(mark);
    }

    private Track[] ReadTracks()
    {
        var mark = _tracks.Mark;
        foreach (var el in Children(Tags.Track))
        {
            if (el.SequenceEqual("track"u8))
            {
                _tracks.Add(ReadTrack());
            }
            else
            {
                Unknown("tracklist");
            }
        }

        return _tracks.Take(mark);
    }

    private Track ReadTrack()
    {
        string? position = null, title = null, duration = null;
        ArtistCredit[]? artists = null, extra = null;
        Track[]? subTracks = null;
        _x.TryReadLeafText(Tags.Position, out position);
        _x.TryReadLeafText(Tags.Title, out title);
        _x.TryReadLeafText(Tags.Duration, out duration);
        foreach (var f in Children())
        {
            if (f.SequenceEqual("position"u8))
            {
                position = Text();
            }
            else if (f.SequenceEqual("title"u8))
            {
                title = Text();
            }
            else if (f.SequenceEqual("duration"u8))
            {
                duration = Text();
            }
            else if (f.SequenceEqual("artists"u8))
            {
                artists = ReadCredits();
            }
            else if (f.SequenceEqual("extraartists"u8))
            {
                extra = ReadCredits();
            }
            else if (f.SequenceEqual("sub_tracks"u8))
            {
                subTracks = ReadTracks();
            }
            else
            {
                Unknown("track");
            }
        }

        return new Track
        {
            Position = position,
            Title = title,
            Duration = duration,
            Artists = artists ?? [],
            ExtraArtists = extra ?? [],
            SubTracks = subTracks ?? [],
        };
    }

    private ReleaseIdentifier[] ReadIdentifiers()
    {
        var mark = _identifiers.Mark;
        foreach (var el in Children())
        {
            if (el.SequenceEqual("identifier"u8))
            {
                _identifiers.Add(new ReleaseIdentifier(
                    Attr("type"u8),
                    Attr("description"u8),
                    NonEmpty(_x.GetAttribute("value"u8))));
                _x.Skip();
            }
            else
            {
                Unknown("identifiers");
            }
        }

        return _identifiers.Take(mark);
    }

    private Video[] ReadVideos()
    {
        var mark = _videos.Mark;
        foreach (var el in Children())
        {
            if (!el.SequenceEqual("video"u8))
            {
                Unknown("videos");
                continue;
            }

            var src = NonEmpty(_x.GetAttribute("src"u8));
            var duration = AttrInt32("duration"u8);
            var embed = Bool(_x.GetAttribute("embed"u8));
            string? title = null, description = null;
            _x.TryReadLeafText(Tags.Title, out title);
            _x.TryReadLeafText(Tags.Description, out description);
            foreach (var f in Children())
            {
                if (f.SequenceEqual("title"u8))
                {
                    title = Text();
                }
                else if (f.SequenceEqual("description"u8))
                {
                    description = Text();
                }
                else
                {
                    Unknown("video");
                }
            }

            _videos.Add(new Video(src, duration, embed, title, description));
        }

        return _videos.Take(mark);
    }

    private ReleaseCompany[] ReadCompanies()
    {
        var mark = _companies.Mark;
        foreach (var el in Children(Tags.Company))
        {
            if (!el.SequenceEqual("company"u8))
            {
                Unknown("companies");
                continue;
            }

            long? id = null;
            string? name = null, catno = null, type = null, typeName = null, url = null;
            _x.TryReadLeafInt64(Tags.Id, out id);
            id = Linked(id);
            _x.TryReadLeafText(Tags.Name, out name);
            _x.TryReadLeafText(Tags.CatalogNumber, out catno);
            _x.TryReadLeafText(Tags.EntityType, out type);
            _x.TryReadLeafText(Tags.EntityTypeName, out typeName);
            _x.TryReadLeafText(Tags.ResourceUrl, out url);
            foreach (var f in Children())
            {
                if (f.SequenceEqual("id"u8))
                {
                    id = Linked(Int64());
                }
                else if (f.SequenceEqual("name"u8))
                {
                    name = Text();
                }
                else if (f.SequenceEqual("catno"u8))
                {
                    catno = Text();
                }
                else if (f.SequenceEqual("entity_type"u8))
                {
                    type = Text();
                }
                else if (f.SequenceEqual("entity_type_name"u8))
                {
                    typeName = Text();
                }
                else if (f.SequenceEqual("resource_url"u8))
                {
                    url = Text();
                }
                else
                {
                    Unknown("company");
                }
            }

            _companies.Add(new ReleaseCompany(id, name, catno, type, typeName, url));
        }

        return _companies.Take(mark);
    }

    // The elements read in one step when they come in the dumps' usual order and form (text
    // elements), and the items of the dumps' lists of one kind of element (their start tags).
    private static class Tags
    {
        public static readonly ElementTags Id = new("id");
        public static readonly ElementTags Name = new("name");
        public static readonly ElementTags Anv = new("anv");
        public static readonly ElementTags Join = new("join");
        public static readonly ElementTags Role = new("role");
        public static readonly ElementTags Tracks = new("tracks");
        public static readonly ElementTags Position = new("position");
        public static readonly ElementTags Title = new("title");
        public static readonly ElementTags Duration = new("duration");
        public static readonly ElementTags CatalogNumber = new("catno");
        public static readonly ElementTags EntityType = new("entity_type");
        public static readonly ElementTags EntityTypeName = new("entity_type_name");
        public static readonly ElementTags ResourceUrl = new("resource_url");
        public static readonly ElementTags Description = new("description");
        public static readonly ElementTags Url = new("url");
        public static readonly ElementTags Genre = new("genre");
        public static readonly ElementTags Style = new("style");
        public static readonly ElementTags Artist = new("artist");
        public static readonly ElementTags Track = new("track");
        public static readonly ElementTags Company = new("company");
    }

    /// <summary>Enumerates child start tags of the current element; the body must consume each child.</summary>
    private readonly ref struct ChildEnumerator(XmlScanner x, ElementTags? expected)
    {
        private readonly XmlScanner _x = x;
        private readonly ElementTags? _expected = expected;
        private readonly int _depth = x.IsEmptyElement ? -1 : x.Depth;

        public ChildEnumerator GetEnumerator() => this;

        public ReadOnlySpan<byte> Current => _x.Name;

        public bool MoveNext()
        {
            if (_depth < 0)
            {
                return false;
            }

            if (_expected is not null && _x.TryReadStartTag(_expected))
            {
                return true;
            }

            while (true)
            {
                switch (_x.Read())
                {
                    case XmlToken.StartTag:
                        return true;
                    case XmlToken.EndTag when _x.Depth < _depth:
                        return false;
                    case XmlToken.EndOfFile:
                        return false;
                }
            }
        }
    }

    /// <summary>
    /// Collects the items of a list being read on a stack shared by every list of the same item
    /// type, then copies them out as an array of the exact size: no list object and no growing
    /// per list, and no allocation at all for an empty one.
    /// </summary>
    private sealed class Collector<T>
    {
        private T[] _items = new T[64];
        private int _count;

        /// <summary>Where the list now being read starts.</summary>
        public int Mark => _count;

        public void Add(T item)
        {
            if (_count == _items.Length)
            {
                Array.Resize(ref _items, _count * 2);
            }

            // The array is always exactly a T[] (made here), so the covariance check of a plain element store is not needed.
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_items), _count++) = item;
        }

        /// <summary>The items added since <paramref name="mark"/>, removed from the stack.</summary>
        public T[] Take(int mark)
        {
            var count = _count - mark;
            if (count == 0)
            {
                return [];
            }

            var items = _items.AsSpan(mark, count);
            var taken = items.ToArray();
            items.Clear();
            _count = mark;
            return taken;
        }
    }
}
