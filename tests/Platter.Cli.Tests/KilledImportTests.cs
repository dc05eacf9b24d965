using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Platter.Cli.Tests.Commands;
using Platter.Storage;
using Platter.Testing;

namespace Platter.Cli.Tests;

/// <summary>
/// An import killed outright (no Ctrl+C, no clean-up) in the middle of its load: the next run
/// must ignore the half-written batch left in the write-ahead log and resume after the last
/// committed one. The PostgreSQL variant kills an import into a real server's database (the
/// server rolls the open transaction back) and compares the result with an SQLite import of the
/// same file.
/// </summary>
public class KilledImportTests : TempFolderTest
{
    private readonly bool _postgres;

    public KilledImportTests()
        : this(postgres: false)
    {
    }

    protected KilledImportTests(bool postgres)
    {
        _postgres = postgres;
    }

    // Commits come every 20,000 releases: the kill lands after the first and well before the end.
    private const int Releases = 45_000;

    [Fact]
    public async Task AnImportKilledAfterItsFirstCommitResumesAndEndsIdenticalToAnUninterruptedOne()
    {
        var input = WriteReleases(Dir.File("discogs_20990101_releases.xml.gz"), Releases);
        var killedDb = _postgres ? LocalPostgres.Shared.CreateDatabase() : Dir.File("killed.db");

        using (var child = StartPlatter("import", "--db", killedDb, input))
        {
            var committed = await WaitForFirstCommit(killedDb, child);
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            Assert.InRange(committed, 1, Releases - 1);
            Assert.True(_postgres || new FileInfo(killedDb + "-wal").Length > 0, "the kill should leave the log behind");
        }

        Assert.Equal(0L, Scalar(killedDb, "SELECT count(*) FROM import_run"));

        using var cli = new CliRun(new Uri("http://127.0.0.1:9/")); // import never downloads
        Assert.Equal(0, await cli.RunAsync("import", "--db", killedDb, input));
        Assert.Matches(@"releases: 45,000 records, [0-9,]+ rows in .*, resumed after id \d+", cli.Error); // the log goes to stderr in a pipe

        var cleanDb = Dir.File("clean.db");
        Assert.Equal(0, await cli.RunAsync("import", "--db", cleanDb, input));

        if (!_postgres)
        {
            Assert.Equal("wal", Scalar(killedDb, "PRAGMA journal_mode"));
            Assert.False(File.Exists(killedDb + "-journal"));
        }

        Assert.Equal((long)Releases, Scalar(killedDb, "SELECT count(*) FROM release"));
        foreach (var table in CatalogSchema.TablesOf(Platter.Core.EntityKind.Releases))
        {
            Assert.Equal(Dump(cleanDb, table.Name), Dump(killedDb, table.Name));
        }
    }

    // The sample's 1,000 real releases, repeated with ids moved up by 15,000,000 a copy so they stay ascending.
    private static string WriteReleases(string path, int count)
    {
        string xml;
        using (var gz = new GZipStream(File.OpenRead(Fixtures.SampleFile("releases")), CompressionMode.Decompress))
        using (var text = new StreamReader(gz, Encoding.UTF8))
        {
            xml = text.ReadToEnd();
        }

        const string Open = "<release id=\"";
        var bodies = new List<(long Id, string Tail)>();
        for (var at = xml.IndexOf(Open, StringComparison.Ordinal); at >= 0;)
        {
            var next = xml.IndexOf(Open, at + 1, StringComparison.Ordinal);
            var record = xml[at..(next >= 0 ? next : xml.LastIndexOf("</releases>", StringComparison.Ordinal))];
            var quote = record.IndexOf('"', Open.Length);
            bodies.Add((long.Parse(record[Open.Length..quote], CultureInfo.InvariantCulture), record[quote..]));
            at = next;
        }

        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        using var w = new StreamWriter(zip, new UTF8Encoding(false));
        w.Write("<releases>");
        for (var i = 0; i < count; i++)
        {
            var (id, tail) = bodies[i % bodies.Count];
            w.Write(Open + (id + (15_000_000L * (i / bodies.Count))).ToString(CultureInfo.InvariantCulture) + tail);
        }

        w.Write("</releases>");
        return path;
    }

    private static Process StartPlatter(params string[] args)
    {
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "platter.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Polls the progress the load commits with each batch; returns the records committed.
    private static async Task<long> WaitForFirstCommit(string db, Process child)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.False(child.HasExited, "the import ended before it could be killed");
            try
            {
                if (Scalar(db, "SELECT records FROM import_progress WHERE entity = 'releases'") is long n and > 0)
                {
                    return n;
                }
            }
            catch (Exception e) when (e is SqliteException or PostgresException)
            {
                // The file or the tables are being created: look again.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("no batch was committed within 2 minutes");
    }

    private static DbConnection Connect(string db)
    {
        DbConnection c = CatalogStore.IsPostgres(db)
            ? new NpgsqlConnection(db)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 1 }.ToString());
        c.Open();
        return c;
    }

    private static object? Scalar(string db, string sql)
    {
        using var c = Connect(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    // Every row of a table in key order, as text: equal dumps mean equal tables.
    private static List<string> Dump(string db, string table)
    {
        using var c = Connect(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2, 3";
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            var values = new object[r.FieldCount];
            r.GetValues(values);
            rows.Add(string.Join('\u001f', values.Select(v => Convert.ToString(CatalogStore.Normalise(v), CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}

/// <summary>The same kill during an import into PostgreSQL: the resumed catalog equals an SQLite import of the file, row for row.</summary>
public sealed class PostgresKilledImportTests() : KilledImportTests(postgres: true);
