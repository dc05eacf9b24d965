using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platter.Catalog;
using Platter.Index;
using Platter.Web;

namespace Platter.Bench.Index;

/// <summary>The site under wrk: 32 connections for 20 s against /api/works on the sample's index.</summary>
internal static class WrkBench
{
    private const string Query = "/api/works?t=genre:Electronic&t=decade:1990s&t=format:Vinyl";

    public static async Task RunAsync(string root, string dir)
    {
        Console.WriteLine();
        Console.WriteLine($"== the site under load: wrk -t2 -c32 -d20s --latency {Query}, on the sample");
        if (!File.Exists("/usr/bin/wrk"))
        {
            Console.WriteLine("wrk is not installed (Debian package wrk); skipped");
            return;
        }

        var db = Path.Combine(dir, "sample.db");
        if (TagIndex.CurrentGeneration(db) == 0)
        {
            await new CatalogImporter(db).ImportAsync([Path.Combine(root, "samples", "dumps", "2020-08-sample")], null, CancellationToken.None);
            new IndexBuilder(db).Build();
        }

        await using var site = PlatterSite.Create(new SiteOptions { DatabasePath = db, Urls = ["http://127.0.0.1:0"] }, l => l.SetMinimumLevel(LogLevel.Warning));
        await site.StartAsync();
        var address = site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        _ = Bench.Run("/usr/bin/wrk", "-t2", "-c32", "-d5s", address + Query); // warm-up, not reported
        Console.Write(Bench.Run("/usr/bin/wrk", "-t2", "-c32", "-d20s", "--latency", address + Query));
        await site.StopAsync();
    }
}
