using Orleans.Concurrency;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Contracts.Escalations;

/// <summary>
/// One escalation: one ticket's metric instance following one runbook. Key = the escalation id
/// (<see cref="EscalationIds.Of"/>).
/// </summary>
[Alias("SlaEscalation.Contracts.Escalations.IEscalationGrain")]
public interface IEscalationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes a transition of its metric instance (at risk, breached, achieved) or of its ticket (solved). Idempotent
    /// by transition id: a repeat changes nothing.
    /// </summary>
    [Alias("Observe")]
    Task ObserveAsync(EscalationSubject subject, SlaTransition transition);

    /// <summary>The escalation as it stands; null before its first level.</summary>
    /// <remarks>
    /// Interleaves with a turn in progress: a turn waits on notification delivery, and Slack's delivery reads the
    /// escalation to render its message, so a read that queued behind the turn would close a cycle broken only by the
    /// call timeout. It sees the state the turn has reached, written or about to be.
    /// </remarks>
    [Alias("Get"), AlwaysInterleave]
    Task<EscalationView?> GetAsync();

    /// <summary>
    /// Acknowledges the current level: its repeats stop, and levels waiting on its acknowledgement stand down. In each
    /// command <c>by</c> is the person it is done for (the escalation's history shows it) and <c>actor</c> the
    /// authenticated principal, the actor of its audit entry (with <c>by</c> beside it when they differ).
    /// </summary>
    [Alias("Acknowledge")]
    Task<EscalationCommandResult> AcknowledgeAsync(string by, string actor);

    /// <summary>
    /// Hands the escalation to <paramref name="to"/> (<c>user:</c> or <c>team:</c>) explicitly; to its owner already, it
    /// changes nothing and answers <see cref="EscalationCommandOutcome.AlreadyOwner"/>.
    /// </summary>
    [Alias("HandOff")]
    Task<EscalationCommandResult> HandOffAsync(string to, string by, string reason, string actor);

    /// <summary>Ends the escalation by hand.</summary>
    [Alias("Resolve")]
    Task<EscalationCommandResult> ResolveAsync(string by, string? reason, string actor);
}

/// <summary>What an escalation is about: set by its first transition.</summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Contracts.Escalations.EscalationSubject")]
public sealed record EscalationSubject(
    [property: Id(0)] string TicketKey,
    [property: Id(1)] string Metric,
    [property: Id(2)] string InstanceId,
    [property: Id(3)] string RunbookId);
