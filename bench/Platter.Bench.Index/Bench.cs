using System.Diagnostics;
using System.Globalization;

namespace Platter.Bench.Index;

internal static class Bench
{
    public static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Platter.slnx")))
        {
            d = d.Parent;
        }

        return d?.FullName ?? throw new InvalidOperationException("run the benchmark from the checkout");
    }

    /// <summary>A line of /proc/self/status in MB (VmRSS, VmHWM).</summary>
    public static double StatusMb(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return 0;
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? 0 : v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var s = values.Order().ToArray();
        return s.Length == 0 ? 0 : s[Math.Clamp((int)Math.Ceiling(p / 100 * s.Length) - 1, 0, s.Length - 1)];
    }

    public static string Latencies(IReadOnlyCollection<double> ms) => string.Create(
        CultureInfo.InvariantCulture,
        $"p50 {Percentile(ms, 50):N3} ms, p90 {Percentile(ms, 90):N3} ms, p99 {Percentile(ms, 99):N3} ms, max {ms.Max():N3} ms ({ms.Count:N0} runs)");

    public static double Ms(Stopwatch watch) => watch.Elapsed.TotalMilliseconds;

    public static string Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return output;
    }
}
