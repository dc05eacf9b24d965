using System.Security.Cryptography;
using Platter.Cli;
using Platter.Testing;

namespace Platter.Cli.Tests.Commands;

public sealed class DumpsCommandTests : IAsyncLifetime
{
    private FakeDumpServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeDumpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Listing(string name) => File.ReadAllText(Path.Combine(Fixtures.Dumps, "listings", name));

    [Fact]
    public async Task List_shows_the_real_2026_index_newest_first_with_sizes_as_published()
    {
        _server.AddRawPage(null, Listing("index.html"));
        _server.AddRawPage("data/2026/", Listing("data-2026.html"));
        using var cli = new CliRun(_server.Root);

        var code = await cli.RunAsync("dumps", "list");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(
            "date        entity          size  checksum\n" +
            "2026-07-01  artists     469.6 MB  yes\n" +
            "2026-07-01  labels       85.4 MB  yes\n" +
            "2026-07-01  masters     589.5 MB  yes\n" +
            "2026-07-01  releases     10.4 GB  yes\n",
            cli.Out.ReplaceLineEndings("\n"));
        Assert.Equal($"4 dump files in 2025, 2026 at {_server.Root}; other years: 2008 (use --year).\n", cli.Error.ReplaceLineEndings("\n"));
        Assert.Equal(["GET /", "GET /?prefix=data%2F2025%2F", "GET /?prefix=data%2F2026%2F"], _server.Requests);
    }

    [Fact]
    public async Task List_reads_the_legacy_s3_listing_for_a_year()
    {
        _server.Mode = FakeListingMode.S3;
        _server.AddRawPage(null, Listing("s3-listing-2008-2021.xml"));
        using var cli = new CliRun(_server.Root);

        var code = await cli.RunAsync("dumps", "list", "--year", "2020");

        var lines = cli.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(1 + 46, lines.Length);
        Assert.Equal(
            ["2020-12-01  artists     328.3 MB  yes", "2020-12-01  labels       55.5 MB  yes", "2020-12-01  masters     350.6 MB  yes", "2020-12-01  releases      8.5 GB  yes"],
            lines[1..5]);
        Assert.Equal($"46 dump files in 2020 at {_server.Root}; other years: 2008-2021 (use --year).\n", cli.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task An_access_denied_page_instead_of_the_listing_exits_1_naming_the_url()
    {
        _server.AddRawPage(null, "<!DOCTYPE html>\n<html><body><h1>Access Denied</h1></body></html>\n");
        using var cli = new CliRun(_server.Root);

        var code = await cli.RunAsync("dumps", "list");

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(
            $"error: {_server.Root} did not return a dump listing (it starts with \"<!DOCTYPE html> <html><body><h1>Access Denied</h1></body></html>\"). " +
            "Check --source / PLATTER_SOURCE, or try again later if the site shows an error page.\n",
            cli.Error.ReplaceLineEndings("\n"));
        Assert.Empty(cli.Out);
    }

    [Fact]
    public async Task Download_fetches_verifies_and_prints_the_paths()
    {
        _server.AddSample2020();
        using var cli = new CliRun(_server.Root);
        var dir = Path.Combine(cli.Home, "dumps");

        var code = await cli.RunAsync("dumps", "download", "--entities", "masters,labels", "--dir", "dumps");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(
            $"{Path.Combine(dir, "discogs_20200806_labels.xml.gz")}\n{Path.Combine(dir, "discogs_20200806_masters.xml.gz")}\n",
            cli.Out.ReplaceLineEndings("\n"));
        Assert.Equal(
            "discogs_20200806_labels.xml.gz: downloading (53.4 KB)\n" +
            "discogs_20200806_labels.xml.gz: 53.4 KB downloaded, SHA-256 verified.\n" +
            "discogs_20200806_masters.xml.gz: downloading (214.2 KB)\n" +
            "discogs_20200806_masters.xml.gz: 214.2 KB downloaded, SHA-256 verified.\n",
            cli.Error.ReplaceLineEndings("\n"));
        var labels = File.ReadAllBytes(Path.Combine(Fixtures.Sample2020, "discogs_20200806_labels.xml.gz"));
        Assert.Equal(labels, File.ReadAllBytes(Path.Combine(dir, "discogs_20200806_labels.xml.gz")));

        var again = await cli.RunAsync("dumps", "download", "--entities", "labels", "--dir", "dumps");

        Assert.Equal(ExitCodes.Ok, again);
        Assert.Equal("discogs_20200806_labels.xml.gz: already downloaded and verified.\n", cli.Error.ReplaceLineEndings("\n"));
        Assert.Equal(1, _server.FileRequests("discogs_20200806_labels.xml.gz"));
    }

    [Fact]
    public async Task On_a_terminal_the_download_draws_a_progress_bar()
    {
        _server.AddSample2020("labels");
        using var cli = new CliRun(_server.Root) { Interactive = true };

        var code = await cli.RunAsync("dumps", "download", "--entities", "labels", "--dir", "d");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("discogs_20200806_labels.xml.gz", cli.Error, StringComparison.Ordinal);
        Assert.Contains("100%", cli.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cli.Home, "d", "discogs_20200806_labels.xml.gz")));
    }

    [Fact]
    public async Task Download_with_the_source_from_the_config_file()
    {
        _server.AddSample2020("labels");
        using var cli = new CliRun(new Uri("http://127.0.0.1:9/unused/"));
        cli.Environment.Remove("PLATTER_SOURCE");
        Directory.CreateDirectory(Path.Combine(cli.Home, "config"));
        File.WriteAllText(Path.Combine(cli.Home, "config", "config.yaml"), $"source: {_server.Root}\ndumps_dir: {Path.Combine(cli.Home, "from-config")}\n");

        var code = await cli.RunAsync("dumps", "download", "--entities", "labels");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(Path.Combine(cli.Home, "from-config", "discogs_20200806_labels.xml.gz") + "\n", cli.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_checksum_mismatch_exits_1_and_says_what_to_do()
    {
        _server.AddSample2020("labels");
        _server.Fault("discogs_20200806_labels.xml.gz").WrongChecksum = true;
        using var cli = new CliRun(_server.Root);
        var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Fixtures.Sample2020, "discogs_20200806_labels.xml.gz"))));

        var code = await cli.RunAsync("dumps", "download", "--entities", "labels", "--dir", "d");

        Assert.Equal(ExitCodes.Failure, code);
        var error = cli.Error.ReplaceLineEndings("\n").Split('\n')[^2];
        Assert.StartsWith("error: discogs_20200806_labels.xml.gz does not match its CHECKSUM file: expected SHA-256 ", error);
        Assert.Contains($", got {actual} (54654 bytes from ", error);
        Assert.False(File.Exists(Path.Combine(cli.Home, "d", "discogs_20200806_labels.xml.gz")));
    }

    [Theory]
    [InlineData("--date", "2026-07", "error: --date '2026-07' is neither 'latest' nor a date YYYYMMDD (e.g. 20260701).")]
    [InlineData("--entities", "releases,tracks", "error: --entities 'releases,tracks' must list some of: artists, labels, masters, releases.")]
    [InlineData("--source", "ftp://mirror/", "error: The dump source 'ftp://mirror/' is not an http(s) URL. Give one with --source or PLATTER_SOURCE, e.g. https://data.discogs.com/.")]
    public async Task Bad_options_are_refused_before_any_request(string option, string value, string message)
    {
        using var cli = new CliRun(_server.Root);

        var code = await cli.RunAsync("dumps", "download", option, value);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(message + "\n", cli.Error.ReplaceLineEndings("\n"));
        Assert.Empty(_server.Requests);
    }
}
