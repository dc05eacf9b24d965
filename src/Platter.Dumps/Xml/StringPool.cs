using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Platter.Dumps.Xml;

/// <summary>
/// Shares one string instance for values that repeat across millions of records (genres,
/// styles, roles, countries, format names), so they are neither allocated again nor kept twice.
/// Keyed on the raw UTF-8 bytes, so a hit costs a hash and a byte compare: nothing is decoded.
/// Only plain text is pooled (no references, control characters or line ends to normalise), so
/// a hit is always exactly what decoding the bytes would give. Bounded: past its capacity it
/// stops adding and callers just decode.
/// </summary>
internal sealed class StringPool
{
    /// <summary>Longer values are not worth pooling: they rarely repeat.</summary>
    public const int MaxPooledBytes = 96;

    // Bytes that make a value need more than a plain UTF-8 decode: control characters (and so
    // CR, LF and TAB), '&' (references) and 0xEF (possible U+FFFE/U+FFFF).
    private static readonly SearchValues<byte> _notPlain = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'&', 0xEF]);

    // A per-process seed, so no input can be made to collide on purpose.
    private static readonly ulong _seed = (ulong)Random.Shared.NextInt64() | 1;

    private readonly int _capacity;
    private readonly int _mask;
    private readonly Slot[] _slots;
    private byte[] _keys = new byte[1 << 16];
    private int _keysUsed;
    private int _count;

    public StringPool(int capacity = 50_000)
    {
        _capacity = capacity;
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _slots = new Slot[size];
        _mask = size - 1;
    }

    /// <summary>Values held.</summary>
    public int Count => _count;

    /// <summary>
    /// The shared string for <paramref name="raw"/>, or null when the bytes are not plain (the
    /// caller decodes them itself). A value seen for the first time is decoded and kept while
    /// there is room.
    /// </summary>
    public string? Get(ReadOnlySpan<byte> raw)
    {
        if (raw.Length > MaxPooledBytes)
        {
            return null;
        }

        var hash = Hash(raw);
        var i = (int)hash & _mask;
        while (true)
        {
            ref var slot = ref _slots[i];
            if (slot.Value is null)
            {
                break;
            }

            if (slot.Hash == hash && slot.KeyLength == raw.Length && _keys.AsSpan(slot.KeyStart, slot.KeyLength).SequenceEqual(raw))
            {
                return slot.Value;
            }

            i = (i + 1) & _mask;
        }

        if (raw.IndexOfAny(_notPlain) >= 0)
        {
            return null;
        }

        var value = Encoding.UTF8.GetString(raw);
        if (_count < _capacity)
        {
            if (_keysUsed + raw.Length > _keys.Length)
            {
                Array.Resize(ref _keys, _keys.Length * 2);
            }

            raw.CopyTo(_keys.AsSpan(_keysUsed));
            _slots[i] = new Slot(hash, _keysUsed, raw.Length, value);
            _keysUsed += raw.Length;
            _count++;
        }

        return value;
    }

    // A multiply-xorshift hash over 8 bytes at a time; values are at most 96 bytes.
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

    private readonly record struct Slot(uint Hash, int KeyStart, int KeyLength, string? Value);
}
