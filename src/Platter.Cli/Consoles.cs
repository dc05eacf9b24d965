using Spectre.Console;

namespace Platter.Cli;

/// <summary>Spectre.Console consoles over the context's writers: colour and live redraws only on a terminal.</summary>
internal static class Consoles
{
    /// <summary>A console writing to <paramref name="writer"/>.</summary>
    public static IAnsiConsole Over(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            // A pipe has no width; Spectre would assume 80 columns and break lines that scripts parse.
            console.Profile.Width = 4096;
        }

        return console;
    }

    /// <summary>
    /// A console for live progress bars on <paramref name="terminal"/>, which the context has
    /// already found to be a terminal; Spectre's own detection looks at the process console, which
    /// is not the writer it is given.
    /// </summary>
    public static IAnsiConsole Live(TextWriter terminal) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(terminal),
        Ansi = AnsiSupport.Yes,
        Interactive = InteractionSupport.Yes,
    });

    /// <summary>Bytes as people read them (binary multiples, as the Discogs listing does).</summary>
    public static string Size(long bytes) => Platter.Dumps.Download.ByteSize.Format(bytes);

    /// <summary>A duration as <c>1h 02m</c>, <c>3m 05s</c> or <c>4.2s</c>.</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:00}m" :
        t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m {t.Seconds:00}s" :
        $"{t.TotalSeconds:0.0}s";
}

/// <summary>Reports on the calling thread (unlike Progress&lt;T&gt;), so that lines come out in order and before the summary.</summary>
internal sealed class Reporter<T>(Action<T> write) : IProgress<T>
{
    public void Report(T value) => write(value);
}
