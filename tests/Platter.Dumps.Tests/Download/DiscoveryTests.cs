using Platter.Dumps.Download;
using Platter.Testing;

namespace Platter.Dumps.Tests.Download;

/// <summary>Discovery over the real legacy listing, cut off at chosen months to replay what a user saw then.</summary>
public sealed class DiscoveryTests
{
    private static readonly IReadOnlyList<DumpFile> _legacy = S3ListingParser.Parse(
        File.ReadAllText(Path.Combine(Fixtures.Dumps, "listings", "s3-listing-2008-2021.xml")), "s3").Files;

    private readonly List<string> _fetched = [];

    private static List<DumpFile> Until(string lastDate) => _legacy.Where(f => string.CompareOrdinal(f.DateToken, lastDate) <= 0).ToList();

    private static string Digest(string name) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    // A CHECKSUM file that lists the data files of its own date, as most do.
    private Task<ChecksumFile> SameDateChecksum(DumpFile checksum, CancellationToken ct)
    {
        _fetched.Add(checksum.FileName);
        var lines = _legacy.Where(f => !f.IsChecksum && f.DateToken == checksum.DateToken).Select(f => $"{Digest(f.FileName)}  {f.FileName}\n");
        return Task.FromResult(ChecksumFile.Parse(string.Concat(lines), checksum.Key));
    }

    private static IEnumerable<(string?, string, string)> Summary(DumpPlan plan) =>
        plan.Files.Select(p => (p.File.Entity, p.File.DateToken, p.Checksum.DateToken));

    [Fact]
    public async Task Latest_of_the_whole_legacy_listing_is_the_2021_06_01_set_checked_by_one_checksum_file()
    {
        var plan = await DumpDiscovery.PlanAsync(_legacy, DumpNames.Entities, null, SameDateChecksum, default);

        Assert.Equal(
            [("artists", "20210601", "20210601"), ("labels", "20210601", "20210601"), ("masters", "20210601", "20210601"), ("releases", "20210601", "20210601")],
            Summary(plan));
        Assert.Equal(["discogs_20210601_CHECKSUM.txt"], _fetched);
        Assert.Equal(Digest("discogs_20210601_releases.xml.gz"), plan.Files[3].ExpectedSha256);
        Assert.Empty(plan.Notes);
    }

    [Fact]
    public async Task June_2020_had_no_artists_or_labels_so_those_come_from_May()
    {
        var plan = await DumpDiscovery.PlanAsync(Until("20200630"), DumpNames.Entities, null, SameDateChecksum, default);

        Assert.Equal(
            [("artists", "20200501", "20200501"), ("labels", "20200501", "20200501"), ("masters", "20200601", "20200601"), ("releases", "20200601", "20200601")],
            Summary(plan));
    }

    [Fact]
    public async Task January_2013_releases_come_from_the_0103_set_and_masters_from_0101()
    {
        var plan = await DumpDiscovery.PlanAsync(Until("20130131"), DumpNames.Entities, null, SameDateChecksum, default);

        Assert.Equal(
            [("artists", "20121201", "20121201"), ("labels", "20121201", "20121201"), ("masters", "20130101", "20130101"), ("releases", "20130103", "20130103")],
            Summary(plan));
    }

    [Fact]
    public async Task October_2019_split_files_are_verified_against_the_later_checksum_of_the_month_that_lists_them()
    {
        var files = Until("20191031");
        var checksum1010 =
            $"{Digest("a")}  discogs_20191010_artists.xml.gz\n{Digest("l")}  discogs_20191010_labels.xml.gz\n" +
            $"{Digest("m")}  discogs_20191003_masters.xml.gz\n{Digest("r")}  discogs_20191003_releases.xml.gz\n";

        var plan = await DumpDiscovery.PlanAsync(
            files, DumpNames.Entities, null, (c, _) => Task.FromResult(ChecksumFile.Parse(checksum1010, c.Key)), default);

        Assert.Equal(
            [("artists", "20191010", "20191010"), ("labels", "20191010", "20191010"), ("masters", "20191003", "20191010"), ("releases", "20191003", "20191010")],
            Summary(plan));
        Assert.Equal(Digest("r"), plan.Files[3].ExpectedSha256);
    }

    [Fact]
    public async Task October_2019_files_no_checksum_lists_fall_back_per_entity_with_a_note()
    {
        var plan = await DumpDiscovery.PlanAsync(Until("20191031"), DumpNames.Entities, null, SameDateChecksum, default);

        Assert.Equal(
            [("artists", "20191010", "20191010"), ("labels", "20191010", "20191010"), ("masters", "20190901", "20190901"), ("releases", "20190901", "20190901")],
            Summary(plan));
        Assert.Equal(
            [
                "discogs_20191003_masters.xml.gz: no CHECKSUM file lists it yet (still being published?); taking an older masters file.",
                "discogs_20191003_releases.xml.gz: no CHECKSUM file lists it yet (still being published?); taking an older releases file.",
            ],
            plan.Notes);
    }

    [Fact]
    public async Task A_dump_whose_checksum_file_is_not_listed_yet_is_passed_over()
    {
        var files = _legacy.Where(f => f.Key != "data/2021/discogs_20210601_CHECKSUM.txt").ToList();

        var plan = await DumpDiscovery.PlanAsync(files, ["releases"], null, SameDateChecksum, default);

        Assert.Equal([("releases", "20210501", "20210501")], Summary(plan));
        Assert.Equal(["discogs_20210501_CHECKSUM.txt"], _fetched);
    }

    [Fact]
    public async Task An_explicit_date_without_a_checksum_is_an_error_not_a_pass()
    {
        var e = await Assert.ThrowsAsync<DumpException>(() => DumpDiscovery.PlanAsync(_legacy, ["releases"], "20191003", SameDateChecksum, default));

        Assert.Equal(DumpErrorKind.CannotVerify, e.Kind);
        Assert.StartsWith("No listed CHECKSUM file has a line for discogs_20191003_releases.xml.gz, so it cannot be verified and is not downloaded.", e.Message);
    }

    [Fact]
    public async Task An_explicit_date_missing_an_entity_says_so()
    {
        var e = await Assert.ThrowsAsync<DumpException>(() => DumpDiscovery.PlanAsync(_legacy, ["artists"], "20200601", SameDateChecksum, default));

        Assert.Equal(DumpErrorKind.NotFound, e.Kind);
        Assert.Equal("There is no artists file dated 20200601. Run 'platter dumps list --year 2020' to see the dates there are.", e.Message);
    }
}
