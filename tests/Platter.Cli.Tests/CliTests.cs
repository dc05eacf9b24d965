using System.Text.RegularExpressions;
using Platter.Storage;
using Platter.Testing;

namespace Platter.Cli.Tests;

/// <summary>The <c>platter</c> command run in-process: exit codes and what a user reads.</summary>
public sealed class CliTests : TempFolderTest
{
    // A property, not a static field: the naming rule for static fields differs between branches.
    private static string[] Entities => ["artists", "labels", "masters", "releases"];

    [Fact]
    public async Task ImportOfTheSampleFolderPrintsASummaryWithAThousandRecordsPerEntity()
    {
        var (code, stdout, stderr) = await Run("import", "--db", "catalog.db", Fixtures.Sample2020);

        Assert.True(code == 0, stderr);
        foreach (var entity in Entities)
        {
            Assert.Matches(new Regex($"│ {entity} +│ 2020-08-06 │ +1,000 │ +[0-9,]+ │ +0 │"), stdout);
        }

        Assert.Matches(new Regex("│ total +│ +│ +4,000 │"), stdout);
        Assert.Matches(new Regex("│ release_track +│ +9,430 │"), stdout);
        Assert.Matches(new Regex("│ release_credit +│ +3,811 │"), stdout);
        Assert.Contains("Imported into", stdout, StringComparison.Ordinal);
        Assert.Contains(Dir.File("catalog.db"), stdout, StringComparison.Ordinal);

        using var catalog = SqliteCatalog.Open(Dir.File("catalog.db"));
        Assert.Equal(1000, catalog.CountRows("release"));
        Assert.Equal(4, catalog.ImportRuns().Count);

        // In a pipe, progress is plain lines on standard error.
        foreach (var entity in Entities)
        {
            Assert.Contains($"{entity}: reading {Fixtures.SampleFile(entity)} (", stderr, StringComparison.Ordinal);
            Assert.Matches(new Regex($"(?m)^{entity}: 1,000 records, [0-9,]+ rows in "), stderr);
        }
    }

    [Fact]
    public async Task ImportWithoutDbWritesPlatterDbInTheWorkingFolder()
    {
        var (code, _, stderr) = await Run("import", Fixtures.SampleFile("labels"));

        Assert.True(code == 0, stderr);
        using var catalog = SqliteCatalog.Open(Dir.File("platter.db"));
        Assert.Equal(1000, catalog.CountRows("label"));
    }

    [Fact]
    public async Task ValidateOfTheSamplePrintsEntityRecordsAndDumpDatePerFile()
    {
        var (code, stdout, stderr) = await Run("validate", Fixtures.Sample2020);

        Assert.True(code == 0, stderr);
        Assert.Equal(
            Entities.Select(e => $"discogs_20200806_{e}.xml.gz: {e}, 1,000 records, dump date 2020-08-06: ok"),
            Lines(stdout));
        Assert.False(File.Exists(Dir.File("platter.db")));
    }

    [Fact]
    public async Task ValidateOfATruncatedFileExitsOneWithTheErrorLine()
    {
        var source = Fixtures.SampleFile("releases");
        var path = Dir.WriteTruncated(Path.GetFileName(source), source, new FileInfo(source).Length / 2);
        var expected = Truncation.Of(path, "release");

        var (code, stdout, _) = await Run("validate", path);

        Assert.Equal(1, code);
        var lines = Lines(stdout);
        Assert.Equal($"discogs_20200806_releases.xml.gz: releases, {expected.Records:N0} records, dump date 2020-08-06: FAILED", lines[0]);
        Assert.StartsWith($"error: {path}: line {expected.Line}, byte offset {expected.ByteOffset}: ", lines[1], StringComparison.Ordinal);
        Assert.Contains("truncated", lines[1], StringComparison.Ordinal);
        Assert.EndsWith($"(the last good record is {expected.LastGoodRecord}). Nothing from this file was stored; check or download the file again.", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateReportsEveryFileAndExitsOneWhenAnyFails()
    {
        var broken = Dir.WriteText("discogs_20200806_labels.xml", "<labels>\n<label><id>1</id><name>A</nam></label>\n</labels>\n");

        var (code, stdout, _) = await Run("validate", Fixtures.SampleFile("masters"), broken);

        Assert.Equal(1, code);
        var lines = Lines(stdout);
        Assert.Equal("discogs_20200806_masters.xml.gz: masters, 1,000 records, dump date 2020-08-06: ok", lines[0]);
        Assert.Equal("discogs_20200806_labels.xml: labels, 0 records, dump date 2020-08-06: FAILED", lines[1]);
        Assert.Equal(
            $"error: {broken}: line 2, byte offset 33: end tag </nam> does not match <name>: the XML is malformed (no record was read before it). Nothing from this file was stored; check or download the file again.",
            lines[2]);
    }

    [Fact]
    public async Task ImportOfATruncatedFileExitsOneAndKeepsTheDatabase()
    {
        var db = Dir.File("catalog.db");
        Assert.Equal(0, (await Run("import", "--db", db, Fixtures.SampleFile("releases"))).Code);
        var source = Fixtures.SampleFile("releases");
        var path = Dir.WriteTruncated(Path.GetFileName(source), source, 8);

        var (code, stdout, stderr) = await Run("import", "--db", db, path);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains($"error: {path}: line ", stderr, StringComparison.Ordinal);
        Assert.Contains("(the last good record is release 14220612)", stderr, StringComparison.Ordinal);
        using var catalog = SqliteCatalog.Open(db);
        Assert.Equal(1000, catalog.CountRows("release"));
        Assert.Single(catalog.ImportRuns());
    }

    [Fact]
    public async Task ImportOfAMissingPathExitsOneSayingItDoesNotExist()
    {
        var (code, stdout, stderr) = await Run("import", "--db", "catalog.db", "missing.xml.gz");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"error: {Dir.File("missing.xml.gz")} does not exist.", stderr.Trim());
        Assert.False(File.Exists(Dir.File("catalog.db")));
    }

    [Fact]
    public async Task ValidateOfAMissingPathExitsOne()
    {
        var (code, _, stderr) = await Run("validate", "missing.xml");

        Assert.Equal(1, code);
        Assert.Equal($"error: {Dir.File("missing.xml")} does not exist.", stderr.Trim());
    }

    [Fact]
    public async Task ValidateListsEachWarningAndStillExitsZero()
    {
        var path = Dir.WriteText("control.xml", "<releases>\n<release id=\"4\"><title>Clean</title></release>\n<release id=\"5\"><title>Bell\u0007</title></release>\n</releases>\n");

        var (code, stdout, _) = await Run("validate", path);

        Assert.Equal(0, code);
        Assert.Equal(
            [
                "control.xml: releases, 2 records, dump date unknown: ok, 1 warning(s)",
                "warning: control.xml: line 3, release 5: dropped 1 control character(s) that XML forbids (last U+0007) from the text",
            ],
            Lines(stdout));
    }

    [Fact]
    public async Task ImportReportsWarningsOnStandardErrorAndCountsThemInTheSummary()
    {
        var path = Dir.WriteText("discogs_20200806_releases.xml", "<releases>\n<release id=\"5\"><title>Bell\u0007</title></release>\n</releases>\n");

        var (code, stdout, stderr) = await Run("import", "--db", "catalog.db", path);

        Assert.Equal(0, code);
        Assert.Contains("discogs_20200806_releases.xml: line 2, release 5: dropped 1 control character(s)", stderr, StringComparison.Ordinal);
        Assert.Matches(new Regex("│ releases +│ 2020-08-06 │ +1 │ +1 │ +1 │"), stdout);
    }

    [Fact]
    public async Task ImportOfAnHtmlPageSavedAsADumpExitsOneAndCreatesNoDatabase()
    {
        var path = Dir.WriteText("discogs_20200806_releases.xml.gz", "<!DOCTYPE html>\n<html><body>Too many requests</body></html>\n");

        var (code, _, stderr) = await Run("import", "--db", "catalog.db", path);

        Assert.Equal(1, code);
        Assert.StartsWith($"error: {path}: byte offset 0: ", stderr, StringComparison.Ordinal);
        Assert.Contains("HTML page", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Dir.File("catalog.db")));
    }

    [Fact]
    public async Task ImportIntoAMissingFolderExitsOneNamingIt()
    {
        var db = Dir.File(Path.Combine("no-such-folder", "catalog.db"));

        var (code, _, stderr) = await Run("import", "--db", db, Fixtures.SampleFile("labels"));

        Assert.Equal(1, code);
        Assert.Equal($"error: The folder of the database {db} does not exist; create it or choose another --db.", stderr.Trim());
    }

    [Fact]
    public async Task ImportUsesPlatterDbFromTheEnvironment()
    {
        var (code, _, stderr) = await Run(new Dictionary<string, string?> { ["PLATTER_DB"] = "from-env.db" }, "import", Fixtures.SampleFile("masters"));

        Assert.True(code == 0, stderr);
        using var catalog = SqliteCatalog.Open(Dir.File("from-env.db"));
        Assert.Equal(1000, catalog.CountRows("master"));
    }

    [Fact]
    public async Task AFolderWithoutDumpsIsAnError()
    {
        Directory.CreateDirectory(Dir.File("empty"));

        var (code, _, stderr) = await Run("import", "--db", "catalog.db", "empty");

        Assert.Equal(1, code);
        Assert.Equal($"error: The folder {Dir.File("empty")} holds no .xml or .xml.gz files.", stderr.Trim());
    }

    [Theory]
    [InlineData("import")]
    [InlineData("import", "--db")]
    [InlineData("bogus")]
    public async Task AWrongCommandLineExitsWithTheUsageCode(params string[] args)
    {
        var (code, _, stderr) = await Run(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.NotEqual("", stderr.Trim());
    }

    [Fact]
    public async Task HelpListsImportAndValidate()
    {
        var (code, stdout, _) = await Run("--help");

        Assert.Equal(0, code);
        Assert.Matches(new Regex(@"^\s+import\s+\S", RegexOptions.Multiline), stdout);
        Assert.Matches(new Regex(@"^\s+validate\s+\S", RegexOptions.Multiline), stdout);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => Run([], args);

    private async Task<(int Code, string Out, string Err)> Run(Dictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // No real config or environment leaks in: the config folder is an empty one in the temp folder.
        var env = new Dictionary<string, string?>(environment) { ["HOME"] = Dir.Path, ["PLATTER_CONFIG_DIR"] = Dir.File("config") };
        var context = new CliContext(stdout, stderr, k => env.GetValueOrDefault(k), Dir.Path, interactive: false);
        var code = await PlatterCli.RunAsync(args, context, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
