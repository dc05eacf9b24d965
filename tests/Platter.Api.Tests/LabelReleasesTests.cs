using Platter.Api;
using Platter.Testing;

namespace Platter.Api.Tests;

/// <summary>
/// Responses the recordings lack (label releases, an empty object for a release), written to a
/// fixtures folder of this test's own in the recorded shape.
/// </summary>
public sealed class LabelReleasesTests : ApiTest, IDisposable
{
    private readonly string _fixtures = Fixtures.NewTempDir("platter-api-fixtures");

    protected override FakeDiscogsApiOptions FakeOptions => new() { FixturesDirectory = _fixtures };

    public void Dispose() => Directory.Delete(_fixtures, recursive: true);

    [Fact]
    public async Task Label_releases_come_page_by_page_with_their_fields()
    {
        Write("labels/1/releases/page=1&per_page=2.json", """
            {"pagination": {"page": 1, "pages": 2, "items": 3, "per_page": 2, "urls": {"next": "/labels/1/releases?page=2&per_page=2", "last": "/labels/1/releases?page=2&per_page=2"}},
             "releases": [{"id": 2446, "title": "Innerzone Orchestra", "artist": "Innerzone Orchestra", "catno": "PE65228", "format": "12\"", "year": 1996, "status": "Accepted", "thumb": "", "resource_url": "/releases/2446"},
                          {"id": 2447, "title": "Bug In The Bass Bin", "artist": "Innerzone Orchestra", "catno": "PE65229", "format": "12\"", "status": "Accepted", "resource_url": "/releases/2447"}]}
            """);
        Write("labels/1/releases/page=2&per_page=2.json", """
            {"pagination": {"page": 2, "pages": 2, "items": 3, "per_page": 2, "urls": {"first": "/labels/1/releases?page=1&per_page=2", "prev": "/labels/1/releases?page=1&per_page=2"}},
             "releases": [{"id": 3000, "title": "Programmed", "artist": "Innerzone Orchestra", "catno": "PE 65246-2", "format": "CD, Album", "year": 1999, "status": "Accepted", "resource_url": "/releases/3000", "unknown_field": {"nested": [1, 2]}}]}
            """);
        using var client = Client(null, o => o.PageSize = 2);

        var releases = await ToListAsync(client.Labels.GetReleasesAsync(1, CancellationToken.None));

        Assert.Equal([2446, 2447, 3000], releases.Select(r => r.Id));
        Assert.Equal(("Bug In The Bass Bin", "PE65229", null), (releases[1].Title, releases[1].Catno, releases[1].Year));
        Assert.Equal(("CD, Album", 1999, "Innerzone Orchestra"), (releases[2].Format, releases[2].Year, releases[2].Artist));
        Assert.Equal(
            ["/labels/1/releases?page=1&per_page=2", "/labels/1/releases?page=2&per_page=2"],
            Fake.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task An_empty_object_reads_as_a_release_with_nothing_in_it()
    {
        Write("releases/5.json", "{}");
        using var client = Client();

        var release = await client.Releases.GetAsync(5, CancellationToken.None);

        Assert.Equal((0, "", null), (release.Id, release.Title, release.MasterId));
        Assert.Empty(release.Tracklist);
        Assert.Empty(release.Artists);
    }

    [Fact]
    public async Task Explicit_nulls_read_as_empty_text_and_lists()
    {
        Write("releases/6.json", """{"id": 6, "title": null, "tracklist": null, "formats": [{"name": "CD", "qty": 1, "descriptions": null}]}""");
        using var client = Client();

        var release = await client.Releases.GetAsync(6, CancellationToken.None);

        Assert.Equal((6, ""), (release.Id, release.Title));
        Assert.Empty(release.Tracklist);
        Assert.Equal(("CD", "1"), (release.Formats[0].Name, release.Formats[0].Qty));
        Assert.Empty(release.Formats[0].Descriptions);
    }

    private void Write(string relative, string json)
    {
        var path = Path.Combine(_fixtures, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
    }
}
