using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Platter.Testing;

namespace Platter.Web.Tests;

/// <summary>
/// The collection's JSON is kept while the database is unchanged and made again after a write:
/// on a copy of the collection fixture's database, the second request is answered from the cache
/// with the same bytes, and after an item is deleted the next one counts one item fewer.
/// </summary>
public sealed class CollectionCacheTests(CollectionFixture fixture) : TempFolderTest, IClassFixture<CollectionFixture>
{
    [Fact]
    public async Task A_write_to_the_database_makes_the_next_answer_anew()
    {
        var db = Dir.File("copy.db");
        using (var source = new SqliteConnection($"Data Source={fixture.DatabasePath};Mode=ReadOnly;Pooling=False"))
        using (var copy = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            source.Open();
            copy.Open();
            source.BackupDatabase(copy);
        }

        var (site, address) = await TestSites.StartAsync(new SiteOptions { DatabasePath = db, Urls = ["http://127.0.0.1:0"] });
        try
        {
            using var http = new HttpClient { BaseAddress = address };
            var url = $"api/collection?user={CollectionFixture.User}";
            using var first = await http.GetAsync(url);
            using var second = await http.GetAsync(url);

            Assert.False(first.Headers.Contains("X-Platter-Cache"));
            Assert.Equal("hit", Assert.Single(second.Headers.GetValues("X-Platter-Cache")));
            Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/json; charset=utf-8", second.Content.Headers.ContentType!.ToString());
            Assert.Equal(CollectionFixture.Items, Items(await second.Content.ReadFromJsonAsync<JsonElement>()));

            using (var write = new SqliteConnection($"Data Source={db};Pooling=False"))
            {
                write.Open();
                using var delete = write.CreateCommand();
                delete.CommandText = "DELETE FROM collection_item WHERE username = $u AND instance_id = (SELECT max(instance_id) FROM collection_item WHERE username = $u)";
                delete.Parameters.AddWithValue("$u", CollectionFixture.User);
                Assert.Equal(1, delete.ExecuteNonQuery());
            }

            using var third = await http.GetAsync(url);
            Assert.False(third.Headers.Contains("X-Platter-Cache"));
            Assert.Equal(CollectionFixture.Items - 1, Items(await third.Content.ReadFromJsonAsync<JsonElement>()));

            // A problem (an unknown user) is never kept.
            using var unknown = await http.GetAsync("api/collection?user=nobody");
            using var again = await http.GetAsync("api/collection?user=nobody");
            Assert.False(again.IsSuccessStatusCode);
            Assert.False(again.Headers.Contains("X-Platter-Cache"));
        }
        finally
        {
            await TestSites.StopAsync(null, null, site);
        }
    }

    private static int Items(JsonElement dashboard) => dashboard.GetProperty("dashboard").GetProperty("summary").GetProperty("items").GetInt32();
}
