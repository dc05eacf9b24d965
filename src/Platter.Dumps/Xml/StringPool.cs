using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Platter.Dumps.Xml;

/// <summary>
/// Shares one string instance for short values that repeat across millions of records (genres,
/// styles, roles, countries, track positions and durations), so they are not allocated again.
/// <para>
/// A direct-mapped cache keyed on the raw bytes: each value hashes to one slot, which holds the
/// last value seen there. The table is small (128 KB) so the hot values stay in the processor's
/// cache; a large table of every value seen cost more in cache misses than it saved in
/// allocations. Only printable ASCII without references is cached, so a cached string is compared
/// with the bytes directly and is always exactly what decoding them would give.
/// </para>
/// </summary>
internal sealed class StringPool
{
    /// <summary>Longer values are not worth caching: they rarely repeat.</summary>
    public const int MaxPooledBytes = 64;

    private const int Slots = 8192;

    // Printable ASCII except '&': a value made only of these decodes byte for char.
    private static readonly SearchValues<byte> _plainAscii = SearchValues.Create(
        Enumerable.Range(0x20, 0x7F - 0x20).Where(b => b != '&').Select(b => (byte)b).ToArray());

    // A per-process seed, so no input can be made to collide on purpose.
    private static readonly ulong _seed = (ulong)Random.Shared.NextInt64() | 1;

    private readonly Slot[] _slots = new Slot[Slots];

    /// <summary>
    /// The shared string for <paramref name="raw"/>, or null when the bytes are not short plain
    /// ASCII (the caller decodes them itself).
    /// </summary>
    public string? Get(ReadOnlySpan<byte> raw)
    {
        if (raw.Length > MaxPooledBytes)
        {
            return null;
        }

        var hash = Hash(raw);
        ref var slot = ref _slots[hash & (Slots - 1)];
        var cached = slot.Value;
        if (cached is not null && slot.Hash == hash && cached.Length == raw.Length && Ascii.Equals(raw, cached))
        {
            return cached;
        }

        if (raw.IndexOfAnyExcept(_plainAscii) >= 0)
        {
            return null;
        }

        var value = Encoding.Latin1.GetString(raw);
        slot = new Slot(hash, value);
        return value;
    }

    // A multiply-xorshift hash over 8 bytes at a time.
    private static uint Hash(ReadOnlySpan<byte> raw)
    {
        const ulong k = 0x9E3779B97F4A7C15;
        var h = _seed ^ ((ulong)raw.Length * k);
        var p = 0;
        for (; p + 8 <= raw.Length; p += 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(raw[p..])) * k;
            h ^= h >> 32;
        }

        var rest = raw.Length - p;
        if (rest >= 4)
        {
            // Two overlapping 4-byte reads cover 4 to 7 bytes.
            var tail = BinaryPrimitives.ReadUInt32LittleEndian(raw[p..]) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(raw[^4..]) << 32);
            h = (h ^ tail) * k;
            h ^= h >> 32;
        }
        else if (rest > 0)
        {
            var tail = raw[p] | ((ulong)raw[p + (rest >> 1)] << 8) | ((ulong)raw[^1] << 16);
            h = (h ^ tail) * k;
            h ^= h >> 32;
        }

        h *= k;
        return (uint)(h >> 32);
    }

    private readonly record struct Slot(uint Hash, string? Value);
}
