using System.Buffers;
using System.Runtime.ExceptionServices;
using Platter.Core.Threading;

namespace Platter.Dumps.IO;

/// <summary>
/// Reads its inner stream (the gzip decompressor) on a background thread into a few pooled
/// blocks, so that decompression and XML parsing use both cores. Memory is bounded by
/// <c>blocks × blockSize</c>. An exception of the inner stream surfaces at the position where
/// it happened.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly HandOff<Block> _blocks;
    private readonly Task _producer;
    private Block _current;
    private int _currentPos;
    private bool _done;

    public ReadAheadStream(Stream inner, int blockSize = 1 << 20, int blocks = 4)
    {
        _inner = inner;
        _blocks = new HandOff<Block>(blocks);
        _producer = Task.Factory.StartNew(() => Produce(blockSize), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_current.Data is not null && _currentPos < _current.Length)
            {
                var n = Math.Min(buffer.Length, _current.Length - _currentPos);
                _current.Data.AsSpan(_currentPos, n).CopyTo(buffer);
                _currentPos += n;
                return n;
            }

            if (_done)
            {
                return 0;
            }

            if (_current.Data is not null)
            {
                ArrayPool<byte>.Shared.Return(_current.Data);
                _current = default;
            }

            // Blocking here is the point: the parser waits for the decompressor.
            _blocks.TryTake(out var next);
            if (next.Error is not null)
            {
                _done = true;
                next.Error.Throw();
            }

            if (next.Data is null)
            {
                _done = true;
                return 0;
            }

            _current = next;
            _currentPos = 0;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_current.Data is not null)
            {
                ArrayPool<byte>.Shared.Return(_current.Data);
                _current = default;
            }

            foreach (var b in _blocks.Close())
            {
                if (b.Data is not null)
                {
                    ArrayPool<byte>.Shared.Return(b.Data);
                }
            }

            try
            {
                _producer.Wait();
            }
            catch (AggregateException)
            {
                // The producer's own errors were already delivered to the reader, or nobody reads any more.
            }

            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Produce(int blockSize)
    {
        byte[]? data = null;
        var filled = 0;
        try
        {
            while (true)
            {
                data = ArrayPool<byte>.Shared.Rent(blockSize);
                filled = 0;
                while (filled < blockSize)
                {
                    var n = _inner.Read(data, filled, blockSize - filled);
                    if (n == 0)
                    {
                        break;
                    }

                    filled += n;
                }

                if (filled == 0)
                {
                    break;
                }

                if (!_blocks.Add(new Block(data, filled, null)))
                {
                    break; // the reader is gone
                }

                data = null;
            }
        }
#pragma warning disable CA1031 // Every failure goes to the reader, where it surfaces as itself; none may pass for the end of the file.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (data is not null && filled > 0)
            {
                // The bytes read before the failure are good: deliver them first, so the error surfaces where it happened.
                if (_blocks.Add(new Block(data, filled, null)))
                {
                    data = null;
                }
            }

            _blocks.Add(new Block(null, 0, ExceptionDispatchInfo.Capture(e)));
        }
        finally
        {
            if (data is not null)
            {
                ArrayPool<byte>.Shared.Return(data);
            }

            _blocks.Complete();
        }
    }

    private readonly record struct Block(byte[]? Data, int Length, ExceptionDispatchInfo? Error);
}
