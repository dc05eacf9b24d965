namespace Platter.Dumps.Download;

/// <summary>One file to fetch: the data file and the CHECKSUM file that lists it.</summary>
/// <param name="File">The data file.</param>
/// <param name="Checksum">The CHECKSUM file that has a line for it (usually the same date).</param>
/// <param name="ExpectedSha256">The published digest, lower-case hex.</param>
public sealed record PlannedFile(DumpFile File, DumpFile Checksum, string ExpectedSha256);

/// <summary>What to download, and what the choice left out (one line each, for the user).</summary>
public sealed record DumpPlan(IReadOnlyList<PlannedFile> Files, IReadOnlyList<string> Notes, IReadOnlyDictionary<string, ChecksumFile> Checksums);

/// <summary>
/// Chooses files with the discovery procedure of section 4.4: for each wanted entity
/// independently, the newest file that a listed CHECKSUM file vouches for. The CHECKSUM file
/// is uploaded last, so a date without one is still being published and is passed over.
/// </summary>
public static class DumpDiscovery
{
    /// <summary>
    /// Plans the download of <paramref name="entities"/> from <paramref name="listed"/>.
    /// <paramref name="date"/> null means the newest usable file per entity; a <c>YYYYMMDD</c>
    /// token means exactly that date, and an entity missing there is an error.
    /// <paramref name="fetchChecksum"/> reads a CHECKSUM file (each is read at most once).
    /// </summary>
    public static async Task<DumpPlan> PlanAsync(
        IReadOnlyList<DumpFile> listed,
        IReadOnlyList<string> entities,
        string? date,
        Func<DumpFile, CancellationToken, Task<ChecksumFile>> fetchChecksum,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(fetchChecksum);
        var checksums = new Dictionary<string, ChecksumFile>(StringComparer.Ordinal);
        var checksumFiles = listed.Where(f => f.IsChecksum).ToList();
        var plan = new List<PlannedFile>();
        var notes = new List<string>();

        async Task<ChecksumFile> Read(DumpFile file)
        {
            if (!checksums.TryGetValue(file.Key, out var parsed))
            {
                parsed = await fetchChecksum(file, cancellationToken);
                checksums[file.Key] = parsed;
            }

            return parsed;
        }

        foreach (var entity in entities)
        {
            var candidates = listed
                .Where(f => f.Entity == entity && (date is null || f.DateToken == date))
                .OrderByDescending(f => f.DateToken, StringComparer.Ordinal)
                .ToList();
            if (candidates.Count == 0)
            {
                throw new DumpException(
                    DumpErrorKind.NotFound,
                    date is null
                        ? $"The listing has no {entity} file. Run 'platter dumps list' to see what is there."
                        : $"There is no {entity} file dated {date}. Run 'platter dumps list --year {date[..4]}' to see the dates there are.",
                    null);
            }

            PlannedFile? chosen = null;
            foreach (var candidate in candidates)
            {
                // Same date first; then, for the historical split months (2019-10: masters and
                // releases dated 1003, the only CHECKSUM dated 1010), a later CHECKSUM of the same month.
                var vouchers = checksumFiles
                    .Where(c => string.CompareOrdinal(c.DateToken, candidate.DateToken) >= 0 && c.DateToken[..6] == candidate.DateToken[..6])
                    .OrderBy(c => c.DateToken, StringComparer.Ordinal);
                foreach (var voucher in vouchers)
                {
                    if ((await Read(voucher)).Find(candidate.FileName) is { } digest)
                    {
                        chosen = new PlannedFile(candidate, voucher, digest);
                        break;
                    }
                }

                if (chosen is not null)
                {
                    break;
                }

                if (date is not null)
                {
                    throw new DumpException(
                        DumpErrorKind.CannotVerify,
                        $"No listed CHECKSUM file has a line for {candidate.FileName}, so it cannot be verified and is not downloaded. " +
                        "If the dump is still being published, try again later, or choose another date (platter dumps list).",
                        candidate.Key);
                }

                notes.Add($"{candidate.FileName}: no CHECKSUM file lists it yet (still being published?); taking an older {entity} file.");
            }

            if (chosen is null)
            {
                throw new DumpException(
                    DumpErrorKind.CannotVerify,
                    $"No {entity} file in the listing is vouched for by a CHECKSUM file, so none can be verified. Try again later.",
                    null);
            }

            plan.Add(chosen);
        }

        return new DumpPlan(plan, notes, checksums);
    }
}
