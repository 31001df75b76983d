namespace SlaEscalation.Domain.Tickets;

/// <summary>A ticket's priority; wire names are <c>low|normal|high|urgent</c>.</summary>
public enum Priority
{
    Low,
    Normal,
    High,
    Urgent,
}
