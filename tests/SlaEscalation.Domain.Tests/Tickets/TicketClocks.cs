using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Tickets;

/// <summary>Clocks and evaluations written by hand, on Monday 2 March 2026, so a case reads as the situation it tests.</summary>
internal static class TicketClocks
{
    /// <summary>An instant on the test day, from <c>HH:mm</c> UTC.</summary>
    public static Instant At(string time)
    {
        var parts = time.Split(':');
        return Instant.FromUtc(2026, 3, 2, int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A ticket created at 09:00 with <paramref name="status"/>.</summary>
    public static TicketSnapshot Ticket(TicketStatus status = TicketStatus.Open) =>
        TicketSnapshot.Unknown with { CreatedAt = At("09:00"), Status = status };

    /// <summary>
    /// A clock started at 09:00 with its deadline, and the transitions it went through, each written
    /// <c>kind@HH:mm</c> (<c>at_risk@09:45</c>, <c>breached@10:00</c>, <c>achieved@10:30</c>).
    /// </summary>
    public static MetricInstance Clock(string id, MetricState state, string? deadline = null, params string[] transitions)
    {
        var happened = transitions.Select(Transition).ToArray();
        return new MetricInstance
        {
            Id = id,
            Metric = id.StartsWith("next_reply", StringComparison.Ordinal) ? SlaMetric.NextReply
                : id.StartsWith("resolution", StringComparison.Ordinal) ? SlaMetric.Resolution
                : SlaMetric.FirstReply,
            Cycle = 0,
            State = state,
            StartedAt = At("09:00"),
            Deadline = deadline is null ? null : At(deadline),
            AtRiskAt = happened.FirstOrDefault(t => t.Kind == MetricTransitionKind.AtRisk)?.At,
            BreachedAt = happened.FirstOrDefault(t => t.Kind == MetricTransitionKind.Breached)?.At,
            AchievedAt = happened.FirstOrDefault(t => t.Kind == MetricTransitionKind.Achieved)?.At,
            Elapsed = Duration.Zero,
            Target = new MetricTarget(Duration.FromHours(1), "c"),
            Transitions = happened,
        };
    }

    public static TicketSlaEvaluation Evaluation(TicketSnapshot ticket, params MetricInstance[] clocks) =>
        new(ticket, "standard", clocks, null);

    /// <summary>A comma-separated list, empty for none.</summary>
    public static string[] List(string text) =>
        text.Length == 0 ? [] : text.Split(',');

    private static MetricTransition Transition(string text)
    {
        var parts = text.Split('@');
        var kind = parts[0] switch
        {
            "at_risk" => MetricTransitionKind.AtRisk,
            "breached" => MetricTransitionKind.Breached,
            "achieved" => MetricTransitionKind.Achieved,
            _ => throw new ArgumentException($"unknown transition '{text}'", nameof(text)),
        };
        return new MetricTransition(kind, At(parts[1]));
    }
}
