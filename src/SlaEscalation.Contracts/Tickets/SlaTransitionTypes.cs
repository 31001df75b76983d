namespace SlaEscalation.Contracts.Tickets;

/// <summary>The transition types of the internal event bus.</summary>
public static class SlaTransitionTypes
{
    public const string AtRisk = "sla.at_risk";
    public const string Breached = "sla.breached";
    public const string Achieved = "sla.achieved";
    public const string OwnerChanged = "ticket.owner_changed";

    /// <summary>The stream namespace transitions are published on, keyed by ticket key.</summary>
    public const string StreamNamespace = "sla-transitions";
}
