namespace SlaEscalation.Domain.Simulations;

/// <summary>A ticket whose outcome the candidate changes, with both outcomes.</summary>
public sealed record ChangedTicket(string Key, OutcomeSummary Current, OutcomeSummary Candidate);
