using Platter.Dumps.Download;
using Platter.Testing;

namespace Platter.Dumps.Tests.Download;

public sealed class ListingParserTests
{
    private static string Listing(string name) => File.ReadAllText(Path.Combine(Fixtures.Dumps, "listings", name));

    [Fact]
    public void Root_page_lists_the_year_folders()
    {
        Assert.Equal([2008, 2025, 2026], HtmlIndexParser.ParseYears(Listing("index.html"), "https://data.discogs.com/"));
    }

    [Fact]
    public void Year_page_2026_has_the_five_files_with_keys_from_the_href_and_sizes_as_shown()
    {
        var files = HtmlIndexParser.ParseYearPage(Listing("data-2026.html"), "https://data.discogs.com/?prefix=data%2F2026%2F");

        Assert.Equal(
            [
                ("data/2026/discogs_20260701_CHECKSUM.txt", (string?)null, "388 B"),
                ("data/2026/discogs_20260701_artists.xml.gz", "artists", "469.6 MB"),
                ("data/2026/discogs_20260701_labels.xml.gz", "labels", "85.4 MB"),
                ("data/2026/discogs_20260701_masters.xml.gz", "masters", "589.5 MB"),
                ("data/2026/discogs_20260701_releases.xml.gz", "releases", "10.4 GB"),
            ],
            files.Select(f => (f.Key, f.Entity, f.SizeText)));
        Assert.All(files, f => Assert.Equal("20260701", f.DateToken));
        Assert.All(files, f => Assert.Null(f.Size));
        Assert.Equal(new DateTime(2026, 7, 1, 19, 16, 59), files[4].LastModified);
        Assert.Equal(new DateOnly(2026, 7, 1), files[4].Date);
    }

    [Fact]
    public void S3_listing_has_710_keys_of_which_552_data_files_and_149_checksum_files()
    {
        var page = S3ListingParser.Parse(Listing("s3-listing-2008-2021.xml"), "https://discogs-data.s3-us-west-2.amazonaws.com/");

        Assert.Equal(710, page.KeyCount);
        Assert.Equal(552, page.Files.Count(f => !f.IsChecksum));
        Assert.Equal(149, page.Files.Count(f => f.IsChecksum));
        Assert.Equal(150, page.Files.Select(f => f.DateToken).Distinct().Count());
        Assert.False(page.IsTruncated);
        Assert.Equal("list.js", page.NextMarker);
        var releases = Assert.Single(page.Files, f => f.Key == "data/2021/discogs_20210601_releases.xml.gz");
        Assert.Equal(9_855_117_456, releases.Size);
        Assert.Equal("9.2 GB", releases.SizeText);
        Assert.Equal(new DateTime(2021, 6, 4, 16, 43, 50, DateTimeKind.Utc), releases.LastModified);
        var first = Assert.Single(page.Files, f => f.Key == "data/2008/discogs_20080309_CHECKSUM.txt");
        Assert.Equal(294, first.Size);
    }

    [Fact]
    public void S3_listing_paging_fields_are_read()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Contents><Key>data/2021/discogs_20210601_artists.xml.gz</Key><Size>367422614</Size></Contents>
              <Contents><Key>data/2021/discogs_20210601_labels.xml.gz</Key><Size>61758922</Size></Contents>
              <IsTruncated>true</IsTruncated><Marker></Marker><MaxKeys>2</MaxKeys>
            </ListBucketResult>
            """;

        var page = S3ListingParser.Parse(xml, "http://mirror/");

        Assert.True(page.IsTruncated);
        Assert.Equal("data/2021/discogs_20210601_labels.xml.gz", page.NextMarker);
        Assert.Equal(2, page.Files.Count);
    }

    [Fact]
    public void S3_access_denied_document_is_an_access_denied_error_naming_the_url()
    {
        const string xml = """<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>X</RequestId></Error>""";

        var e = Assert.Throws<DumpException>(() => S3ListingParser.Parse(xml, "https://discogs-data-dumps.s3.us-west-2.amazonaws.com/"));

        Assert.Equal(DumpErrorKind.AccessDenied, e.Kind);
        Assert.StartsWith("https://discogs-data-dumps.s3.us-west-2.amazonaws.com/ answered with the S3 error AccessDenied: Access Denied.", e.Message);
    }

    [Fact]
    public void An_html_error_page_where_a_listing_was_expected_is_refused()
    {
        var e = Assert.Throws<DumpException>(() => HtmlIndexParser.ParseYearPage("<!DOCTYPE html><html><body><h1>Access Denied</h1></body></html>", "http://x/?prefix=data%2F2026%2F"));

        Assert.Equal(DumpErrorKind.UnexpectedContent, e.Kind);
        Assert.StartsWith("http://x/?prefix=data%2F2026%2F did not return a dump listing (it starts with \"<!DOCTYPE html><html><body><h1>Access Denied</h1></body></html>\").", e.Message);
    }

    [Theory]
    [InlineData("data%2F2026%2F..%2F..%2Fdiscogs_20260701_artists.xml.gz", "data/2026/../../discogs_20260701_artists.xml.gz")]
    [InlineData("%2Fetc%2Fdiscogs_20260701_artists.xml.gz", "/etc/discogs_20260701_artists.xml.gz")]
    [InlineData("data%2F2026%2F..%5Cdiscogs_20260701_artists.xml.gz", "data/2026/..\\discogs_20260701_artists.xml.gz")]
    public void A_key_that_climbs_out_of_the_folder_is_refused(string href, string key)
    {
        var page = Listing("data-2026.html").Replace("data%2F2026%2Fdiscogs_20260701_artists.xml.gz", href, StringComparison.Ordinal);

        var e = Assert.Throws<DumpException>(() => HtmlIndexParser.ParseYearPage(page, "http://x/?prefix=data%2F2026%2F"));

        Assert.Equal(DumpErrorKind.UnsafeKey, e.Kind);
        Assert.Equal(
            $"The listing at http://x/?prefix=data%2F2026%2F offers the key '{key}', which would write outside the download folder. " +
            "Nothing was downloaded. Check that --source / PLATTER_SOURCE points at a Discogs dump site.",
            e.Message);
    }

    [Theory]
    [InlineData(388, "388 B")]
    [InlineData(161_592_305, "154.1 MB")]
    [InlineData(11_099_074_063, "10.3 GB")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KB")]
    public void Sizes_are_shown_in_binary_units_with_one_decimal(long bytes, string shown)
    {
        Assert.Equal(shown, ByteSize.Format(bytes));
    }
}
