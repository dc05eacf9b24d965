namespace Platter.Dumps.Download;

/// <summary>What went wrong while listing or downloading dumps.</summary>
public enum DumpErrorKind
{
    /// <summary>Not a more specific kind.</summary>
    Other,

    /// <summary>The source answered 404 for a listing or file.</summary>
    NotFound,

    /// <summary>The source refused the request (403, S3 <c>AccessDenied</c>).</summary>
    AccessDenied,

    /// <summary>The source kept failing (5xx, 429, time-outs, dropped connections) after every retry.</summary>
    Unavailable,

    /// <summary>The source sent something other than what was asked for (an HTML page instead of a gzip file or a listing).</summary>
    UnexpectedContent,

    /// <summary>A listing offered a key that would leave the download folder.</summary>
    UnsafeKey,

    /// <summary>No CHECKSUM file lists the file, or the CHECKSUM file is empty: the file cannot be verified.</summary>
    CannotVerify,

    /// <summary>The downloaded bytes do not hash to the published SHA-256.</summary>
    ChecksumMismatch,

    /// <summary>Writing to the download folder failed (full disk, permissions).</summary>
    Storage,
}

/// <summary>
/// A dump listing or download failed. The message names the URL or file and says what to do;
/// <see cref="Kind"/> lets callers choose an exit code.
/// </summary>
public sealed class DumpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DumpException(DumpErrorKind kind, string message, string? location, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Location = location;
    }

    /// <summary>Required by the analyzers.</summary>
    public DumpException()
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DumpException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public DumpException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The kind of failure.</summary>
    public DumpErrorKind Kind { get; }

    /// <summary>The URL or local path concerned.</summary>
    public string? Location { get; }
}
