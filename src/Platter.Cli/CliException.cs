namespace Platter.Cli;

/// <summary>An error the user can act on: its message is printed as is, and the exit code is returned.</summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliException(string message, int exitCode = ExitCodes.Usage)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>Creates the exception with a cause.</summary>
    public CliException(string message, Exception inner, int exitCode)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    /// <summary>Required by the analyzers.</summary>
    public CliException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public CliException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The process exit code for this error.</summary>
    public int ExitCode { get; } = ExitCodes.Failure;
}

/// <summary>Exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The work failed (bad input file, server error, checksum mismatch ...).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong or a setting is missing.</summary>
    public const int Usage = 2;

    /// <summary>Authentication is missing or was refused.</summary>
    public const int Auth = 3;

    /// <summary>The user interrupted the work (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
