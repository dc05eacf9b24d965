using Platter.Core.Threading;

namespace Platter.Dumps.Tests.IO;

/// <summary>The queue between the decompressor, the parser and the database writer.</summary>
public sealed class HandOffTests
{
    [Fact]
    public async Task Every_item_arrives_once_and_in_order_through_a_full_queue()
    {
        var queue = new HandOff<int>(2);
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                Assert.True(queue.Add(i));
            }

            queue.Complete();
        });

        var taken = new List<int>();
        while (queue.TryTake(out var item))
        {
            taken.Add(item);
        }

        await producer;
        Assert.Equal(Enumerable.Range(0, 10_000), taken);
    }

    [Fact]
    public async Task Closing_releases_a_producer_blocked_on_a_full_queue_and_returns_what_was_queued()
    {
        var queue = new HandOff<string>(1);
        Assert.True(queue.Add("first"));
        var blocked = Task.Run(() => queue.Add("second"));
        await Task.Delay(100);
        Assert.False(blocked.IsCompleted);

        Assert.Equal(["first"], queue.Close());
        Assert.False(await blocked);
        Assert.False(queue.Add("third"));
        Assert.False(queue.TryTake(out _));
    }

    [Fact]
    public async Task Cancelling_wakes_a_consumer_waiting_on_an_empty_queue()
    {
        var queue = new HandOff<int>(4);
        using var cts = new CancellationTokenSource();
        var waiting = Task.Run(() => queue.TryTake(out _, cts.Token));
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        await cts.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void A_completed_queue_is_drained_before_it_reports_the_end_and_refuses_more_items()
    {
        var queue = new HandOff<int>(3);
        queue.Add(1);
        queue.Add(2);
        queue.Complete();

        Assert.True(queue.TryTake(out var a));
        Assert.True(queue.TryTake(out var b));
        Assert.False(queue.TryTake(out _));
        Assert.Equal((1, 2), (a, b));
        var e = Assert.Throws<InvalidOperationException>(() => queue.Add(3));
        Assert.Equal("the queue was completed: no more items can be added", e.Message);
    }

    [Fact]
    public void A_cancel_that_lands_just_as_a_producer_starts_waiting_still_wakes_it()
    {
        // The cancel races the producer's registration for a wake-up; before the fix, a cancel
        // that came first ran the wake-up before anyone waited, and the producer slept forever.
        for (var i = 0; i < 5_000; i++)
        {
            var queue = new HandOff<int>(1);
            Assert.True(queue.Add(0));
            using var cancel = new CancellationTokenSource();
            using var started = new ManualResetEventSlim();
            Exception? outcome = null;
            var producer = new Thread(() =>
            {
                started.Set();
                try
                {
                    _ = queue.Add(1, cancel.Token);
                }
                catch (OperationCanceledException e)
                {
                    outcome = e;
                }
            });
            producer.Start();
            started.Wait();
            Thread.SpinWait(Random.Shared.Next(0, 400));
            cancel.Cancel();
            var ended = producer.Join(TimeSpan.FromSeconds(5));
            if (!ended)
            {
                _ = queue.Close(); // let it go before failing
                producer.Join();
            }

            Assert.True(ended, $"attempt {i}: the cancelled producer was still waiting after 5 s");
            Assert.IsType<OperationCanceledException>(outcome);
        }
    }
}
