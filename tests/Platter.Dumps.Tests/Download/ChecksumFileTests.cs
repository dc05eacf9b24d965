using Platter.Dumps.Download;

namespace Platter.Dumps.Tests.Download;

public sealed class ChecksumFileTests
{
    [Fact]
    public void Binary_mode_lines_of_the_2008_03_09_dump_are_read()
    {
        const string text =
            "8c40390a3e07b60e4eaa51dfb665a20a41a5ffc337644fb4420c6adea8ed8f50 *discogs_20080309_artists.xml.gz\n" +
            "36772fdcfd019c995fb16f0020a8876df96f522f76de1acfa632299255664e59 *discogs_20080309_labels.xml.gz\n" +
            "e0e22f8501c2013eda69071a16e35ff785c0a135dee009fe2b67349f907709eb *discogs_20080309_releases.xml.gz\n";

        var file = ChecksumFile.Parse(text, "discogs_20080309_CHECKSUM.txt");

        Assert.Equal(3, file.Digests.Count);
        Assert.Equal("36772fdcfd019c995fb16f0020a8876df96f522f76de1acfa632299255664e59", file.Expect("discogs_20080309_labels.xml.gz"));
        Assert.Equal("e0e22f8501c2013eda69071a16e35ff785c0a135dee009fe2b67349f907709eb", file.Expect("discogs_20080309_releases.xml.gz"));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("  ")]
    [InlineData("\t")]
    public void Text_mode_separators_and_upper_case_digests_are_read(string separator)
    {
        var text = $"8C40390A3E07B60E4EAA51DFB665A20A41A5FFC337644FB4420C6ADEA8ED8F50{separator}discogs_20260701_artists.xml.gz\r\n\r\n";

        var file = ChecksumFile.Parse(text, "c");

        Assert.Equal("8c40390a3e07b60e4eaa51dfb665a20a41a5ffc337644fb4420c6adea8ed8f50", file.Expect("discogs_20260701_artists.xml.gz"));
        Assert.Single(file.Digests);
    }

    [Fact]
    public void A_folder_in_the_name_is_dropped()
    {
        var file = ChecksumFile.Parse("8c40390a3e07b60e4eaa51dfb665a20a41a5ffc337644fb4420c6adea8ed8f50 *data/2026/discogs_20260701_artists.xml.gz", "c");

        Assert.Equal(["discogs_20260701_artists.xml.gz"], file.Digests.Keys);
    }

    [Fact]
    public void An_empty_checksum_file_cannot_verify_anything()
    {
        var file = ChecksumFile.Parse("", "http://x/?download=data%2F2013%2Fdiscogs_20131001_CHECKSUM.txt");

        var e = Assert.Throws<DumpException>(() => file.Expect("discogs_20131001_releases.xml.gz"));

        Assert.Equal(DumpErrorKind.CannotVerify, e.Kind);
        Assert.Equal(
            "http://x/?download=data%2F2013%2Fdiscogs_20131001_CHECKSUM.txt is empty, so discogs_20131001_releases.xml.gz cannot be verified. " +
            "Nothing was downloaded; try a different date (platter dumps list).",
            e.Message);
    }

    [Fact]
    public void A_missing_line_cannot_verify_the_file()
    {
        var file = ChecksumFile.Parse("8c40390a3e07b60e4eaa51dfb665a20a41a5ffc337644fb4420c6adea8ed8f50  discogs_20191010_artists.xml.gz\n", "C");

        var e = Assert.Throws<DumpException>(() => file.Expect("discogs_20191010_labels.xml.gz"));

        Assert.Equal(DumpErrorKind.CannotVerify, e.Kind);
        Assert.Null(file.Find("discogs_20191010_labels.xml.gz"));
    }

    [Fact]
    public void An_html_page_or_a_short_digest_is_not_a_checksum_file()
    {
        var html = Assert.Throws<DumpException>(() => ChecksumFile.Parse("<!DOCTYPE html>\n<html>", "u"));
        var shortDigest = Assert.Throws<DumpException>(() => ChecksumFile.Parse("\nabc123 discogs_20260701_artists.xml.gz\n", "u"));

        Assert.Equal(DumpErrorKind.UnexpectedContent, html.Kind);
        Assert.Equal("u line 2 is not \"<sha256> <file name>\": \"abc123 discogs_20260701_artists.xml.gz\".", shortDigest.Message);
    }
}
