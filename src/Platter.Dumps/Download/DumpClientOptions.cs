using System.Reflection;

namespace Platter.Dumps.Download;

/// <summary>
/// How politely and how patiently the dump client talks to the source. The defaults are the
/// real ones; tests shorten the delays through <see cref="Delay"/> instead of sleeping.
/// </summary>
public sealed record DumpClientOptions
{
    /// <summary>The User-Agent header sent with every request (the site asks for a descriptive one).</summary>
    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>
    /// How many failed attempts in a row (5xx, 429, time-out, dropped connection without progress)
    /// before giving up.
    /// </summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The first back-off delay; it doubles per failed attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest back-off delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest wait a <c>Retry-After</c> header can impose; the site has sent values of
    /// thousands of seconds, and hanging for an hour without a word is worse than trying again sooner.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long to wait for response headers.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a transfer may stall (no bytes) before the connection is dropped and resumed.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Waits between attempts; <see cref="Task.Delay(TimeSpan, CancellationToken)"/> unless a test replaces it.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>A number in [0, 1) for back-off jitter.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary><c>Platter/VERSION (Discogs data dump client; one download at a time)</c>.</summary>
    public static string DefaultUserAgent { get; } =
        $"Platter/{typeof(DumpClientOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0"} (Discogs data dump client; one download at a time)";

    /// <summary>The back-off before attempt <paramref name="failures"/> + 1: doubling, capped, half of it random.</summary>
    internal TimeSpan Backoff(int failures)
    {
        var full = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, failures - 1)));
        return TimeSpan.FromMilliseconds((full / 2) + (Jitter() * full / 2));
    }
}
