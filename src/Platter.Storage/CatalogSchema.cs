using Platter.Core;

namespace Platter.Storage;

/// <summary>A column of a catalog table.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">SQL type: INTEGER or TEXT.</param>
public sealed record ColumnDef(string Name, string Type);

/// <summary>A catalog table: one row per occurrence of the thing it names, keyed by its parent id and position.</summary>
/// <param name="Name">Table name (part of the contract: later features query it).</param>
/// <param name="Entity">The entity whose import fills it.</param>
/// <param name="Columns">Columns in insert order; the first is the owning record's id.</param>
/// <param name="PrimaryKey">Primary-key columns.</param>
public sealed record TableDef(string Name, EntityKind Entity, IReadOnlyList<ColumnDef> Columns, IReadOnlyList<string> PrimaryKey)
{
    /// <summary>The column holding the owning record's id.</summary>
    public string OwnerColumn => Columns[0].Name;
}

/// <summary>An index the later features need (by master, artist, label, genre, style, year, country).</summary>
/// <param name="Table">The table.</param>
/// <param name="Columns">Indexed columns.</param>
public sealed record IndexDef(string Table, params string[] Columns);

/// <summary>
/// The one schema of the catalog. Every element and attribute of the dumps has a column; child
/// tables are <c>WITHOUT ROWID</c> tables keyed by (owner id, position) so rows stay in document
/// order, inserts in ascending id order append, and a record's rows are found by its id.
/// </summary>
public static class CatalogSchema
{
    private const string I = "INTEGER";
    private const string T = "TEXT";

    /// <summary>Every catalog table, grouped by entity, parents first.</summary>
    public static IReadOnlyList<TableDef> Tables { get; } =
    [
        Table(EntityKind.Artists, "artist", ["id"], ("id", I), ("name", T), ("realname", T), ("profile", T), ("data_quality", T)),
        Table(EntityKind.Artists, "artist_image", ["artist_id", "position"], ("artist_id", I), ("position", I), ("type", T), ("uri", T), ("uri150", T), ("width", I), ("height", I)),
        Table(EntityKind.Artists, "artist_url", ["artist_id", "position"], ("artist_id", I), ("position", I), ("url", T)),
        Table(EntityKind.Artists, "artist_name_variation", ["artist_id", "position"], ("artist_id", I), ("position", I), ("name", T)),
        Table(EntityKind.Artists, "artist_alias", ["artist_id", "position"], ("artist_id", I), ("position", I), ("alias_id", I), ("name", T)),
        Table(EntityKind.Artists, "artist_member", ["artist_id", "position"], ("artist_id", I), ("position", I), ("member_id", I), ("name", T)),
        Table(EntityKind.Artists, "artist_group", ["artist_id", "position"], ("artist_id", I), ("position", I), ("group_id", I), ("name", T)),

        Table(EntityKind.Labels, "label", ["id"], ("id", I), ("name", T), ("contactinfo", T), ("profile", T), ("data_quality", T), ("parent_label_id", I), ("parent_label_name", T)),
        Table(EntityKind.Labels, "label_image", ["label_id", "position"], ("label_id", I), ("position", I), ("type", T), ("uri", T), ("uri150", T), ("width", I), ("height", I)),
        Table(EntityKind.Labels, "label_url", ["label_id", "position"], ("label_id", I), ("position", I), ("url", T)),
        Table(EntityKind.Labels, "label_sublabel", ["label_id", "position"], ("label_id", I), ("position", I), ("sublabel_id", I), ("name", T)),

        Table(EntityKind.Masters, "master", ["id"], ("id", I), ("main_release", I), ("year", I), ("title", T), ("notes", T), ("data_quality", T)),
        Table(EntityKind.Masters, "master_image", ["master_id", "position"], ("master_id", I), ("position", I), ("type", T), ("uri", T), ("uri150", T), ("width", I), ("height", I)),
        Table(EntityKind.Masters, "master_artist", ["master_id", "position"], Credit("master_id")),
        Table(EntityKind.Masters, "master_genre", ["master_id", "position"], ("master_id", I), ("position", I), ("genre", T)),
        Table(EntityKind.Masters, "master_style", ["master_id", "position"], ("master_id", I), ("position", I), ("style", T)),
        Table(EntityKind.Masters, "master_video", ["master_id", "position"], Video("master_id")),

        Table(EntityKind.Releases, "release", ["id"], ("id", I), ("status", T), ("title", T), ("country", T), ("released", T), ("released_year", I), ("released_month", I), ("released_day", I), ("notes", T), ("data_quality", T), ("master_id", I), ("is_main_release", I)),
        Table(EntityKind.Releases, "release_image", ["release_id", "position"], ("release_id", I), ("position", I), ("type", T), ("uri", T), ("uri150", T), ("width", I), ("height", I)),
        Table(EntityKind.Releases, "release_artist", ["release_id", "position"], Credit("release_id")),
        Table(EntityKind.Releases, "release_credit", ["release_id", "position"], Credit("release_id")),
        Table(EntityKind.Releases, "release_label", ["release_id", "position"], ("release_id", I), ("position", I), ("label_id", I), ("name", T), ("catno", T)),
        Table(EntityKind.Releases, "release_series", ["release_id", "position"], ("release_id", I), ("position", I), ("label_id", I), ("name", T), ("catno", T)),
        Table(EntityKind.Releases, "release_format", ["release_id", "position"], ("release_id", I), ("position", I), ("name", T), ("qty", T), ("qty_int", I), ("text", T)),
        Table(EntityKind.Releases, "release_format_description", ["release_id", "format_position", "position"], ("release_id", I), ("format_position", I), ("position", I), ("description", T)),
        Table(EntityKind.Releases, "release_genre", ["release_id", "position"], ("release_id", I), ("position", I), ("genre", T)),
        Table(EntityKind.Releases, "release_style", ["release_id", "position"], ("release_id", I), ("position", I), ("style", T)),
        Table(EntityKind.Releases, "release_track", ["release_id", "position"], ("release_id", I), ("position", I), ("parent_position", I), ("track_position", T), ("title", T), ("duration", T)),
        Table(EntityKind.Releases, "release_track_artist", ["release_id", "track", "kind", "position"], ("release_id", I), ("track", I), ("kind", T), ("position", I), ("artist_id", I), ("name", T), ("anv", T), ("join_text", T), ("role", T), ("tracks", T)),
        Table(EntityKind.Releases, "release_identifier", ["release_id", "position"], ("release_id", I), ("position", I), ("type", T), ("description", T), ("value", T)),
        Table(EntityKind.Releases, "release_video", ["release_id", "position"], Video("release_id")),
        Table(EntityKind.Releases, "release_company", ["release_id", "position"], ("release_id", I), ("position", I), ("company_id", I), ("name", T), ("catno", T), ("entity_type", T), ("entity_type_name", T), ("resource_url", T)),
    ];

    /// <summary>Indexes created after a load, before the new data becomes visible.</summary>
    public static IReadOnlyList<IndexDef> Indexes { get; } =
    [
        new("artist", "name"),
        new("artist_alias", "alias_id"),
        new("artist_member", "member_id"),
        new("artist_group", "group_id"),
        new("label", "parent_label_id"),
        new("label_sublabel", "sublabel_id"),
        new("master", "year"),
        new("master", "main_release"),
        new("master_artist", "artist_id"),
        new("master_genre", "genre"),
        new("master_style", "style"),
        new("release", "master_id"),
        new("release", "released_year"),
        new("release", "country"),
        new("release_artist", "artist_id"),
        new("release_credit", "artist_id"),
        new("release_track_artist", "artist_id"),
        new("release_label", "label_id"),
        new("release_company", "company_id"),
        new("release_genre", "genre"),
        new("release_style", "style"),
    ];

    /// <summary>The tables one entity's import fills.</summary>
    public static IEnumerable<TableDef> TablesOf(EntityKind entity) => Tables.Where(t => t.Entity == entity);

    /// <summary>The main table of an entity (<c>release</c> for releases).</summary>
    public static TableDef MainTable(EntityKind entity) => TablesOf(entity).First();

    private static TableDef Table(EntityKind entity, string name, string[] key, params (string Name, string Type)[] columns) =>
        new(name, entity, columns.Select(c => new ColumnDef(c.Name, c.Type)).ToArray(), key);

    private static (string, string)[] Credit(string owner) =>
        [(owner, I), ("position", I), ("artist_id", I), ("name", T), ("anv", T), ("join_text", T), ("role", T), ("tracks", T)];

    private static (string, string)[] Video(string owner) =>
        [(owner, I), ("position", I), ("src", T), ("youtube_id", T), ("duration", I), ("embed", I), ("title", T), ("description", T)];
}
