using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Platter.Web.Tests;

/// <summary>What the site fixtures share: starting a site on a free port, and taking it all down again.</summary>
public static class TestSites
{
    /// <summary>Starts the site with <paramref name="options"/> and returns it with its address (ending in '/').</summary>
    public static async Task<(WebApplication Site, Uri Address)> StartAsync(SiteOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var site = PlatterSite.Create(options, logging);
        await site.StartAsync();
        var address = new Uri(site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");
        return (site, address);
    }

    /// <summary>Closes the browser, Playwright, the site and the stand-ins, whichever were started.</summary>
    public static async Task StopAsync(IBrowser? browser, IPlaywright? playwright, WebApplication? site, params IAsyncDisposable?[] standIns)
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (site is not null)
        {
            await site.DisposeAsync();
        }

        foreach (var standIn in standIns)
        {
            if (standIn is not null)
            {
                await standIn.DisposeAsync();
            }
        }

        SqliteConnection.ClearAllPools();
    }
}
