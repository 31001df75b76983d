using SlaEscalation.Contracts.Escalations;

namespace SlaEscalation.Grains.Escalations;

/// <summary>A notice waiting to go onto the event bus and to the notifier.</summary>
/// <param name="Notice">The notice.</param>
/// <param name="Recipient">Who it is also addressed to (the owner, for a <c>notify</c> action); null for the team only.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Escalations.PendingNotice")]
public sealed record PendingNotice([property: Id(0)] EscalationNotice Notice, [property: Id(1)] string? Recipient);
