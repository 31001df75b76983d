namespace SlaEscalation.Grains.Digests;

/// <summary>
/// Keeps a digest from reloading its counts from the ledger while facts are being recorded. Recordings run side by
/// side (every ticket of a team's day reports to one digest); a fact stored before a reload read the ledger but
/// counted after it would count twice, so a reload waits until no recording is in flight and holds new ones back
/// until it is done.
/// </summary>
/// <remarks>
/// Used from one grain activation's turns only, which never run at once, so it needs no locks. A grain turn cannot
/// express this: recordings must interleave with each other, and a reload must not interleave with them.
/// </remarks>
public sealed class DigestReloadGate
{
    private int recordings;
    private TaskCompletionSource? recordingsDone;
    private Task? reloading;

    /// <summary>Runs <paramref name="record"/> once no reload is under way.</summary>
    public async Task<T> RecordAsync<T>(Func<Task<T>> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        while (reloading is not null)
        {
            await reloading;
        }

        recordings++;
        try
        {
            return await record();
        }
        finally
        {
            if (--recordings == 0)
            {
                recordingsDone?.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="reload"/> once no recording is in flight, holding new recordings back until it has
    /// finished: it must put the reloaded counts in place itself, before a held recording counts a fact.
    /// </summary>
    public async Task ReloadAsync(Func<Task> reload)
    {
        ArgumentNullException.ThrowIfNull(reload);
        var reloaded = new TaskCompletionSource();
        reloading = reloaded.Task;
        try
        {
            while (recordings > 0)
            {
                recordingsDone = new TaskCompletionSource();
                await recordingsDone.Task;
            }

            await reload();
        }
        finally
        {
            (reloading, recordingsDone) = (null, null);
            reloaded.SetResult();
        }
    }
}
