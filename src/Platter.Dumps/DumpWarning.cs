namespace Platter.Dumps;

/// <summary>Something odd in a dump that did not stop the import (a dropped control character, a duplicate id ...).</summary>
/// <param name="File">The file's path.</param>
/// <param name="Line">1-based line in the uncompressed XML.</param>
/// <param name="ByteOffset">Byte offset in the uncompressed XML.</param>
/// <param name="Record">The record it concerns (<c>release 40299</c>), when there is one.</param>
/// <param name="Message">What happened.</param>
public sealed record DumpWarning(string File, long Line, long ByteOffset, string? Record, string Message)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Path.GetFileName(File)}: line {Line}{(Record is null ? "" : ", " + Record)}: {Message}";
}
