using Platter.Dumps.IO;

namespace Platter.Dumps.Tests.IO;

/// <summary>The decompression thread's hand-over: every byte, then the failure as itself.</summary>
public sealed class ReadAheadStreamTests
{
    [Fact]
    public void An_unexpected_failure_of_the_inner_stream_surfaces_after_the_bytes_before_it_and_never_as_the_end()
    {
        using var stream = new ReadAheadStream(new FailingStream(300_000, new InvalidOperationException("the disk went away")), blockSize: 64 * 1024, blocks: 2);

        var read = new MemoryStream();
        var e = Assert.Throws<InvalidOperationException>(() => stream.CopyTo(read));

        Assert.Equal("the disk went away", e.Message);
        Assert.Equal(300_000, read.Length);
        Assert.All(read.ToArray().Select((b, i) => (b, i)), x => Assert.Equal((byte)(x.i % 251), x.b));
    }

    // Yields a counting byte pattern, then throws.
    private sealed class FailingStream(int length, Exception failure) : ReadOnlyStream
    {
        private int _position;

        public override int Read(Span<byte> buffer)
        {
            if (_position >= length)
            {
                throw failure;
            }

            var n = Math.Min(buffer.Length, Math.Min(7_000, length - _position));
            for (var i = 0; i < n; i++)
            {
                buffer[i] = (byte)((_position + i) % 251);
            }

            _position += n;
            return n;
        }
    }
}
