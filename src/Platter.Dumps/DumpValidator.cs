using Platter.Core;

namespace Platter.Dumps;

/// <summary>What <see cref="DumpValidator"/> found in one file.</summary>
/// <param name="Path">The file.</param>
/// <param name="Entity">Its entity, when the root element could be read.</param>
/// <param name="DumpDate">The dump date from its name.</param>
/// <param name="Records">Records read.</param>
/// <param name="Warnings">Problems that an import would survive.</param>
/// <param name="Error">The problem that stops an import, if any.</param>
public sealed record ValidationResult(string Path, EntityKind? Entity, DateOnly? DumpDate, long Records, IReadOnlyList<DumpWarning> Warnings, DumpFormatException? Error)
{
    /// <summary>True when an import of this file would succeed.</summary>
    public bool Ok => Error is null;
}

/// <summary>Reads a dump file completely without storing anything, collecting every problem.</summary>
public static class DumpValidator
{
    /// <summary>Validates one file; never throws for a bad file, only for cancellation.</summary>
    public static ValidationResult Validate(string path, Action<long, long>? progress, CancellationToken cancellationToken)
    {
        var warnings = new List<DumpWarning>();
        DumpReader? reader = null;
        try
        {
            reader = DumpReader.Open(path, warnings.Add);
            var n = 0;
            foreach (var _ in reader.ReadRecords())
            {
                if ((++n & 0x3FF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Invoke(reader.BytesRead, reader.Records);
                }
            }

            return new ValidationResult(path, reader.Entity, reader.DumpDate, reader.Records, warnings, null);
        }
        catch (DumpFormatException e)
        {
            return new ValidationResult(path, reader?.Entity, DumpReader.DumpDateFromFileName(path), reader?.Records ?? 0, warnings, e);
        }
        finally
        {
            reader?.Dispose();
        }
    }
}
