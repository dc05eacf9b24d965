namespace Platter.Api;

/// <summary>
/// Keeps requests under Discogs' rate limit before the server has to refuse them. A sliding
/// window counts this process's requests; each request holds its slot from the moment it is sent
/// until one window after its response arrived. The server can only have counted it in between,
/// so the server never sees more requests in a window than this limiter lets through, however
/// the requests overlap. The <c>X-Discogs-Ratelimit*</c> headers then correct the picture: the
/// limit itself, and requests made by others behind the same address (what the server counts
/// beyond our own slots), which are held as used until a window has passed.
/// </summary>
internal sealed class RateLimiter
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly int _reserve;
    private readonly List<Slot> _slots = [];
    private int _limit;
    private int _others;
    private DateTimeOffset _othersUntil;
    private DateTimeOffset _blockedUntil;
    private TaskCompletionSource _released = NewSignal();

    public RateLimiter(int limit, TimeSpan window, int reserve, TimeProvider time)
    {
        _limit = limit;
        _window = window;
        _reserve = reserve;
        _time = time;
    }

    /// <summary>The limit currently applied (the configured one until the server states its own).</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    /// <summary>Requests that may go out now without waiting: the limit less this process's requests in the window, those of others behind the same address, and the reserve.</summary>
    public int Available
    {
        get
        {
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                var ours = _slots.Count(s => s.CompletedAt is null || s.CompletedAt.Value + _window > now);
                var others = now < _othersUntil ? _others : 0;
                return now < _blockedUntil ? 0 : Math.Max(0, Math.Max(1, _limit - _reserve) - ours - others);
            }
        }
    }

    /// <summary>Waits until a request may be sent and takes its slot; the caller completes the slot when the response is in.</summary>
    public async Task<Slot> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan? wait;
            Task released;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                _slots.RemoveAll(s => s.CompletedAt is { } done && done + _window <= now);
                wait = WaitBeforeNext(now);
                if (wait is { } w && w <= TimeSpan.Zero)
                {
                    var slot = new Slot(this);
                    _slots.Add(slot);
                    return slot;
                }

                released = _released.Task;
            }

            if (wait is { } delay)
            {
                await Task.Delay(delay, _time, cancellationToken);
            }
            else
            {
                // Every slot is still in flight: the next one frees a window after its response.
                await released.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>Reads the rate-limit headers of a response that just arrived.</summary>
    public void Observe(int? limit, int? remaining)
    {
        lock (_lock)
        {
            if (limit is > 0)
            {
                _limit = limit.Value;
            }

            if (remaining is { } left)
            {
                var now = _time.GetUtcNow();
                var ours = _slots.Count(s => s.CompletedAt is null || s.CompletedAt.Value + _window > now);
                _others = Math.Max(0, _limit - left - ours);
                _othersUntil = now + _window;
            }
        }
    }

    /// <summary>After a 429: send nothing for <paramref name="delay"/> (Retry-After), else for a whole window.</summary>
    public void Block(TimeSpan? delay)
    {
        lock (_lock)
        {
            var until = _time.GetUtcNow() + (delay ?? _window);
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
            }
        }
    }

    // Null: wait for a slot in flight to complete. Zero or less: go now.
    private TimeSpan? WaitBeforeNext(DateTimeOffset now)
    {
        if (now < _blockedUntil)
        {
            return _blockedUntil - now;
        }

        var others = now < _othersUntil ? _others : 0;
        var allowed = Math.Max(1, _limit - _reserve);
        if (_slots.Count + others < allowed)
        {
            return TimeSpan.Zero;
        }

        DateTimeOffset? next = others > 0 ? _othersUntil : null;
        foreach (var slot in _slots)
        {
            if (slot.CompletedAt is { } done && (next is null || done + _window < next))
            {
                next = done + _window;
            }
        }

        return next - now;
    }

    private void Release(Slot slot)
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            slot.CompletedAt = _time.GetUtcNow();
            released = _released;
            _released = NewSignal();
        }

        released.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One request's place in the window.</summary>
    internal sealed class Slot : IDisposable
    {
        private readonly RateLimiter _owner;
        private bool _done;

        public Slot(RateLimiter owner) => _owner = owner;

        public DateTimeOffset? CompletedAt { get; set; }

        /// <summary>Marks the response as received (or the attempt as over): the slot frees one window later.</summary>
        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                _owner.Release(this);
            }
        }
    }
}
