using System.Globalization;

namespace Platter.Dumps.Download;

/// <summary>Sizes as the data.discogs.com index shows them: binary multiples, one decimal (<c>469.6 MB</c>).</summary>
public static class ByteSize
{
    private static readonly string[] _units = ["B", "KB", "MB", "GB", "TB"];

    /// <summary>Formats a byte count the way the index does (<c>388 B</c>, <c>154.1 MB</c>).</summary>
    public static string Format(long bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < _units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + _units[unit];
    }
}
