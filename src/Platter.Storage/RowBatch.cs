using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Platter.Core;

namespace Platter.Storage;

/// <summary>
/// Records of one entity turned into the rows of their tables, with every text already in
/// UTF-8: what <see cref="EntityLoader"/> binds. An import fills a batch on the parsing thread
/// and the loader writes it on its own thread, so walking the records and transcoding their
/// texts happen on the core with time to spare instead of on the one SQLite keeps busy.
/// </summary>
public sealed class RowBatch
{
    // A row is its table's index in CatalogSchema.TablesOf(entity), then each column's value in
    // the table's column order: a tag (Null, Integer or Text), then 8 bytes for an integer, or a
    // 4-byte length and the UTF-8 bytes for a text.
    internal const byte Null = 0;
    internal const byte Integer = 1;
    internal const byte Text = 2;

    private byte[] _bytes;
    private int _length;
    private long[] _ids = new long[16];
    private int[] _ends = new int[16];

    /// <summary>Creates an empty batch for records of <paramref name="entity"/>.</summary>
    /// <param name="entity">The entity of the records it will hold.</param>
    /// <param name="capacity">Bytes to start with; the batch grows as needed.</param>
    public RowBatch(EntityKind entity, int capacity = 64 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Entity = entity;

        // Pinned: the loader binds texts where they lie, and they must not move under SQLite.
        _bytes = GC.AllocateUninitializedArray<byte>(capacity, pinned: true);
    }

    /// <summary>The entity of the records.</summary>
    public EntityKind Entity { get; }

    /// <summary>Records held.</summary>
    public int Count { get; private set; }

    /// <summary>The id of the record at <paramref name="index"/>.</summary>
    public long IdAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _ids[index];
    }

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        Count = 0;
        _length = 0;
    }

    /// <summary>Adds a record's rows.</summary>
    /// <exception cref="ArgumentException">The record is of another entity.</exception>
    public void Add(IDiscogsRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var start = _length;
        try
        {
            switch (record)
            {
                case Release r when Entity == EntityKind.Releases:
                    AddRelease(r);
                    break;
                case Master m when Entity == EntityKind.Masters:
                    AddMaster(m);
                    break;
                case Artist a when Entity == EntityKind.Artists:
                    AddArtist(a);
                    break;
                case Label l when Entity == EntityKind.Labels:
                    AddLabel(l);
                    break;
                default:
                    throw new ArgumentException($"a {record.GetType().Name} cannot be stored with the {Entity.Name()}", nameof(record));
            }
        }
        catch
        {
            // No half-written record: the next one starts where this one did.
            _length = start;
            throw;
        }

        if (Count == _ids.Length)
        {
            Array.Resize(ref _ids, Count * 2);
            Array.Resize(ref _ends, Count * 2);
        }

        _ids[Count] = record.Id;
        _ends[Count] = _length;
        Count++;
    }

    /// <summary>The encoded rows; a record's lie from <see cref="StartOf"/> to <see cref="EndOf"/>. Pinned: they never move.</summary>
    internal byte[] Bytes => _bytes;

    internal int StartOf(int index) => index == 0 ? 0 : _ends[index - 1];

    internal int EndOf(int index) => _ends[index];

    private void AddArtist(Artist a)
    {
        Row(Tables.Artist).Int(a.Id).Str(a.Name).Str(a.RealName).Str(a.Profile).Str(a.DataQuality);
        Images(Tables.ArtistImage, a.Id, a.Images);
        Texts(Tables.ArtistUrl, a.Id, a.Urls);
        Texts(Tables.ArtistNameVariation, a.Id, a.NameVariations);
        Refs(Tables.ArtistAlias, a.Id, a.Aliases);
        Refs(Tables.ArtistMember, a.Id, a.Members);
        Refs(Tables.ArtistGroup, a.Id, a.Groups);
    }

    private void AddLabel(Label l)
    {
        Row(Tables.Label).Int(l.Id).Str(l.Name).Str(l.ContactInfo).Str(l.Profile).Str(l.DataQuality).Int(l.ParentLabel?.Id).Str(l.ParentLabel?.Name);
        Images(Tables.LabelImage, l.Id, l.Images);
        Texts(Tables.LabelUrl, l.Id, l.Urls);
        Refs(Tables.LabelSublabel, l.Id, l.SubLabels);
    }

    private void AddMaster(Master m)
    {
        Row(Tables.Master).Int(m.Id).Int(m.MainRelease).Int(m.Year).Str(m.Title).Str(m.Notes).Str(m.DataQuality);
        Images(Tables.MasterImage, m.Id, m.Images);
        Credits(Tables.MasterArtist, m.Id, m.Artists);
        Texts(Tables.MasterGenre, m.Id, m.Genres);
        Texts(Tables.MasterStyle, m.Id, m.Styles);
        Videos(Tables.MasterVideo, m.Id, m.Videos);
    }

    private void AddRelease(Release r)
    {
        var date = DiscogsDate.Parse(r.Released);
        Row(Tables.Release).Int(r.Id).Str(r.Status).Str(r.Title).Str(r.Country).Str(r.Released)
            .Int(date.Year).Int(date.Month).Int(date.Day).Str(r.Notes).Str(r.DataQuality)
            .Int(r.MasterId).Int(r.IsMainRelease is { } main ? (main ? 1 : 0) : null);
        Images(Tables.ReleaseImage, r.Id, r.Images);
        Credits(Tables.ReleaseArtist, r.Id, r.Artists);
        Credits(Tables.ReleaseCredit, r.Id, r.ExtraArtists);
        Labels(Tables.ReleaseLabel, r.Id, r.Labels);
        Labels(Tables.ReleaseSeries, r.Id, r.Series);

        for (var i = 0; i < r.Formats.Count; i++)
        {
            var f = r.Formats[i];
            long? qty = long.TryParse(f.Quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var q) ? q : null;
            Row(Tables.ReleaseFormat).Int(r.Id).Int(i + 1).Str(f.Name).Str(f.Quantity).Int(qty).Str(f.Text);
            for (var j = 0; j < f.Descriptions.Count; j++)
            {
                Row(Tables.ReleaseFormatDescription).Int(r.Id).Int(i + 1).Int(j + 1).Str(f.Descriptions[j]);
            }
        }

        Texts(Tables.ReleaseGenre, r.Id, r.Genres);
        Texts(Tables.ReleaseStyle, r.Id, r.Styles);

        var position = 0;
        foreach (var t in r.Tracks)
        {
            var parent = ++position;
            Track(r.Id, t, parent, null);
            foreach (var sub in t.SubTracks)
            {
                Track(r.Id, sub, ++position, parent);
            }
        }

        for (var i = 0; i < r.Identifiers.Count; i++)
        {
            var x = r.Identifiers[i];
            Row(Tables.ReleaseIdentifier).Int(r.Id).Int(i + 1).Str(x.Type).Str(x.Description).Str(x.Value);
        }

        Videos(Tables.ReleaseVideo, r.Id, r.Videos);

        for (var i = 0; i < r.Companies.Count; i++)
        {
            var c = r.Companies[i];
            Row(Tables.ReleaseCompany).Int(r.Id).Int(i + 1).Int(c.CompanyId).Str(c.Name).Str(c.CatalogNumber).Str(c.EntityType).Str(c.EntityTypeName).Str(c.ResourceUrl);
        }
    }

    private void Track(long releaseId, Track t, int position, int? parent)
    {
        Row(Tables.ReleaseTrack).Int(releaseId).Int(position).Int(parent).Str(t.Position).Str(t.Title).Str(t.Duration);
        TrackCredits(releaseId, position, "artist", t.Artists);
        TrackCredits(releaseId, position, "extraartist", t.ExtraArtists);
    }

    private void TrackCredits(long releaseId, int track, string kind, IReadOnlyList<ArtistCredit> credits)
    {
        for (var i = 0; i < credits.Count; i++)
        {
            var c = credits[i];
            Row(Tables.ReleaseTrackArtist).Int(releaseId).Int(track).Str(kind).Int(i + 1).Int(c.ArtistId).Str(c.Name).Str(c.Anv).Str(c.Join).Str(c.Role).Str(c.Tracks);
        }
    }

    private void Credits(byte table, long owner, IReadOnlyList<ArtistCredit> credits)
    {
        for (var i = 0; i < credits.Count; i++)
        {
            var c = credits[i];
            Row(table).Int(owner).Int(i + 1).Int(c.ArtistId).Str(c.Name).Str(c.Anv).Str(c.Join).Str(c.Role).Str(c.Tracks);
        }
    }

    private void Images(byte table, long owner, IReadOnlyList<Image> images)
    {
        for (var i = 0; i < images.Count; i++)
        {
            var x = images[i];
            Row(table).Int(owner).Int(i + 1).Str(x.Type).Str(x.Uri).Str(x.Uri150).Int(x.Width).Int(x.Height);
        }
    }

    private void Texts(byte table, long owner, IReadOnlyList<string> texts)
    {
        for (var i = 0; i < texts.Count; i++)
        {
            Row(table).Int(owner).Int(i + 1).Str(texts[i]);
        }
    }

    private void Refs(byte table, long owner, IReadOnlyList<NamedRef> refs)
    {
        for (var i = 0; i < refs.Count; i++)
        {
            Row(table).Int(owner).Int(i + 1).Int(refs[i].Id).Str(refs[i].Name);
        }
    }

    private void Labels(byte table, long owner, IReadOnlyList<ReleaseLabel> labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            var l = labels[i];
            Row(table).Int(owner).Int(i + 1).Int(l.LabelId).Str(l.Name).Str(l.CatalogNumber);
        }
    }

    private void Videos(byte table, long owner, IReadOnlyList<Video> videos)
    {
        for (var i = 0; i < videos.Count; i++)
        {
            var v = videos[i];
            Row(table).Int(owner).Int(i + 1).Str(v.Src).Str(v.YoutubeId).Int(v.Duration).Int(v.Embed is { } e ? (e ? 1 : 0) : null).Str(v.Title).Str(v.Description);
        }
    }

    private RowBatch Row(byte table)
    {
        Reserve(1);
        _bytes[_length++] = table;
        return this;
    }

    private RowBatch Int(long? value)
    {
        if (value is not { } v)
        {
            Reserve(1);
            _bytes[_length++] = Null;
            return this;
        }

        Reserve(1 + sizeof(long));
        _bytes[_length] = Integer;
        Unsafe.WriteUnaligned(ref _bytes[_length + 1], v);
        _length += 1 + sizeof(long);
        return this;
    }

    private RowBatch Str(string? value)
    {
        if (value is null)
        {
            Reserve(1);
            _bytes[_length++] = Null;
            return this;
        }

        // Three bytes per UTF-16 unit is UTF-8's worst case (surrogate pairs take four for two).
        var worst = checked(value.Length * 3);
        Reserve(1 + sizeof(int) + worst);
        var n = Encoding.UTF8.GetBytes(value, _bytes.AsSpan(_length + 1 + sizeof(int), worst));
        _bytes[_length] = Text;
        Unsafe.WriteUnaligned(ref _bytes[_length + 1], n);
        _length += 1 + sizeof(int) + n;
        return this;
    }

    private void Reserve(int bytes)
    {
        if (bytes <= _bytes.Length - _length)
        {
            return;
        }

        var larger = GC.AllocateUninitializedArray<byte>(Math.Max(checked(_length + bytes), checked(_bytes.Length * 2)), pinned: true);
        _bytes.AsSpan(0, _length).CopyTo(larger);
        _bytes = larger;
    }

    /// <summary>Each table's index among its entity's tables, the byte that starts its rows.</summary>
    private static class Tables
    {
        public static readonly byte Artist = Of("artist");
        public static readonly byte ArtistImage = Of("artist_image");
        public static readonly byte ArtistUrl = Of("artist_url");
        public static readonly byte ArtistNameVariation = Of("artist_name_variation");
        public static readonly byte ArtistAlias = Of("artist_alias");
        public static readonly byte ArtistMember = Of("artist_member");
        public static readonly byte ArtistGroup = Of("artist_group");
        public static readonly byte Label = Of("label");
        public static readonly byte LabelImage = Of("label_image");
        public static readonly byte LabelUrl = Of("label_url");
        public static readonly byte LabelSublabel = Of("label_sublabel");
        public static readonly byte Master = Of("master");
        public static readonly byte MasterImage = Of("master_image");
        public static readonly byte MasterArtist = Of("master_artist");
        public static readonly byte MasterGenre = Of("master_genre");
        public static readonly byte MasterStyle = Of("master_style");
        public static readonly byte MasterVideo = Of("master_video");
        public static readonly byte Release = Of("release");
        public static readonly byte ReleaseImage = Of("release_image");
        public static readonly byte ReleaseArtist = Of("release_artist");
        public static readonly byte ReleaseCredit = Of("release_credit");
        public static readonly byte ReleaseLabel = Of("release_label");
        public static readonly byte ReleaseSeries = Of("release_series");
        public static readonly byte ReleaseFormat = Of("release_format");
        public static readonly byte ReleaseFormatDescription = Of("release_format_description");
        public static readonly byte ReleaseGenre = Of("release_genre");
        public static readonly byte ReleaseStyle = Of("release_style");
        public static readonly byte ReleaseTrack = Of("release_track");
        public static readonly byte ReleaseTrackArtist = Of("release_track_artist");
        public static readonly byte ReleaseIdentifier = Of("release_identifier");
        public static readonly byte ReleaseVideo = Of("release_video");
        public static readonly byte ReleaseCompany = Of("release_company");

        private static byte Of(string name)
        {
            var def = CatalogSchema.Tables.Single(t => t.Name == name);
            return (byte)CatalogSchema.TablesOf(def.Entity).ToList().IndexOf(def);
        }
    }
}
