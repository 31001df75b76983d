using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Escalations;

/// <summary>Durable state of an escalation.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Escalations.EscalationState")]
public sealed class EscalationState
{
    /// <summary>What it is about; null until the first transition arrives.</summary>
    [Id(0)] public EscalationSubject? Subject { get; set; }

    /// <summary>The ticket's team when the first level was raised (whose digest counts it).</summary>
    [Id(1)] public string Team { get; set; } = "";

    [Id(2)] public DateTimeOffset? AtRiskAt { get; set; }

    [Id(3)] public DateTimeOffset? BreachedAt { get; set; }

    /// <summary>The metric's deadline as last known.</summary>
    [Id(4)] public DateTimeOffset? Deadline { get; set; }

    /// <summary>The index of the next runbook level to consider (levels before it were raised or stood down).</summary>
    [Id(5)] public int NextLevel { get; set; }

    /// <summary>The level raised last, from 1; 0 before the first.</summary>
    [Id(6)] public int CurrentLevel { get; set; }

    [Id(7)] public DateTimeOffset? LevelRaisedAt { get; set; }

    /// <summary>When the current level was acknowledged; null while it waits.</summary>
    [Id(8)] public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>Re-notifications sent for the current level.</summary>
    [Id(9)] public int RepeatsSent { get; set; }

    /// <summary>Whether the current level's acknowledgement window has passed (reported once).</summary>
    [Id(10)] public bool AcknowledgementTimedOut { get; set; }

    [Id(11)] public string Owner { get; set; } = "";

    [Id(12)] public DateTimeOffset? RaisedAt { get; set; }

    [Id(13)] public DateTimeOffset UpdatedAt { get; set; }

    [Id(14)] public DateTimeOffset? ResolvedAt { get; set; }

    [Id(15)] public string? Resolution { get; set; }

    /// <summary>Transitions already observed, by id.</summary>
    [Id(16)] public HashSet<string> Observed { get; set; } = [];

    [Id(17)] public List<EscalationStep> History { get; set; } = [];

    [Id(18)] public List<string> TaskIds { get; set; } = [];

    /// <summary>Actions decided and recorded but not yet carried out (reassign, create_task, follow: tell the tasks of a new owner), oldest first.</summary>
    [Id(19)] public List<EscalationEffect> Effects { get; set; } = [];

    /// <summary>Audit facts and notices not yet delivered.</summary>
    [Id(20)] public NoticeOutbox Outbox { get; set; } = new();

    /// <summary>When the reminder is due; null when none is registered.</summary>
    [Id(21)] public DateTimeOffset? ReminderDueAt { get; set; }

    [Id(22)] public string? Priority { get; set; }

    /// <summary>Whether the escalation was raised and not yet resolved.</summary>
    public bool IsOpen => CurrentLevel > 0 && ResolvedAt is null;
}

/// <summary>
/// An action of a raised level, recorded before it is carried out; <see cref="Key"/> makes carrying it out
/// idempotent (the ticket drops a repeated reassignment, the tracker a repeated task).
/// </summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Escalations.EscalationEffect")]
public sealed record EscalationEffect(
    [property: Id(0)] string Key,
    [property: Id(1)] string Kind,
    [property: Id(2)] int Level,
    [property: Id(3)] TicketOwner? NewTicketOwner,
    [property: Id(4)] string? EngineeringTeam);
