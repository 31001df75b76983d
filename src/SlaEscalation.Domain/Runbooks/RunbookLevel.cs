using NodaTime;

namespace SlaEscalation.Domain.Runbooks;

/// <summary>
/// One escalation level: raised by <see cref="Trigger"/>, owned by <see cref="Owner"/>, doing
/// <see cref="Actions"/>; unacknowledged after <see cref="AcknowledgeWithin"/>, it repeats up to
/// <see cref="Repeats"/> more times.
/// </summary>
public sealed record RunbookLevel(
    EscalationTrigger Trigger,
    EscalationOwner Owner,
    IReadOnlyList<EscalationAction> Actions,
    Duration AcknowledgeWithin,
    int Repeats);
