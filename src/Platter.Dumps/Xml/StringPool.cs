using System.Text;

namespace Platter.Dumps.Xml;

/// <summary>
/// Shares one string instance for values that repeat across millions of records (genres,
/// styles, roles, countries, format names), so they are neither allocated again nor kept twice.
/// Bounded: past its capacity it stops adding and just decodes.
/// </summary>
internal sealed class StringPool(int capacity = 50_000)
{
    private const int MaxPooledBytes = 96;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Get(ReadOnlySpan<byte> raw, XmlScanner decoder)
    {
        if (raw.Length > MaxPooledBytes || raw.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || raw.Contains((byte)'&') || raw.Contains((byte)0xEF))
        {
            return decoder.DecodeText(raw);
        }

        Span<char> chars = stackalloc char[MaxPooledBytes];
        var n = Encoding.UTF8.GetChars(raw, chars);
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..n], out var found))
        {
            return found;
        }

        var s = new string(chars[..n]);
        if (_strings.Count < capacity)
        {
            _strings[s] = s;
        }

        return s;
    }
}
