namespace Platter.Core.Threading;

/// <summary>
/// A small bounded queue between one producer thread and one consumer thread. A full queue
/// blocks the producer, an empty one the consumer, on a monitor: no spinning and nothing runs
/// on the thread pool. (Channels complete waits through thread-pool continuations and
/// <c>BlockingCollection</c> spins before it sleeps; on a two-core machine either steals the
/// core the other stage of the pipeline needs.)
/// </summary>
/// <typeparam name="T">The items handed over.</typeparam>
public sealed class HandOff<T>
{
    private readonly Queue<T> _items;
    private readonly int _capacity;
    private bool _completed;
    private bool _closed;

    /// <summary>Creates a queue holding at most <paramref name="capacity"/> items.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not positive.</exception>
    public HandOff(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _items = new Queue<T>(capacity);
    }

    /// <summary>
    /// Adds an item, waiting while the queue is full. Returns false when the consumer has
    /// closed the queue (nobody will take the item).
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    /// <exception cref="InvalidOperationException">The producer already completed the queue.</exception>
    public bool Add(T item, CancellationToken cancellationToken = default)
    {
        lock (_items)
        {
            if (_completed)
            {
                throw new InvalidOperationException("the queue was completed: no more items can be added");
            }

            while (_items.Count >= _capacity && !_closed)
            {
                Wait(cancellationToken);
            }

            if (_closed)
            {
                return false;
            }

            _items.Enqueue(item);
            if (_items.Count == 1)
            {
                Monitor.PulseAll(_items);
            }

            return true;
        }
    }

    /// <summary>Takes the next item, waiting while the queue is empty. Returns false once the producer has completed and every item was taken.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    public bool TryTake(out T item, CancellationToken cancellationToken = default)
    {
        lock (_items)
        {
            while (_items.Count == 0 && !_completed && !_closed)
            {
                Wait(cancellationToken);
            }

            if (_items.Count == 0 || _closed)
            {
                item = default!;
                return false;
            }

            item = _items.Dequeue();
            if (_items.Count == _capacity - 1)
            {
                Monitor.PulseAll(_items);
            }

            return true;
        }
    }

    /// <summary>The producer is done: the consumer takes what is left, then <see cref="TryTake"/> returns false.</summary>
    public void Complete()
    {
        lock (_items)
        {
            _completed = true;
            Monitor.PulseAll(_items);
        }
    }

    /// <summary>The consumer stops taking: a waiting or later <see cref="Add"/> returns false, and items still queued are dropped.</summary>
    /// <returns>The items that were still queued, for the caller to release.</returns>
    public IReadOnlyList<T> Close()
    {
        lock (_items)
        {
            _closed = true;
            var left = _items.ToList();
            _items.Clear();
            Monitor.PulseAll(_items);
            return left;
        }
    }

    private void Wait(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!cancellationToken.CanBeCanceled)
        {
            Monitor.Wait(_items);
            return;
        }

        // Unregister, not Dispose: Dispose would wait for a callback that is blocked on this lock.
        // A cancellation that lands before the registration runs the callback at once, on this
        // thread, before anyone waits: its pulse is lost, so look at the token again before waiting.
        var registration = cancellationToken.UnsafeRegister(static q => ((HandOff<T>)q!).WakeAll(), this);
        try
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Monitor.Wait(_items);
            }
        }
        finally
        {
            registration.Unregister();
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private void WakeAll()
    {
        lock (_items)
        {
            Monitor.PulseAll(_items);
        }
    }
}
