namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// Retention: solved tickets whose latest event is older than the configured age leave grain state and the ticket
/// index, a page at a time, on a durable reminder. Their audit chains and digest facts stay.
/// </summary>
[Alias("SlaEscalation.Contracts.Tickets.IRetentionGrain")]
public interface IRetentionGrain : IGrainWithStringKey
{
    /// <summary>The one instance's key.</summary>
    public const string Key = "sla-retention";

    /// <summary>Keeps the reminder registered and runs pages of the current pass now; returns the status after.</summary>
    [Alias("Run")]
    Task<RetentionStatus> RunAsync();

    /// <summary>Where the current pass is and what retention has removed so far.</summary>
    [Alias("GetStatus")]
    Task<RetentionStatus> GetStatusAsync();
}
