using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Runbooks;

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

    /// <summary>
    /// Where states written before <see cref="Outbox"/> kept their undelivered facts and notices; read only, and
    /// emptied into <see cref="Outbox"/> by <see cref="UpgradeOutbox"/>.
    /// </summary>
    [Id(20)] public LegacyNoticeOutbox LegacyOutbox { get; set; } = new();

    /// <summary>When the reminder is due; null when none is registered.</summary>
    [Id(21)] public DateTimeOffset? ReminderDueAt { get; set; }

    [Id(22)] public string? Priority { get; set; }

    /// <summary>Audit facts and notices not yet delivered.</summary>
    [Id(23)] public StepDeliveries Outbox { get; set; } = new();

    /// <summary>Moves what a state written before <see cref="Outbox"/> still owes into it; done on activation.</summary>
    public void UpgradeOutbox() => LegacyOutbox.MoveTo(Outbox);

    /// <summary>Whether the escalation was raised and not yet resolved.</summary>
    public bool IsOpen => CurrentLevel > 0 && ResolvedAt is null;

    /// <summary>Where the escalation stands on its runbook, as the Domain reads it.</summary>
    public EscalationProgress Progress
    {
        get => new(AtRiskAt, BreachedAt, Deadline, NextLevel, CurrentLevel, LevelRaisedAt, AcknowledgedAt, RepeatsSent, AcknowledgementTimedOut, Owner, Team, RaisedAt, ResolvedAt, Resolution);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            (AtRiskAt, BreachedAt, Deadline, NextLevel, CurrentLevel, LevelRaisedAt, AcknowledgedAt) =
                (value.AtRiskAt, value.BreachedAt, value.Deadline, value.NextLevel, value.CurrentLevel, value.LevelRaisedAt, value.AcknowledgedAt);
            (RepeatsSent, AcknowledgementTimedOut, Owner, Team, RaisedAt, ResolvedAt, Resolution) =
                (value.RepeatsSent, value.AcknowledgementTimedOut, value.Owner, value.Team, value.RaisedAt, value.ResolvedAt, value.Resolution);
        }
    }
}

/// <summary>
/// An effect of a step, recorded before it is carried out; <see cref="Key"/> makes carrying it out idempotent (the
/// ticket drops a repeated reassignment, the tracker a repeated task).
/// </summary>
/// <param name="Key">What makes carrying it out idempotent.</param>
/// <param name="StoredKind">
/// The effect's kind as states have always stored it (<c>reassign</c>, <c>create_task</c>, <c>follow</c>), so that an
/// effect written before <see cref="Kind"/> was an enum is still carried out; read <see cref="Kind"/>.
/// </param>
/// <param name="Level">The level that asked for it.</param>
/// <param name="NewTicketOwner">For a reassignment: who the ticket goes to.</param>
/// <param name="EngineeringTeam">For a task: the engineering team of the level's owner.</param>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Escalations.EscalationEffect")]
public sealed record EscalationEffect(
    [property: Id(0)] string Key,
    [property: Id(1)] string StoredKind,
    [property: Id(2)] int Level,
    [property: Id(3)] TicketOwner? NewTicketOwner,
    [property: Id(4)] string? EngineeringTeam)
{
    public EscalationEffect(string key, RunbookEffectKind kind, int level, TicketOwner? newTicketOwner, string? engineeringTeam)
        : this(key, kind switch
        {
            RunbookEffectKind.Reassign => "reassign",
            RunbookEffectKind.CreateTask => "create_task",
            _ => "follow",
        }, level, newTicketOwner, engineeringTeam)
    {
    }

    /// <summary>What to carry out; null for a kind this version does not know, which is dropped.</summary>
    public RunbookEffectKind? Kind => StoredKind switch
    {
        "reassign" => RunbookEffectKind.Reassign,
        "create_task" => RunbookEffectKind.CreateTask,
        "follow" => RunbookEffectKind.FollowOwner,
        _ => null,
    };
}
