using SlaEscalation.Silo.Database;

namespace SlaEscalation.Silo.Tests.Database;

/// <summary>Group commit without a database: what forms a batch, and who hears of which failure.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Writes_that_arrive_while_a_batch_is_in_flight_go_together_in_the_next()
    {
        var batches = new List<int[]>();
        var firstHeld = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var commit = new GroupCommit<int, int>(
            async batch =>
            {
                lock (batches)
                {
                    batches.Add([.. batch]);
                }

                if (batch[0] == 0)
                {
                    firstHeld.SetResult();
                    await releaseFirst.Task;
                }

                return batch.Select(w => WriteOutcome<int>.Done(w * 10)).ToArray();
            },
            maxBatch: 100,
            maxConcurrent: 1);

        var first = commit.WriteAsync(0);
        await firstHeld.Task;
        var rest = Enumerable.Range(1, 7).Select(commit.WriteAsync).ToArray();
        Assert.All(rest, t => Assert.False(t.IsCompleted));
        releaseFirst.SetResult();

        var results = await Task.WhenAll([first, .. rest]);
        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70], results);
        Assert.Equal([[0], [1, 2, 3, 4, 5, 6, 7]], batches);
    }

    [Fact]
    public async Task A_batch_never_takes_more_than_its_limit()
    {
        var sizes = new List<int>();
        var entered = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        var commit = new GroupCommit<int, int>(
            async batch =>
            {
                sizes.Add(batch.Count);
                entered.TrySetResult();
                await held.Task;
                return batch.Select(WriteOutcome<int>.Done).ToArray();
            },
            maxBatch: 3,
            maxConcurrent: 1);

        var first = commit.WriteAsync(0);
        await entered.Task;
        var writes = Enumerable.Range(1, 7).Select(commit.WriteAsync).ToArray();
        held.SetResult();
        await Task.WhenAll([first, .. writes]);

        Assert.Equal([1, 3, 3, 1], sizes);
    }

    [Fact]
    public async Task A_write_refused_alone_fails_only_its_caller()
    {
        var commit = new GroupCommit<int, int>(
            batch => Task.FromResult<IReadOnlyList<WriteOutcome<int>>>(batch
                .Select(w => w == 2 ? WriteOutcome<int>.Failed(new InvalidOperationException("two is refused")) : WriteOutcome<int>.Done(w))
                .ToArray()),
            maxBatch: 10,
            maxConcurrent: 1);

        var writes = Enumerable.Range(0, 4).Select(commit.WriteAsync).ToArray();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[2]);
        Assert.Equal("two is refused", refused.Message);
        var stored = await Task.WhenAll(writes.Where((_, i) => i != 2));
        Assert.Equal([0, 1, 3], stored);
    }

    [Fact]
    public async Task A_failed_batch_fails_each_of_its_callers_and_the_next_batch_still_runs()
    {
        var calls = 0;
        var entered = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        var commit = new GroupCommit<int, int>(
            async batch =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    entered.SetResult();
                    await held.Task;
                    throw new TimeoutException("connection lost");
                }

                return batch.Select(WriteOutcome<int>.Done).ToArray();
            },
            maxBatch: 10,
            maxConcurrent: 1);

        var failing = commit.WriteAsync(1);
        await entered.Task;
        var later = new[] { commit.WriteAsync(2), commit.WriteAsync(3) };
        held.SetResult();

        await Assert.ThrowsAsync<TimeoutException>(() => failing);
        var stored = await Task.WhenAll(later);
        Assert.Equal([2, 3], stored);
    }

    [Fact]
    public async Task A_batch_that_fails_for_one_bad_write_is_retried_one_write_at_a_time()
    {
        var held = new TaskCompletionSource();
        var commit = new GroupCommit<int, int>(
            async batch =>
            {
                await held.Task;
                return batch.Contains(13)
                    ? throw new FormatException("13 cannot be stored")
                    : batch.Select(WriteOutcome<int>.Done).ToArray();
            },
            maxBatch: 10,
            maxConcurrent: 1,
            retryAlone: ex => ex is FormatException);

        var writes = new[] { 11, 12, 13, 14 }.Select(commit.WriteAsync).ToArray();
        held.SetResult();

        await Assert.ThrowsAsync<FormatException>(() => writes[2]);
        var stored = await Task.WhenAll(writes.Where((_, i) => i != 2));
        Assert.Equal([11, 12, 14], stored);
    }

    [Fact]
    public async Task Concurrent_writers_each_get_their_own_result()
    {
        var commit = new GroupCommit<int, int>(
            async batch =>
            {
                await Task.Yield();
                return batch.Select(w => WriteOutcome<int>.Done(-w)).ToArray();
            },
            maxBatch: 16,
            maxConcurrent: 3);

        var results = await Task.WhenAll(Enumerable.Range(0, 2_000).Select(i => Task.Run(() => commit.WriteAsync(i))));

        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => -i), results);
    }
}
