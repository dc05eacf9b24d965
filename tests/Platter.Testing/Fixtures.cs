namespace Platter.Testing;

/// <summary>Paths of the test data kept in the repository (copied from the shared fixtures).</summary>
public static class Fixtures
{
    private static readonly Lazy<string> _repoRoot = new(FindRepoRoot);

    /// <summary>The checkout's root folder (the one holding Platter.slnx).</summary>
    public static string Root => _repoRoot.Value;

    /// <summary><c>tests/fixtures</c>: dump records, listings and recorded API responses.</summary>
    public static string Dir => Path.Combine(Root, "tests", "fixtures");

    /// <summary><c>tests/fixtures/api</c>: recorded Discogs API responses.</summary>
    public static string Api => Path.Combine(Dir, "api");

    /// <summary><c>tests/fixtures/dumps</c>: single records, 2026 excerpts and listings.</summary>
    public static string Dumps => Path.Combine(Dir, "dumps");

    /// <summary><c>samples/dumps/2020-08-sample</c>: the bundled sample dump (1,000 real records per entity).</summary>
    public static string Sample2020 => Path.Combine(Root, "samples", "dumps", "2020-08-sample");

    /// <summary>The sample dump file of one entity (<c>discogs_20200806_releases.xml.gz</c>).</summary>
    public static string SampleFile(string entity) => Path.Combine(Sample2020, $"discogs_20200806_{entity}.xml.gz");

    /// <summary>A single-record file of <c>tests/fixtures/dumps/records</c> (<c>release-3.xml</c>).</summary>
    public static string Record(string name) => Path.Combine(Dumps, "records", name);

    /// <summary>A file of <c>tests/fixtures/dumps/2026-02</c>, in the 2026 format.</summary>
    public static string Dump2026(string name) => Path.Combine(Dumps, "2026-02", name);

    /// <summary>A fresh empty folder under the system temp folder; the caller deletes it.</summary>
    public static string NewTempDir(string prefix = "platter-test")
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platter.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Platter.slnx not found above " + AppContext.BaseDirectory);
    }
}
