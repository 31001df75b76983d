using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// Walks the solved tickets of the ticket index whose entry is older than the retention age, in key order, a page at
/// a time, asks each ticket to forget itself (it refuses when it heard again, is not solved or still owes something),
/// and removes the index entry of each that did. The cursor is saved after every page and a reminder resumes the pass
/// after a crash; a tick runs at most <see cref="PagesPerTick"/> pages, so a backlog is worked off over several ticks.
/// </summary>
public sealed partial class RetentionGrain(
    [PersistentState("slaRetention", "Default")] IPersistentState<RetentionState> state,
    ITicketIndex index,
    RetentionPolicy policy,
    TimeProvider time,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    /// <summary>The reminder that keeps retention going.</summary>
    public const string Reminder = "sla-retention";

    /// <summary>The most tickets one page asks.</summary>
    public const int PageSize = 200;

    /// <summary>The most pages one tick runs: 5,000 tickets.</summary>
    public const int PagesPerTick = 25;

    /// <summary>How often the reminder ticks.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    public async Task<RetentionStatus> RunAsync()
    {
        await this.RegisterOrUpdateReminder(Reminder, Period, Period);
        await RunPagesAsync();
        return Status();
    }

    public Task<RetentionStatus> GetStatusAsync() => Task.FromResult(Status());

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Reminder ? RunPagesAsync() : Task.CompletedTask;

    private async Task RunPagesAsync()
    {
        for (var pages = 0; pages < PagesPerTick; pages++)
        {
            var now = time.GetUtcNow();
            state.State.SolvedBefore ??= now - policy.SolvedTicketAge;
            var page = await index.ListSolvedBeforeAsync(state.State.SolvedBefore.Value, state.State.Cursor, PageSize);
            var removed = 0;
            foreach (var key in page)
            {
                if (await GrainFactory.GetGrain<ITicketGrain>(key).ForgetAsync(state.State.SolvedBefore.Value))
                {
                    await index.RemoveSolvedAsync(key);
                    removed++;
                }
            }

            state.State.TicketsRemoved += removed;
            var complete = page.Count < PageSize;
            state.State.Cursor = complete ? null : page[^1];
            if (complete)
            {
                LogPassCompleted(logger, state.State.SolvedBefore.Value, state.State.TicketsRemoved);
                state.State.SolvedBefore = null;
                state.State.LastPassCompletedAt = now;
            }

            await state.WriteStateAsync();
            if (complete)
            {
                return;
            }
        }
    }

    private RetentionStatus Status() =>
        new(state.State.Cursor, state.State.SolvedBefore, state.State.TicketsRemoved, state.State.LastPassCompletedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention pass over tickets solved and quiet before {SolvedBefore:O} complete ({Total} tickets removed so far)")]
    private static partial void LogPassCompleted(ILogger logger, DateTimeOffset solvedBefore, long total);
}
