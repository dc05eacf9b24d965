using System.Globalization;
using Platter.Api;
using Platter.Collection;
using Spectre.Console;

namespace Platter.Cli.Commands;

/// <summary>
/// Shows a collection sync: on a terminal a bar of API calls made out of those expected, with the
/// step, the calls left in the rate limit's minute and the time left at the current limit; in a
/// pipe one plain line per page on stderr.
/// </summary>
internal static class SyncProgressView
{
    public static async Task<T> RunAsync<T>(CliContext context, DiscogsClient client, Func<IProgress<SyncProgress>, Task<T>> work)
    {
        if (!context.Interactive)
        {
            return await work(new Reporter<SyncProgress>(p => context.Error.WriteLine(Line(p, client))));
        }

        var console = Consoles.Live(context.Error);
        T result = default!;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("collection sync: signing in", maxValue: 1);
                task.IsIndeterminate = true;
                result = await work(new Reporter<SyncProgress>(p =>
                {
                    task.IsIndeterminate = false;
                    task.MaxValue = Math.Max(1, p.Calls + p.CallsLeft);
                    task.Value = p.Calls;
                    task.Description = Markup.Escape(Line(p, client));
                }));
            });
        return result;
    }

    internal static string Line(SyncProgress p, DiscogsClient client) => SyncText.Line(p, client.RateLimitAvailable, client.RateLimit);

}
