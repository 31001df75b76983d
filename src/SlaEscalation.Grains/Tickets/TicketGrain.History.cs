using Microsoft.Extensions.Logging;
using NodaTime;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Tickets;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Tickets;

/// <summary>
/// How a ticket reads its history for the engine. A long history is kept in this activation already mapped and
/// ordered, extended as events arrive, and its last evaluation is carried forward (<see cref="SlaExtrapolation"/>)
/// while nothing it depends on has changed (the history, the configuration version, the emitted transitions) and the
/// instant is before the next one at which it can change, so reads of a ticket with a long history do not map, sort
/// and derive it all again each time.
/// </summary>
public sealed partial class TicketGrain
{
    /// <summary>
    /// The history length from which the ordered history and the last evaluation are kept in the activation. Short
    /// histories cost less to derive again than to hold: a silo keeps many thousands of them active at once.
    /// </summary>
    public const int KeptHistoryFrom = 64;

    private TicketEvent[] ordered = [];
    private int orderedFrom;
    private ((int Events, long Version, int Emitted) Key, Instant At, TicketSlaEvaluation Evaluation)? lastEvaluation;

    /// <summary>The ticket's events as the engine reads them: deduplicated, in <see cref="TicketHistory"/> order.</summary>
    private TicketEvent[] OrderedHistory()
    {
        var events = state.State.Events;
        if (events.Count < KeptHistoryFrom)
        {
            return TicketHistory.Order(events.Select(TicketEventMapping.ToDomain));
        }

        if (orderedFrom != events.Count)
        {
            // Events are only ever appended: the ones after those already ordered are mapped and merged in, and
            // simply put after them when they come later in order (the common case), sparing a sort of them all.
            var mapped = orderedFrom <= events.Count ? orderedFrom : 0;
            var merged = mapped == 0 ? [] : ordered;
            var arrived = TicketHistory.Order(events.Skip(mapped).Select(TicketEventMapping.ToDomain));
            ordered = merged.Length > 0 && arrived.Length > 0 && TicketHistory.Compare(merged[^1], arrived[0]) < 0
                ? [.. merged, .. arrived]
                : TicketHistory.Order(merged.Concat(arrived));
            orderedFrom = events.Count;
        }

        return ordered;
    }

    /// <summary>The engine's evaluation of the history under <paramref name="configuration"/> at <paramref name="now"/>.</summary>
    private TicketSlaEvaluation Evaluate(VersionedConfiguration configuration, Instant now)
    {
        var key = (state.State.Events.Count, configuration.Version, state.State.Emitted.Count);
        if (lastEvaluation is { } last && last.Key == key
            && SlaExtrapolation.At(configuration.Configuration, last.Evaluation, last.At, now) is { } carried)
        {
            return carried;
        }

        // Emitted transitions are only ever added, so their count tells whether the pinned breaches may differ.
        var pinned = BreachPinning.Pinned(
            state.State.Emitted.Select(e => (e.Key, Instant.FromDateTimeOffset(e.Value.At), e.Value.ConfigurationVersion)),
            configuration.Version);
        // From the last evaluation: clocks it found achieved before the events since are kept, not derived again.
        var evaluation = SlaEngine.EvaluateOrdered(configuration.Configuration, OrderedHistory(), now, pinned, lastEvaluation?.Evaluation);
        lastEvaluation = state.State.Events.Count >= KeptHistoryFrom ? (key, now, evaluation) : null;
        return evaluation;
    }

    public Task<int> RefusesAsync(IReadOnlyList<TicketEventRecord> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return Task.FromResult(Refused(NewEvents(events)));
    }

    /// <summary>The events of a call the history does not hold yet, each once, in arrival order.</summary>
    private List<TicketEventRecord> NewEvents(IReadOnlyList<TicketEventRecord> events)
    {
        var fresh = new List<TicketEventRecord>(events.Count);
        HashSet<(string Source, string Id)>? seen = null;
        foreach (var record in events)
        {
            if (!known.Contains(state.State.Events, record) && (seen ??= []).Add((record.Source, record.Id)))
            {
                fresh.Add(record);
            }
        }

        return fresh;
    }

    /// <summary>
    /// How many of <paramref name="fresh"/> are refused: all of them when the history has no room for them all, so a
    /// call is stored whole or not at all, and a caller told <c>422</c> has changed nothing by asking.
    /// </summary>
    private int Refused(List<TicketEventRecord> fresh) =>
        TicketHistoryLimit.Admits(state.State.Events.Count, fresh.Count) < fresh.Count ? fresh.Count : 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Ticket}: {Refused} new event(s) refused; its history holds the most events a ticket keeps ({Limit})")]
    private static partial void LogHistoryFull(ILogger logger, string ticket, int refused, int limit);
}
