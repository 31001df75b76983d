namespace SlaEscalation.Contracts.Escalations;

/// <summary>
/// Follows one ticket's transitions on the event bus (an implicit subscription, key = ticket key) and turns them into
/// escalation steps and outbound notifications.
/// </summary>
[Alias("SlaEscalation.Contracts.Escalations.ITicketFollowerGrain")]
public interface ITicketFollowerGrain : IGrainWithStringKey;
