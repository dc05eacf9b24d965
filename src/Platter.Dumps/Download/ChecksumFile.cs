namespace Platter.Dumps.Download;

/// <summary>
/// A dump date's <c>discogs_YYYYMMDD_CHECKSUM.txt</c> (section 3): <c>sha256sum</c> lines in
/// either separator style, <c>hash  name</c> or <c>hash *name</c>.
/// </summary>
public sealed class ChecksumFile
{
    private readonly Dictionary<string, string> _digests;

    private ChecksumFile(string source, Dictionary<string, string> digests)
    {
        Source = source;
        _digests = digests;
    }

    /// <summary>Where the file came from (URL or path), for messages.</summary>
    public string Source { get; }

    /// <summary>File name to lower-case hex SHA-256.</summary>
    public IReadOnlyDictionary<string, string> Digests => _digests;

    /// <summary>
    /// Parses the text with the rule that covers every published variant: trim, skip empty lines,
    /// split at the first run of whitespace, drop one leading <c>*</c>, keep the last path segment.
    /// </summary>
    public static ChecksumFile Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.TrimStart().StartsWith('<'))
        {
            throw new DumpException(DumpErrorKind.UnexpectedContent, $"{source} is not a CHECKSUM file (it starts with \"{Excerpt.Of(text)}\").", source);
        }

        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var split = line.IndexOfAny([' ', '\t']);
            var digest = split < 0 ? line : line[..split];
            if (split < 0 || digest.Length != 64 || !digest.All(char.IsAsciiHexDigit))
            {
                throw new DumpException(DumpErrorKind.UnexpectedContent, $"{source} line {lineNumber} is not \"<sha256> <file name>\": \"{Excerpt.Of(line)}\".", source);
            }

            var name = line[split..].TrimStart();
            if (name.StartsWith('*'))
            {
                name = name[1..];
            }

            name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
            digests[name] = digest.ToLowerInvariant();
        }

        return new ChecksumFile(source, digests);
    }

    /// <summary>The published digest of <paramref name="fileName"/>, or null when this file has no line for it.</summary>
    public string? Find(string fileName) => _digests.GetValueOrDefault(fileName);

    /// <summary>The published digest, or a <see cref="DumpErrorKind.CannotVerify"/> error: a missing line is never a pass.</summary>
    public string Expect(string fileName) =>
        Find(fileName) ?? throw new DumpException(
            DumpErrorKind.CannotVerify,
            _digests.Count == 0
                ? $"{Source} is empty, so {fileName} cannot be verified. Nothing was downloaded; try a different date (platter dumps list)."
                : $"{Source} has no line for {fileName}, so it cannot be verified. Nothing was downloaded; the dump may still be uploading, try again later.",
            Source);
}
