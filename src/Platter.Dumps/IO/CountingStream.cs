namespace Platter.Dumps.IO;

/// <summary>
/// A read-only pass-through that counts the bytes read and keeps the last eight, so that the
/// gzip trailer (CRC-32 and length) can be checked after <see cref="System.IO.Compression.GZipStream"/>
/// reports the end: it returns end-of-stream on a truncated file without complaint.
/// </summary>
internal sealed class CountingStream(Stream inner) : ReadOnlyStream
{
    private readonly byte[] _tail = new byte[8];

    /// <summary>Bytes read from the inner stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The uncompressed length (mod 2^32) written in the last gzip trailer, when at least 8 bytes were read.</summary>
    public uint TrailerLength => BitConverter.ToUInt32(_tail, 4);

    public override long Length => inner.Length;

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        if (n > 0)
        {
            BytesRead += n;
            if (n >= 8)
            {
                buffer.Slice(n - 8, 8).CopyTo(_tail);
            }
            else
            {
                // Shift the tail left and append the few new bytes.
                Array.Copy(_tail, n, _tail, 0, 8 - n);
                buffer[..n].CopyTo(_tail.AsSpan(8 - n));
            }
        }

        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
