using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Operations;

namespace SlaEscalation.Grains.Tickets;

/// <summary>Durable state of a ticket grain.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Tickets.TicketState")]
public sealed class TicketState
{
    /// <summary>Every accepted event, in arrival order (the Domain orders them by time).</summary>
    [Id(0)] public List<TicketEventRecord> Events { get; set; } = [];

    /// <summary>Transitions already emitted, by transition id, with the configuration version they were emitted under.</summary>
    [Id(1)] public Dictionary<string, EmittedTransition> Emitted { get; set; } = [];

    /// <summary>
    /// Where states written before <see cref="Outbox"/> kept their unpublished transitions; read only, and emptied
    /// into <see cref="Outbox"/> by <see cref="UpgradeOutbox"/>.
    /// </summary>
    [Id(2)] public List<SlaTransition> LegacyOutbox { get; set; } = [];

    [Id(3)] public TicketOwner? Owner { get; set; }

    /// <summary>The instant the clock reminder is registered for; null when none is registered.</summary>
    [Id(4)] public DateTimeOffset? ReminderDueAt { get; set; }

    /// <summary>The configuration version the clocks were last derived under.</summary>
    [Id(5)] public long ConfigurationVersion { get; set; }

    /// <summary>What the ticket index last received, so it is written only when something it shows changed.</summary>
    [Id(6)] public string? IndexedFingerprint { get; set; }

    /// <summary>The team whose rotation assigned the current agent; null when the helpdesk assigned it or none is.</summary>
    [Id(7)] public string? AgentAssignedBy { get; set; }

    /// <summary>The head of the ticket's audit chain and the entries recorded but not yet appended to the trail.</summary>
    [Id(8)] public AuditChainState Audit { get; set; } = new();

    /// <summary>The policy the clocks were last derived under, so a change of policy is audited once.</summary>
    [Id(9)] public string? AppliedPolicyId { get; set; }

    /// <summary>An explicit owner set outside the helpdesk (an escalation's reassignment); null when routing decides.</summary>
    [Id(10)] public OwnerReassignment? OwnerOverride { get; set; }

    /// <summary>Whether the ticket was solved when its last lifecycle transition was emitted; null before <c>ticket.created</c>.</summary>
    [Id(11)] public bool? LifecycleSolved { get; set; }

    /// <summary>Keys of the audit facts other grains recorded through this ticket, so a retried fact is recorded once.</summary>
    [Id(12)] public HashSet<string> RecordedFacts { get; set; } = [];

    /// <summary>
    /// Transitions published but not yet confirmed by the escalation follower, with when they were published. They
    /// are published again until confirmed: a memory stream loses what a dying silo held.
    /// </summary>
    [Id(13)] public List<UnconfirmedTransition> Unconfirmed { get; set; } = [];

    /// <summary>Transitions recorded but not yet published.</summary>
    [Id(14)] public Outbox<SlaTransition> Outbox { get; set; } = new();

    /// <summary>Moves what a state written before <see cref="Outbox"/> still owes into it (ahead: it is older); done on activation.</summary>
    public void UpgradeOutbox()
    {
        Outbox.Prepend(LegacyOutbox);
        LegacyOutbox.Clear();
    }
}
