namespace Platter.Cli;

/// <summary>
/// What a verb may touch of the outside world: its output streams, the environment and the
/// working folder. Tests build one over string writers and a dictionary; the process builds one
/// over the real console.
/// </summary>
public sealed class CliContext
{
    /// <summary>Creates a context.</summary>
    public CliContext(TextWriter output, TextWriter error, Func<string, string?> environment, string workingDirectory, bool interactive)
    {
        Out = output;
        Error = error;
        Environment = environment;
        WorkingDirectory = workingDirectory;
        Interactive = interactive;
    }

    /// <summary>Standard output: results a script may read.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: progress, warnings and errors.</summary>
    public TextWriter Error { get; }

    /// <summary>Reads an environment variable (null when unset).</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>The folder relative paths are resolved against.</summary>
    public string WorkingDirectory { get; }

    /// <summary>True when standard error is a terminal, so progress bars may redraw in place.</summary>
    public bool Interactive { get; }

    /// <summary>Standard input, for verbs that ask (e.g. an OAuth verifier).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>The context of the running process.</summary>
    public static CliContext FromProcess() =>
        new(Console.Out, Console.Error, System.Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(),
            !Console.IsErrorRedirected && System.Environment.GetEnvironmentVariable("CI") is null)
        {
            In = Console.In,
        };

    /// <summary>Resolves a path given on the command line against the working folder.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>Reads the settings (config file and environment) for this context.</summary>
    public PlatterSettings Settings => _settings ??= PlatterSettings.Load(Environment);

    private PlatterSettings? _settings;
}
