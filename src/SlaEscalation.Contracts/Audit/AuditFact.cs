namespace SlaEscalation.Contracts.Audit;

/// <summary>
/// What happened, as a caller says it: an <see cref="AuditEntry"/> without its place in a chain. The chain's single
/// writer gives it a sequence number and hashes (see <c>AuditChain</c> in the grains).
/// </summary>
/// <param name="At">When it happened (stored to the microsecond, in UTC).</param>
/// <param name="ActorKind">Who did it: the system, a user or an adapter.</param>
/// <param name="Actor">The actor's name: an API key's name, or the part of the system, e.g. <c>sla-engine</c>.</param>
/// <param name="TicketKey">The ticket it is about; null when none (configuration changes).</param>
/// <param name="Action">What happened.</param>
/// <param name="Before">JSON text of what it was before; null when nothing was.</param>
/// <param name="After">JSON text of what it is after; null when nothing is.</param>
/// <param name="CausedBy">The id of the event (or change) that caused it; null when none.</param>
/// <param name="OnBehalfOf">
/// Whom the actor says it acted for (a command's <c>by</c>), recorded beside the actor and never as it; null when the
/// actor acted for itself.
/// </param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Audit.AuditFact")]
public sealed record AuditFact(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] AuditActorKind ActorKind,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? TicketKey,
    [property: Id(4)] AuditAction Action,
    [property: Id(5)] string? Before,
    [property: Id(6)] string? After,
    [property: Id(7)] string? CausedBy,
    [property: Id(8)] string? OnBehalfOf = null)
{
    /// <summary>
    /// The <see cref="OnBehalfOf"/> of a command sent by <paramref name="actor"/> (the authenticated principal) naming
    /// <paramref name="by"/>: null when <paramref name="by"/> is the actor itself.
    /// </summary>
    public static string? OnBehalfOfFor(string by, string actor) =>
        string.Equals(by, actor, StringComparison.Ordinal) ? null : by;
}
