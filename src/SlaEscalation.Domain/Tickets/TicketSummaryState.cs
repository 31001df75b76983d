namespace SlaEscalation.Domain.Tickets;

/// <summary>The one word the ticket list shows for a ticket's clocks, the most pressing first.</summary>
public enum TicketSummaryState
{
    /// <summary>No clock runs or ran.</summary>
    None,

    /// <summary>Every running clock is paused.</summary>
    Paused,

    /// <summary>A clock runs, none at risk.</summary>
    Active,

    /// <summary>A running clock passed its at-risk threshold.</summary>
    AtRisk,

    /// <summary>A clock breached and was not achieved since.</summary>
    Breached,

    /// <summary>The ticket is solved or closed, whatever its clocks did.</summary>
    Solved,
}
