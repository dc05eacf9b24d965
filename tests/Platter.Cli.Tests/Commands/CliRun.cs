using Platter.Cli;
using Platter.Testing;

namespace Platter.Cli.Tests.Commands;

/// <summary>Runs <c>platter</c> in-process over string writers, with a private HOME and config folder.</summary>
public sealed class CliRun : IDisposable
{
    public CliRun(Uri source)
    {
        Home = Fixtures.NewTempDir("platter-cli");
        Environment["HOME"] = Home;
        Environment["PLATTER_CONFIG_DIR"] = Path.Combine(Home, "config");
        Environment["PLATTER_SOURCE"] = source.ToString();
    }

    public string Home { get; }

    public Dictionary<string, string> Environment { get; } = [];

    public bool Interactive { get; set; }

    public string Out { get; private set; } = "";

    public string Error { get; private set; } = "";

    public async Task<int> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, name => Environment.GetValueOrDefault(name), Home, Interactive);
        var code = await PlatterCli.RunAsync(args, context, CancellationToken.None);
        Out = output.ToString();
        Error = error.ToString();
        return code;
    }

    public void Dispose() => Directory.Delete(Home, recursive: true);
}

/// <summary>A test of verbs over a catalog in a throw-away home folder (no Discogs reachable).</summary>
public abstract class CatalogVerbTest : IDisposable
{
    protected CliRun Cli { get; } = new(new Uri("http://127.0.0.1:9/"));

    protected string Db => Path.Combine(Cli.Home, "catalog.db");

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Cli.Dispose();
        }
    }
}
