using Microsoft.Data.Sqlite;
using Platter.Catalog;
using Platter.Testing;

namespace Platter.Index.Tests;

public sealed class RebuildTests : TempFolderTest
{
    private string Db => Dir.File("catalog.db");

    [Fact]
    public async Task A_loaded_index_keeps_answering_while_newer_ones_are_built()
    {
        await new CatalogImporter(Db).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);
        var first = new IndexBuilder(Db).Build();
        var old = TagIndex.Open(Db);
        var before = IndexAnswers.AllWorks(old, old.Parse(["style:Techno"])).Select(IndexAnswers.Key).ToList();

        var second = new IndexBuilder(Db) { Parallel = false }.Build();
        Assert.Equal(first.Generation + 1, second.Generation);
        Assert.Equal(second.Generation, TagIndex.CurrentGeneration(Db));

        // The generation a reader holds is kept until the build after next.
        Assert.Equal(before, IndexAnswers.AllWorks(old, old.Parse(["style:Techno"])).Select(IndexAnswers.Key).ToList());
        var fresh = TagIndex.Open(Db);
        Assert.Equal(before, IndexAnswers.AllWorks(fresh, fresh.Parse(["style:Techno"])).Select(IndexAnswers.Key).ToList());

        new IndexBuilder(Db).Build();
        Assert.Equal(["tagidx2_work", "tagidx3_work"], Tables("tagidx%_work"));
        Assert.Throws<SqliteException>(() => old.Query(old.Parse(["style:Techno"])));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Single_threaded_and_parallel_builds_write_the_same_index()
    {
        await new CatalogImporter(Db).ImportAsync([Fixtures.Sample2020], null, CancellationToken.None);
        new IndexBuilder(Db) { Parallel = false }.Build();
        var a = Dump(1);
        new IndexBuilder(Db) { Parallel = true }.Build();
        Assert.Equal(a, Dump(2));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_catalog_import_after_the_build_marks_the_index_stale()
    {
        await new CatalogImporter(Db).ImportAsync([Fixtures.SampleFile("masters")], null, CancellationToken.None);
        new IndexBuilder(Db).Build();
        Assert.False(TagIndex.Open(Db).Info.Stale);
        await new CatalogImporter(Db).ImportAsync([Fixtures.SampleFile("releases")], null, CancellationToken.None);
        Assert.True(TagIndex.Open(Db).Info.Stale);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Opening_a_database_without_an_index_says_what_to_run()
    {
        Assert.Equal(
            $"The database {Db} does not exist. Import the catalog first: platter import --db {Db} DUMPS",
            Assert.Throws<IndexException>(() => TagIndex.Open(Db)).Message);
        await new CatalogImporter(Db).ImportAsync([Fixtures.SampleFile("labels")], null, CancellationToken.None);
        Assert.Equal(
            $"The database {Db} has no tag index yet. Build it with: platter index --db {Db}",
            Assert.Throws<IndexException>(() => TagIndex.Open(Db)).Message);
        Assert.Equal(
            $"The database {Db} holds no releases or masters. Import the catalog first: platter import --db {Db} DUMPS",
            Assert.Throws<IndexException>(() => new IndexBuilder(Db).Build()).Message);
        SqliteConnection.ClearAllPools();
    }

    private List<string> Tables(string like)
    {
        using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE $l ORDER BY name";
        cmd.Parameters.AddWithValue("$l", like);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    private string Dump(long g)
    {
        using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        c.Open();
        var sb = new System.Text.StringBuilder();
        foreach (var (t, order) in new[] { ("work", "ordinal"), ("video", "ordinal, position"), ("tag", "id"), ("word", "word, tag_id"), ("prefix", "prefix") })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM tagidx{g}_{t} ORDER BY {order}";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                for (var i = 0; i < r.FieldCount; i++)
                {
                    var v = r.GetValue(i);
                    sb.Append(v is byte[] b ? Convert.ToHexString(b) : v.ToString()).Append('|');
                }

                sb.Append('\n');
            }
        }

        return sb.ToString();
    }
}
