using System.Globalization;

namespace Platter.Collection;

/// <summary>How a sync's progress and report are worded, the same in the CLI and on the site.</summary>
public static class SyncText
{
    /// <summary>"collection: page 2 of 3; 4 calls made, 3 to go; 56 of 60 left this minute", with the time left at the limit when the calls left exceed it.</summary>
    public static string Line(SyncProgress p, int available, int limit)
    {
        ArgumentNullException.ThrowIfNull(p);
        var where = p.Step switch
        {
            "folders" or "value" => p.Step + " read",
            "collection" or "wantlist" => string.Create(CultureInfo.InvariantCulture, $"{p.Step}: page {p.Done:N0} of {p.Total:N0}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{p.Step} not in the catalog: {p.Done:N0} of {p.Total:N0} fetched"),
        };
        var line = string.Create(CultureInfo.InvariantCulture, $"{where}; {p.Calls:N0} calls made, {p.CallsLeft:N0} to go; {available:N0} of {limit:N0} left this minute");
        if (MinutesLeft(p, available, limit) is { } minutes)
        {
            line += string.Create(CultureInfo.InvariantCulture, $", about {minutes:N0} min at this limit");
        }

        return line;
    }

    /// <summary>Whole minutes the calls left need beyond what this minute still allows, or null when they fit.</summary>
    public static int? MinutesLeft(SyncProgress p, int available, int limit)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.CallsLeft > available && limit > 0 ? (int)Math.Ceiling((p.CallsLeft - available) / (double)limit) : null;
    }

    /// <summary>"1 release", "2 releases".</summary>
    /// <summary>"1 item", "2 items": a count with its noun, singular for one.</summary>
    public static string N(int n, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many ?? one + "s")}");

    /// <summary>"Derived: 12 artists (…), … in 0.05 s."</summary>
    public static string Describe(DeriveReport d) => string.Create(
        CultureInfo.InvariantCulture,
        $"Derived: {d.Artists:N0} artists ({d.Groups:N0} groups, {d.People:N0} people, {d.Artists - d.Groups - d.People:N0} unknown), {d.Roles:N0} roles on releases, {d.Relations:N0} relations, in {d.Elapsed.TotalSeconds:N2} s.");

    /// <summary>What a sync found and changed, one line per part, as <c>platter collection sync</c> prints it.</summary>
    public static string Describe(CollectionSyncReport r, string database) => string.Join(Environment.NewLine, Lines(r, database));

    /// <summary>The lines of <see cref="Describe(CollectionSyncReport, string)"/>.</summary>
    public static IReadOnlyList<string> Lines(CollectionSyncReport r, string database)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Collection of {r.Username} synced into {database}{(r.Resumed ? " (continuing the sync that stopped)" : "")}: {N(r.Items, "item")} in {N(r.Folders, "folder")} ({r.ItemsAdded:N0} new, {r.ItemsChanged:N0} changed, {r.ItemsRemoved:N0} removed), {N(r.Wants, "want")} ({r.WantsAdded:N0} new, {r.WantsRemoved:N0} removed); {N(r.Calls, "API call")}."),
        };
        if (r.Value is { } v)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Value: {v.Minimum:N2} to {v.Maximum:N2} {v.Currency}, median {v.Median:N2}."));
        }

        if (r.Records is { } rec)
        {
            static string From((int Catalog, int Api) n, string what) => string.Create(CultureInfo.InvariantCulture, $"{N(n.Catalog + n.Api, what)} ({n.Catalog:N0} from the catalog, {n.Api:N0} from the API)");
            lines.Add($"Records stored: {From(rec.Releases, "release")}, {From(rec.Masters, "master")}, {From(rec.Artists, "artist")}; the masters of {From(rec.ArtistMasters, "main artist")}.");
            if (rec.Stats > 0)
            {
                lines.Add($"Community figures stored for {N(rec.Stats, "release")}.");
            }

            if (rec.Images > 0 || rec.ImageProblems.Count > 0)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"Thumbnails downloaded: {rec.Images:N0}") + (rec.ImageProblems.Count == 0 ? "." : string.Create(CultureInfo.InvariantCulture, $"; {rec.ImageProblems.Count:N0} failed and are tried again on the next sync: {string.Join("; ", rec.ImageProblems.Take(3))}.")));
            }

            if (rec.Missing.Count > 0)
            {
                var shown = string.Join(", ", rec.Missing.Take(10)) + (rec.Missing.Count > 10 ? string.Create(CultureInfo.InvariantCulture, $" and {rec.Missing.Count - 10:N0} more") : "");
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"Not on Discogs (404, skipped and not asked for again): {rec.Missing.Count:N0}: {shown}."));
            }
        }

        if (r.Derived is { } d)
        {
            lines.Add(Describe(d));
        }

        if (r.RemovalsDeferred is { } why)
        {
            lines.Add("Note: " + why + ".");
        }

        return lines;
    }

}
