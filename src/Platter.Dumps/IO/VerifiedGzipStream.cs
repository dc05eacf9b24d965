using System.IO.Compression;

namespace Platter.Dumps.IO;

/// <summary>
/// A gzip decompressor that notices a truncated file. <see cref="GZipStream"/> reports a plain
/// end of stream when the compressed bytes simply stop; here the end is accepted only when the
/// length in the gzip trailer matches what was decompressed (zlib itself checks the CRC of a
/// member that does reach its trailer).
/// </summary>
internal sealed class VerifiedGzipStream : ReadOnlyStream
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

    public override long Position
    {
        get => _decompressed;
        set => throw new NotSupportedException();
    }

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
