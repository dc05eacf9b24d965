using Microsoft.Data.Sqlite;
using Platter.Catalog;
using Platter.Testing;

namespace Platter.Index.Tests;

/// <summary>The bundled 2020 sample imported and indexed once, shared by a test class.</summary>
public sealed class SampleIndex : IDisposable
{
    private readonly TempFolder _folder = new("platter-index");

    public SampleIndex()
    {
        DatabasePath = _folder.File("catalog.db");
        new CatalogImporter(DatabasePath).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None).GetAwaiter().GetResult();
        Build = new IndexBuilder(DatabasePath).Build();
        Index = TagIndex.Open(DatabasePath);
    }

    public string DatabasePath { get; }

    public IndexBuildReport Build { get; }

    public TagIndex Index { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}

/// <summary>
/// The answers the tests expect, computed with plain SQL over the catalog tables, independently
/// of the index: a work is 'm' + master id (a master row, or the master a release names) or
/// 'r' + release id for a release without a master.
/// </summary>
internal sealed class CatalogSql : IDisposable
{
    private const string ReleaseWork = "CASE WHEN r.master_id IS NULL THEN 'r' || r.id ELSE 'm' || r.master_id END";
    private readonly SqliteConnection _c;

    public CatalogSql(string path)
    {
        _c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        _c.Open();
    }

    public void Dispose() => _c.Dispose();

    public HashSet<string> AllWorks() => Set($"SELECT 'm' || id FROM master UNION SELECT {ReleaseWork} FROM release r");

    /// <summary>(work, tag value) pairs of one kind, as SQL text to embed.</summary>
    public static string Pairs(TagKind kind) => kind switch
    {
        TagKind.Genre => $"SELECT 'm' || master_id AS work, genre AS tag FROM master_genre UNION SELECT {ReleaseWork}, g.genre FROM release_genre g JOIN release r ON r.id = g.release_id",
        TagKind.Style => $"SELECT 'm' || master_id AS work, style AS tag FROM master_style UNION SELECT {ReleaseWork}, s.style FROM release_style s JOIN release r ON r.id = s.release_id",
        TagKind.Country => $"SELECT {ReleaseWork} AS work, r.country AS tag FROM release r WHERE r.country IS NOT NULL",
        TagKind.Year => $"SELECT 'm' || id AS work, CAST(year AS TEXT) AS tag FROM master WHERE year BETWEEN 1000 AND 2999 UNION SELECT {ReleaseWork}, CAST(r.released_year AS TEXT) FROM release r WHERE r.released_year BETWEEN 1000 AND 2999",
        TagKind.Decade => $"SELECT 'm' || id AS work, (year / 10 * 10) || 's' AS tag FROM master WHERE year BETWEEN 1000 AND 2999 UNION SELECT {ReleaseWork}, (r.released_year / 10 * 10) || 's' FROM release r WHERE r.released_year BETWEEN 1000 AND 2999",
        TagKind.Format => $"SELECT {ReleaseWork} AS work, f.name AS tag FROM release_format f JOIN release r ON r.id = f.release_id WHERE f.name IS NOT NULL",
        TagKind.Label => $"SELECT {ReleaseWork} AS work, coalesce('#' || l.label_id, l.name) AS tag FROM release_label l JOIN release r ON r.id = l.release_id WHERE l.name IS NOT NULL",
        TagKind.Artist => $"SELECT 'm' || master_id AS work, coalesce('#' || artist_id, name) AS tag FROM master_artist WHERE name IS NOT NULL UNION SELECT {ReleaseWork}, coalesce('#' || a.artist_id, a.name) FROM release_artist a JOIN release r ON r.id = a.release_id WHERE a.name IS NOT NULL",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Works with the tag (an artist or label by '#id').</summary>
    public HashSet<string> WorksWith(TagKind kind, string tag) =>
        Set($"SELECT work FROM ({Pairs(kind)}) WHERE tag = $t", ("$t", tag));

    /// <summary>Distinct YouTube ids of the works given.</summary>
    public HashSet<string> VideosOf(IEnumerable<string> works)
    {
        var all = Set($"""
            SELECT 'm' || master_id || ' ' || youtube_id FROM master_video WHERE youtube_id IS NOT NULL
            UNION SELECT {ReleaseWork} || ' ' || v.youtube_id FROM release_video v JOIN release r ON r.id = v.release_id WHERE v.youtube_id IS NOT NULL
            """);
        var wanted = works.ToHashSet();
        return all.Select(s => s.Split(' ', 2)).Where(p => wanted.Contains(p[0])).Select(p => p[1]).ToHashSet();
    }

    /// <summary>(work, youtube id) pairs: one per video of each work.</summary>
    public int VideoPairs(IEnumerable<string> works)
    {
        var all = Set($"""
            SELECT 'm' || master_id || ' ' || youtube_id FROM master_video WHERE youtube_id IS NOT NULL
            UNION SELECT {ReleaseWork} || ' ' || v.youtube_id FROM release_video v JOIN release r ON r.id = v.release_id WHERE v.youtube_id IS NOT NULL
            """);
        var wanted = works.ToHashSet();
        return all.Count(s => wanted.Contains(s.Split(' ', 2)[0]));
    }

    public long Scalar(string sql, params (string, object)[] args)
    {
        using var cmd = _c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args)
        {
            cmd.Parameters.AddWithValue(n, v);
        }

        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public HashSet<string> Set(string sql, params (string, object)[] args)
    {
        using var cmd = _c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args)
        {
            cmd.Parameters.AddWithValue(n, v);
        }

        using var r = cmd.ExecuteReader();
        var set = new HashSet<string>();
        while (r.Read())
        {
            set.Add(r.GetString(0));
        }

        return set;
    }
}

internal static class IndexAnswers
{
    public static string Key(WorkItem w) => w.MasterId is long m ? "m" + m : "r" + w.ReleaseId;

    /// <summary>Every work of a result, page after page, in the order returned.</summary>
    public static List<WorkItem> AllWorks(TagIndex index, TagQuery query, QueryOptions? options = null)
    {
        options ??= new QueryOptions();
        var list = new List<WorkItem>();
        for (var offset = 0; ; offset += QueryOptions.MaxLimit)
        {
            var page = index.Query(query, options with { Offset = offset, Limit = QueryOptions.MaxLimit, FacetsPerKind = 0 });
            list.AddRange(page.Page);
            if (page.Page.Count < QueryOptions.MaxLimit)
            {
                return list;
            }
        }
    }
}
