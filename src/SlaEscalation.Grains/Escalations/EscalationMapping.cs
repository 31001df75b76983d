using System.Text.Json;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Domain.Runbooks;

namespace SlaEscalation.Grains.Escalations;

/// <summary>
/// How an escalation's steps read to others: the notice each step publishes, the audit facts the runbook's own steps
/// record on the ticket's chain, and the view the API shows. The ids built here make delivery idempotent, so they
/// never change for a step already recorded.
/// </summary>
internal static class EscalationMapping
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The notice of <paramref name="step"/>, just appended to <paramref name="state"/>'s history, addressed to the
    /// step's owner too when it notifies them. <paramref name="level"/> is the runbook level a raise belongs to.
    /// </summary>
    public static PendingNotice NoticeOf(string id, EscalationState state, RunbookStep step, RunbookLevel? level)
    {
        var (type, suffix, detail, notifyOwner) = step.Kind switch
        {
            RunbookStepKind.Raised => (EscalationNoticeTypes.Raised, $"L{step.Level}/raised", level!.Trigger.ToString(), level.Actions.Contains(EscalationAction.Notify)),
            RunbookStepKind.AcknowledgementTimedOut => (EscalationNoticeTypes.AcknowledgementTimedOut, $"L{step.Level}/ack_timed_out", null, false),
            RunbookStepKind.Notified => (EscalationNoticeTypes.Renotified, $"L{step.Level}/repeat#{step.Repeat}", null, true),
            RunbookStepKind.Acknowledged => (EscalationNoticeTypes.Acknowledged, $"L{step.Level}/acknowledged", null, false),
            RunbookStepKind.HandedOff => (EscalationNoticeTypes.HandedOff, $"handoff#{state.History.Count}", step.Detail, false),
            _ => (EscalationNoticeTypes.Resolved, "resolved", state.Resolution, false),
        };
        var subject = state.Subject!;
        var notice = new EscalationNotice(
            $"{id}/{suffix}",
            type,
            subject.TicketKey,
            id,
            state.Team,
            subject.Metric,
            step.Level,
            step.Owner,
            step.At,
            step.Actor,
            detail,
            null,
            state.Priority);
        return new PendingNotice(notice, notifyOwner ? step.Owner : null);
    }

    /// <summary>The audit fact of <paramref name="step"/>, just appended to <paramref name="state"/>'s history, keyed by its place there.</summary>
    public static PendingFact FactOf(
        string id, EscalationState state, RunbookStep step, AuditActorKind kind, AuditAction action, string? before, string? after, (string Actor, string By)? command = null) =>
        new(
            $"{id}/step#{state.History.Count}",
            new AuditFact(step.At, kind, command?.Actor ?? step.Actor, state.Subject!.TicketKey, action, before, after, id,
                command is { } c ? AuditFact.OnBehalfOfFor(c.By, c.Actor) : null));

    /// <summary>The audit fact of a step the runbook took on its own (a raise, a missed acknowledgement); null for other steps.</summary>
    public static PendingFact? RunbookFactOf(string id, EscalationState state, RunbookStep step, RunbookLevel? level, EscalationNotice notice) => step.Kind switch
    {
        RunbookStepKind.Raised => FactOf(id, state, step, AuditActorKind.System, AuditAction.EscalationRaised, null, AuditedNotice.AfterData(
            new { escalationId = id, metric = state.Subject!.Metric, level = step.Level, trigger = level!.Trigger.ToString(), owner = step.Owner, actions = level.ActionList }, notice)),
        RunbookStepKind.AcknowledgementTimedOut => FactOf(id, state, step, AuditActorKind.System, AuditAction.EscalationUnacknowledged, null, AuditedNotice.AfterData(
            new { escalationId = id, level = step.Level, owner = step.Owner, ackWithin = EscalationTrigger.Iso(level!.AcknowledgeWithin) }, notice)),
        _ => null,
    };

    /// <summary>The escalation as the API shows it, with its next action under <paramref name="runbook"/> while open.</summary>
    public static EscalationView ViewOf(string id, EscalationState state, EscalationRunbook? runbook)
    {
        var subject = state.Subject!;
        var next = state.ResolvedAt is null ? RunbookNextAction.Of(state.Progress, runbook?.Levels ?? [], subject.Metric, state.UpdatedAt) : null;
        return new EscalationView(
            id,
            subject.TicketKey,
            subject.Metric,
            subject.InstanceId,
            subject.RunbookId,
            state.Team,
            state.ResolvedAt is null ? "open" : "resolved",
            state.CurrentLevel,
            state.Owner,
            state.AcknowledgedAt is not null,
            next is null ? null : new NextAction(next.Name, next.Description, next.DueAt),
            state.RaisedAt ?? state.UpdatedAt,
            state.UpdatedAt,
            state.ResolvedAt,
            state.Resolution,
            [.. state.TaskIds],
            [.. state.History]);
    }

    /// <summary>A value as audit data.</summary>
    public static string AuditJson<T>(T value) => JsonSerializer.Serialize(value, Json);
}
