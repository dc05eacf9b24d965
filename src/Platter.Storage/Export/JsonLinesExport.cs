using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platter.Core;

namespace Platter.Storage.Export;

/// <summary>What one entity's export wrote.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Path">The file written.</param>
/// <param name="Records">Documents written (one a line).</param>
/// <param name="Bytes">Size of the file.</param>
public sealed record ExportedFile(EntityKind Entity, string Path, long Records, long Bytes);

/// <summary>Progress of an export: the entity, the records written so far and the entity's total.</summary>
public sealed record ExportProgress(EntityKind Entity, long Done, long Total);

/// <summary>
/// Writes the catalog as JSON lines: one file per entity, one document per record per line,
/// nested as the dump nests it (a release's tracks with their artists and sub-tracks, its formats
/// with their descriptions …), with the Discogs id as both <c>_id</c> and <c>id</c>, so that
/// <c>mongoimport</c> and DuckDB's <c>read_json</c> load the files as they are. Values derived at
/// import (the release date's parts, a quantity as a number, a video's YouTube id) are left out:
/// the documents hold what the dump holds; an empty or absent element is null.
/// </summary>
/// <remarks>
/// Streams: the main table and every child table are read in id order side by side (each child
/// table is keyed by its owner's id), so memory holds one record at a time whatever the size.
/// Each file is written beside its final name and renamed when complete.
/// </remarks>
public static class JsonLinesExport
{
    private static readonly JsonWriterOptions _writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Exports <paramref name="entities"/> (those the database holds) from the catalog <paramref name="database"/> names (see <see cref="CatalogStore.Read"/>) into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<ExportedFile> Run(string database, string folder, IReadOnlyCollection<EntityKind> entities, bool gzip, IProgress<ExportProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entities);
        Directory.CreateDirectory(folder);
        using var c = CatalogStore.Read(database);
        var files = new List<ExportedFile>();
        foreach (var entity in entities)
        {
            var main = CatalogSchema.MainTable(entity);
            if (!c.HasTable(main.Name))
            {
                continue;
            }

            var path = Path.Combine(folder, entity.Name() + (gzip ? ".jsonl.gz" : ".jsonl"));
            var temp = path + ".part";
            long records;
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var output = gzip ? new GZipStream(file, CompressionLevel.Fastest) : (Stream)file)
            {
                records = WriteEntity(c, entity, output, progress, ct);
            }

            File.Move(temp, path, overwrite: true);
            files.Add(new ExportedFile(entity, path, records, new FileInfo(path).Length));
        }

        return files;
    }

    private static long WriteEntity(ICatalogReader c, EntityKind entity, Stream output, IProgress<ExportProgress>? progress, CancellationToken ct)
    {
        var main = CatalogSchema.MainTable(entity);
        var children = CatalogSchema.TablesOf(entity).Skip(1).Where(t => c.HasTable(t.Name)).ToList();
        var total = c.CountRows(main.Name);

        var cursors = children.Select(t => new ChildCursor(c, t)).ToList();
        try
        {
            using var r = c.Query($"SELECT * FROM \"{main.Name}\" ORDER BY id");
            using var json = new Utf8JsonWriter(output, _writerOptions);
            long done = 0;
            var fields = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
            while (r.Read())
            {
                ct.ThrowIfCancellationRequested();
                var id = r.GetInt64(0);
                json.WriteStartObject();
                json.WriteNumber("_id", id);
                for (var i = 0; i < fields.Length; i++)
                {
                    if (!Derived(fields[i]))
                    {
                        WriteValue(json, fields[i], CatalogStore.Normalise(r.GetValue(i)) ?? DBNull.Value, Boolean(fields[i]));
                    }
                }

                var rowsOf = cursors.ToDictionary(k => k.Table.Name, k => k.RowsOf(id));
                Nest(json, rowsOf);
                json.WriteEndObject();
                json.Flush();
                json.Reset();
                output.WriteByte((byte)'\n');
                if (++done % 10_000 == 0)
                {
                    progress?.Report(new ExportProgress(entity, done, total));
                }
            }

            progress?.Report(new ExportProgress(entity, done, total));
            return done;
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor.Dispose();
            }
        }
    }

    /// <summary>The record's child rows as the dump nests them.</summary>
    private static void Nest(Utf8JsonWriter json, Dictionary<string, List<Row>> rows)
    {
        foreach (var (table, list) in rows)
        {
            switch (table)
            {
                case "release_format_description" or "release_track_artist":
                    continue; // written inside formats and tracks
                case "release_format":
                    json.WriteStartArray("formats");
                    foreach (var format in list)
                    {
                        json.WriteStartObject();
                        format.WriteFields(json);
                        json.WriteStartArray("descriptions");
                        foreach (var d in rows.GetValueOrDefault("release_format_description", []).Where(d => Equals(d["format_position"], format["position"])))
                        {
                            json.WriteStringValue((string?)d["description"]);
                        }

                        json.WriteEndArray();
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    continue;
                case "release_track":
                    WriteTracks(json, list, rows.GetValueOrDefault("release_track_artist", []), null);
                    continue;
            }

            json.WriteStartArray(PropertyOf(table));
            foreach (var row in list)
            {
                if (row.Single is { } name)
                {
                    json.WriteStringValue((string?)row[name]);
                }
                else
                {
                    json.WriteStartObject();
                    row.WriteFields(json);
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
        }
    }

    private static void WriteTracks(Utf8JsonWriter json, List<Row> tracks, List<Row> artists, long? parent)
    {
        json.WriteStartArray(parent is null ? "tracklist" : "sub_tracks");
        foreach (var t in tracks.Where(t => (t["parent_position"] as long?) == parent))
        {
            json.WriteStartObject();
            var position = (long)t["position"]!;
            json.WriteString("position", (string?)t["track_position"]);
            json.WriteString("title", (string?)t["title"]);
            json.WriteString("duration", (string?)t["duration"]);
            foreach (var (kind, property) in new[] { ("artist", "artists"), ("extraartist", "extraartists") })
            {
                var own = artists.Where(a => (long)a["track"]! == position && (string?)a["kind"] == kind).ToList();
                if (own.Count > 0)
                {
                    json.WriteStartArray(property);
                    foreach (var a in own)
                    {
                        json.WriteStartObject();
                        a.WriteFields(json, skip: ["track", "kind"]);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }
            }

            if (tracks.Any(s => (s["parent_position"] as long?) == position))
            {
                WriteTracks(json, tracks, artists, position);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The dump's element name for a child table's list.</summary>
    private static string PropertyOf(string table) => table switch
    {
        "artist_name_variation" => "namevariations",
        "artist_alias" => "aliases",
        "label_sublabel" => "sublabels",
        "release_credit" => "extraartists",
        "release_company" => "companies",
        "release_series" => "series",
        _ => table[(table.IndexOf('_', StringComparison.Ordinal) + 1)..] + "s",
    };

    /// <summary>Columns the import derives from others, not in the dump.</summary>
    private static bool Derived(string column) => column is "released_year" or "released_month" or "released_day" or "qty_int" or "youtube_id";

    private static bool Boolean(string column) => column is "is_main_release" or "embed";

    private static void WriteValue(Utf8JsonWriter json, string name, object value, bool boolean)
    {
        switch (value)
        {
            case DBNull:
                json.WriteNull(name);
                break;
            case long n when boolean:
                json.WriteBoolean(name, n != 0);
                break;
            case long n:
                json.WriteNumber(name, n);
                break;
            case double d:
                json.WriteNumber(name, d);
                break;
            default:
                json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>One child row: its columns by name, without the owner and its position (kept for nesting, not written).</summary>
    private sealed class Row(string[] names, object?[] values)
    {
        public object? this[string name] => values[Array.IndexOf(names, name)];

        /// <summary>For a list of plain names (genres, urls …): the one column to write as a string.</summary>
        public string? Single => names.Length == 3 && names[1] == "position" && names[2] is "genre" or "style" or "url" or "name" ? names[2] : null;

        public void WriteFields(Utf8JsonWriter json, string[]? skip = null)
        {
            for (var i = 1; i < names.Length; i++)
            {
                var n = names[i];
                if (n is "position" or "format_position" or "parent_position" || Derived(n) || (skip is not null && skip.Contains(n)))
                {
                    continue;
                }

                WriteValue(json, Rename(n), values[i] ?? DBNull.Value, Boolean(n));
            }
        }

        // The dump's names: a credit's artist is <id>, its join text <join>; a linked record's id is <id>.
        private static string Rename(string column) => column switch
        {
            "artist_id" or "alias_id" or "member_id" or "group_id" or "sublabel_id" or "label_id" or "company_id" => "id",
            "join_text" => "join",
            _ => column,
        };
    }

    /// <summary>A child table read in owner-id order alongside the main table.</summary>
    private sealed class ChildCursor : IDisposable
    {
        private readonly DbDataReader _reader;
        private readonly string[] _names;
        private bool _has;

        public ChildCursor(ICatalogReader c, TableDef table)
        {
            Table = table;
            _reader = c.Query($"SELECT * FROM \"{table.Name}\" ORDER BY {string.Join(", ", table.PrimaryKey)}");
            _names = Enumerable.Range(0, _reader.FieldCount).Select(_reader.GetName).ToArray();
            _has = _reader.Read();
        }

        public TableDef Table { get; }

        /// <summary>The rows of <paramref name="owner"/>; rows of owners the main table lacks are passed over.</summary>
        public List<Row> RowsOf(long owner)
        {
            var rows = new List<Row>();
            while (_has && _reader.GetInt64(0) <= owner)
            {
                if (_reader.GetInt64(0) == owner)
                {
                    var values = new object?[_names.Length];
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = CatalogStore.Normalise(_reader.GetValue(i));
                    }

                    rows.Add(new Row(_names, values));
                }

                _has = _reader.Read();
            }

            return rows;
        }

        public void Dispose() => _reader.Dispose();
    }
}
