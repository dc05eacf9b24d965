using System.IO.Compression;

namespace Platter.Dumps.IO;

/// <summary>
/// A gzip decompressor that notices a truncated file. <see cref="GZipStream"/> reports a plain
/// end of stream when the compressed bytes simply stop; here the end is accepted only when the
/// length in the gzip trailer matches what was decompressed (zlib itself checks the CRC of a
/// member that does reach its trailer).
/// </summary>
internal sealed class VerifiedGzipStream : Stream
{
    private readonly CountingStream _compressed;
    private readonly GZipStream _gzip;
    private long _decompressed;

    public VerifiedGzipStream(Stream file)
    {
        _compressed = new CountingStream(file);
        _gzip = new GZipStream(_compressed, CompressionMode.Decompress);
    }

    /// <summary>Compressed bytes consumed so far.</summary>
    public long CompressedPosition => _compressed.BytesRead;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _decompressed;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _gzip.Read(buffer);
        if (n > 0)
        {
            _decompressed += n;
            return n;
        }

        if (_compressed.BytesRead < 18 || _compressed.TrailerLength != (uint)_decompressed)
        {
            throw new InvalidDataException(
                $"the gzip data stops after {_compressed.BytesRead:N0} compressed bytes without its end marker: the file is truncated (an interrupted download?)");
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _compressed.Dispose();
        }

        base.Dispose(disposing);
    }
}
