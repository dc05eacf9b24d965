namespace Platter.Dumps;

/// <summary>
/// A dump file that cannot be read: truncated, corrupt, malformed XML, or not a Discogs dump at all.
/// The message names the file, the position and the last good record, and says what to do.
/// </summary>
public sealed class DumpFormatException : Exception
{
    /// <summary>Creates the exception; <see cref="Exception.Message"/> is composed from the parts.</summary>
    public DumpFormatException(string file, long line, long byteOffset, string? lastGoodRecord, string problem, Exception? inner = null)
        : base(Compose(file, line, byteOffset, lastGoodRecord, problem), inner)
    {
        File = file;
        Line = line;
        ByteOffset = byteOffset;
        LastGoodRecord = lastGoodRecord;
        Problem = problem;
    }

    /// <summary>Required by the analyzers.</summary>
    public DumpFormatException()
    {
        File = Problem = "";
    }

    /// <summary>Required by the analyzers.</summary>
    public DumpFormatException(string message)
        : base(message)
    {
        File = Problem = "";
    }

    /// <summary>Required by the analyzers.</summary>
    public DumpFormatException(string message, Exception inner)
        : base(message, inner)
    {
        File = Problem = "";
    }

    /// <summary>The file's path.</summary>
    public string File { get; }

    /// <summary>The 1-based line of the problem in the (uncompressed) XML; 0 when not known.</summary>
    public long Line { get; }

    /// <summary>The byte offset of the problem in the uncompressed XML.</summary>
    public long ByteOffset { get; }

    /// <summary>The last record read completely (<c>release 1234</c>), or null when none was.</summary>
    public string? LastGoodRecord { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }

    private static string Compose(string file, long line, long offset, string? lastGood, string problem)
    {
        var where = line > 0 ? $"line {line}, byte offset {offset}" : $"byte offset {offset}";
        var last = lastGood is null ? "no record was read before it" : $"the last good record is {lastGood}";
        return $"{file}: {where}: {problem} ({last}). Nothing from this file was stored; check or download the file again.";
    }
}
