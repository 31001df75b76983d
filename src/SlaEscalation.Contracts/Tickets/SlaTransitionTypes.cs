namespace SlaEscalation.Contracts.Tickets;

/// <summary>The transition types of the internal event bus.</summary>
public static class SlaTransitionTypes
{
    public const string AtRisk = "sla.at_risk";
    public const string Breached = "sla.breached";
    public const string Achieved = "sla.achieved";
    public const string OwnerChanged = "ticket.owner_changed";

    /// <summary>The ticket's <c>ticket.created</c> event was applied (once per ticket).</summary>
    public const string TicketCreated = "ticket.created";

    /// <summary>The ticket entered <c>solved</c> or <c>closed</c>.</summary>
    public const string TicketSolved = "ticket.solved";

    /// <summary>A solved ticket became unsolved again.</summary>
    public const string TicketReopened = "ticket.reopened";

    /// <summary>The stream namespace transitions are published on, keyed by ticket key.</summary>
    public const string StreamNamespace = "sla-transitions";
}
