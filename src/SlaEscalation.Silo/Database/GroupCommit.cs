using Npgsql;

namespace SlaEscalation.Silo.Database;

/// <summary>
/// Group commit: writes that many grains submit at the same time reach PostgreSQL together, as one statement or one
/// transaction, and each caller's task completes only when that statement or transaction has committed (or fails
/// with its error). A round trip and a commit cost about the same for one row as for a hundred, so under load the
/// cost per write falls with the number waiting; alone, a write goes at once, in a batch of one.
/// </summary>
/// <remarks>
/// At most <c>maxConcurrent</c> batches are in flight; whatever arrives meanwhile waits and forms the next batch, up
/// to <c>maxBatch</c> writes. The batches run on the thread pool, never on a caller's grain scheduler, and without
/// a caller's execution context.
/// </remarks>
/// <typeparam name="TWrite">One caller's write.</typeparam>
/// <typeparam name="TResult">What one caller learns of its write.</typeparam>
public sealed class GroupCommit<TWrite, TResult>
{
    private readonly Func<IReadOnlyList<TWrite>, Task<IReadOnlyList<WriteOutcome<TResult>>>> commit;
    private readonly int maxBatch;
    private readonly int maxConcurrent;
    private readonly Func<Exception, bool> retryAlone;
    private readonly NpgsqlDataSource? pool;
    private readonly Lock gate = new();
    private readonly Queue<Waiting> waiting = new();
    private int running;

    /// <param name="commit">
    /// Writes a batch durably and returns one outcome per write, in order; throwing fails every write of the batch.
    /// </param>
    /// <param name="maxBatch">The most writes one batch takes.</param>
    /// <param name="maxConcurrent">The most batches in flight at once.</param>
    /// <param name="retryAlone">
    /// Whether a batch of several that failed with this error is tried again one write at a time: an error that may
    /// belong to one write (a value the database refuses) must not fail the others. Null: never.
    /// </param>
    /// <param name="pool">
    /// The connections the batches use: when the server turns out to have terminated one, its idle ones are dropped
    /// and the batch runs once more.
    /// </param>
    public GroupCommit(
        Func<IReadOnlyList<TWrite>, Task<IReadOnlyList<WriteOutcome<TResult>>>> commit,
        int maxBatch,
        int maxConcurrent,
        Func<Exception, bool>? retryAlone = null,
        NpgsqlDataSource? pool = null)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        this.commit = commit;
        this.maxBatch = maxBatch;
        this.maxConcurrent = maxConcurrent;
        this.retryAlone = retryAlone ?? (_ => false);
        this.pool = pool;
    }

    /// <summary>Queues <paramref name="write"/>; the task completes once it is committed, or fails with its error.</summary>
    public Task<TResult> WriteAsync(TWrite write)
    {
        var entry = new Waiting(write);
        bool start;
        lock (gate)
        {
            waiting.Enqueue(entry);
            start = running < maxConcurrent;
            if (start)
            {
                running++;
            }
        }

        if (start)
        {
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(DrainAsync);
            }
        }

        return entry.Completion.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            Waiting[] batch;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    running--;
                    return;
                }

                batch = new Waiting[Math.Min(maxBatch, waiting.Count)];
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = waiting.Dequeue();
                }
            }

            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(Waiting[] batch, bool reconnected = false)
    {
        try
        {
            var outcomes = await commit(Array.ConvertAll(batch, w => w.Write));
            if (outcomes.Count != batch.Length)
            {
                throw new InvalidOperationException($"a batch of {batch.Length} writes returned {outcomes.Count} outcomes");
            }

            for (var i = 0; i < batch.Length; i++)
            {
                if (outcomes[i].Error is { } error)
                {
                    batch[i].Completion.TrySetException(error);
                }
                else
                {
                    batch[i].Completion.TrySetResult(outcomes[i].Value!);
                }
            }
        }
        catch (PostgresException ex) when (pool is not null && !reconnected && ex.SqlState == TerminatedConnection)
        {
            // The server ended the connection before the batch ran on it: an idle pooled connection that a restart
            // or an administrator terminated. Nothing of the batch committed (a commit that completed is read before
            // the termination), and the pool's other idle connections went the same way: drop them, and try again
            // on a new one, so the first write after the database is back is not refused.
            pool.Clear();
            await CommitAsync(batch, reconnected: true);
        }
        catch (Exception ex) when (batch.Length > 1 && retryAlone(ex))
        {
            foreach (var entry in batch)
            {
                await CommitAsync([entry]);
            }
        }
        catch (Exception ex)
        {
            // Every caller of the batch hears of the failure; none is left waiting. The next batch may well
            // succeed (a dropped connection, a deadlock victim).
            foreach (var entry in batch)
            {
                entry.Completion.TrySetException(ex);
            }
        }
    }

    /// <summary>PostgreSQL's <c>admin_shutdown</c>: the server terminated the connection.</summary>
    private const string TerminatedConnection = "57P01";

    private sealed class Waiting(TWrite write)
    {
        public TWrite Write { get; } = write;

        // Callers' continuations run elsewhere, never inline on the loop that commits the next batch.
        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What became of one write of a group commit: its result, or the error it alone failed with.</summary>
public readonly record struct WriteOutcome<TResult>(TResult? Value, Exception? Error)
{
    public static WriteOutcome<TResult> Done(TResult value) => new(value, null);

    public static WriteOutcome<TResult> Failed(Exception error) => new(default, error);
}
