using NodaTime;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Domain.Simulations;

namespace SlaEscalation.Grains.Simulations;

/// <summary>What people did to escalations, read from the steps the escalations recorded.</summary>
public static class RecordedInterventions
{
    /// <summary>
    /// The acknowledgements and the resolutions by a person (not the runbook's own, which replays again) in
    /// <paramref name="escalations"/>, by ticket.
    /// </summary>
    public static ILookup<string, EscalationIntervention> ByTicket(IEnumerable<EscalationView> escalations)
    {
        ArgumentNullException.ThrowIfNull(escalations);
        return escalations
            .SelectMany(e => e.History.Select(step => (e.TicketKey, e.InstanceId, Step: step)))
            .Select(s => (s.TicketKey, Kind: KindOf(s.Step), s.InstanceId, s.Step.At))
            .Where(s => s.Kind is not null)
            .ToLookup(s => s.TicketKey, s => new EscalationIntervention(s.InstanceId, Instant.FromDateTimeOffset(s.At), s.Kind!.Value), StringComparer.Ordinal);
    }

    private static EscalationInterventionKind? KindOf(EscalationStep step) => step.Step switch
    {
        "acknowledged" => EscalationInterventionKind.Acknowledged,
        // A resolution's detail starts with why it ended: "achieved" and "solved" are the runbook's own.
        "resolved" when step.Detail is "resolved" || step.Detail?.StartsWith("resolved: ", StringComparison.Ordinal) == true => EscalationInterventionKind.Resolved,
        _ => null,
    };
}
