using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Digests;

/// <summary>How bus items become digest facts and ticket notes. The recount builds the same facts from durable records.</summary>
public static class DigestFacts
{
    /// <summary>Task statuses (a notice's detail) that count as a task closed.</summary>
    public static readonly IReadOnlyList<string> ClosedTaskStatuses = ["closed", "done", "resolved"];

    /// <summary>The prefix of facts made from escalation notices, so they never share an id with a transition.</summary>
    public const string NoticePrefix = "notice/";

    /// <summary>The fact kind of a transition type; null for those a digest does not count (at risk, owner changes).</summary>
    public static string? KindOf(string transitionType) => transitionType switch
    {
        SlaTransitionTypes.TicketCreated => DigestFactKinds.New,
        SlaTransitionTypes.TicketSolved => DigestFactKinds.Solved,
        SlaTransitionTypes.TicketReopened => DigestFactKinds.Reopened,
        SlaTransitionTypes.Breached => DigestFactKinds.Breached,
        SlaTransitionTypes.Achieved => DigestFactKinds.Achieved,
        _ => null,
    };

    /// <summary>
    /// The fact of <paramref name="transition"/> for <paramref name="team"/> (its owner's team when it was emitted);
    /// null when the digest does not count it. <paramref name="onTime"/> matters for achievements only.
    /// </summary>
    public static DigestFact? FromTransition(SlaTransition transition, DigestTeam team, bool? onTime)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(team);
        var kind = KindOf(transition.Type);
        return kind is null
            ? null
            : new DigestFact(
                transition.TransitionId,
                kind,
                team.Id,
                DigestDay.Format(team.DateOf(transition.At)),
                transition.TicketKey,
                transition.At,
                transition.Metric,
                transition.Priority,
                kind == DigestFactKinds.Achieved ? onTime : null);
    }

    /// <summary>The fact of an escalation notice for its team; null for steps a digest does not count.</summary>
    public static DigestFact? FromNotice(EscalationNotice notice, DigestTeam team)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(team);
        var kind = notice.Type switch
        {
            EscalationNoticeTypes.Raised => DigestFactKinds.EscalationRaised,
            EscalationNoticeTypes.Acknowledged => DigestFactKinds.EscalationAcknowledged,
            EscalationNoticeTypes.AcknowledgementTimedOut => DigestFactKinds.EscalationUnacknowledged,
            EscalationNoticeTypes.TaskCreated => DigestFactKinds.TaskOpened,
            EscalationNoticeTypes.TaskStatusChanged when IsClosedStatus(notice.Detail) => DigestFactKinds.TaskClosed,
            _ => null,
        };
        return kind is null
            ? null
            : new DigestFact(
                NoticePrefix + notice.NoticeId,
                kind,
                team.Id,
                DigestDay.Format(team.DateOf(notice.At)),
                notice.TicketKey,
                notice.At,
                notice.Metric,
                notice.Priority);
    }

    /// <summary>Whether a task status means the task is closed.</summary>
    public static bool IsClosedStatus(string? status) =>
        status is not null && ClosedTaskStatuses.Contains(status.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the achieved metric instance <paramref name="instanceId"/> of a ticket never breached.</summary>
    public static bool AchievedOnTime(TicketView ticket, string? instanceId)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return !ticket.Transitions.Any(t => t.TransitionId == $"{instanceId}/{BreachedSuffix}");
    }

    /// <summary>
    /// What <paramref name="transition"/> tells of its ticket's creation and owner: only a creation and an owner
    /// change do (the first owner change comes with the creation, so either one notes the ticket); null for others,
    /// which would only write the same row again.
    /// </summary>
    public static DigestTicketNote? NoteOf(SlaTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var created = transition.TicketCreatedAt ?? (transition.Type == SlaTransitionTypes.TicketCreated ? transition.At : null);
        if (created is null || transition.Type is not (SlaTransitionTypes.TicketCreated or SlaTransitionTypes.OwnerChanged))
        {
            return null;
        }

        if (transition.Type != SlaTransitionTypes.OwnerChanged || OwnerSequenceOf(transition.TransitionId) is not { } sequence)
        {
            return new DigestTicketNote(transition.TicketKey, created.Value, -1, null);
        }

        return new DigestTicketNote(transition.TicketKey, created.Value, sequence, UnassignedSince(transition.Owner, sequence, created.Value, transition.At));
    }

    /// <summary>
    /// Since when a ticket is without an agent after its owner change <paramref name="sequence"/>: null with an
    /// agent; its creation for the first owner; else the change (an owner changes only when its team or agent does,
    /// so a change that leaves no agent starts a new wait in the new team).
    /// </summary>
    public static DateTimeOffset? UnassignedSince(TicketOwner owner, int sequence, DateTimeOffset createdAt, DateTimeOffset changedAt)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return owner.Agent is not null ? null : sequence == 0 ? createdAt : changedAt;
    }

    /// <summary>The <c>n</c> of a transition id ending in <c>owner#n</c>; null for any other.</summary>
    public static int? OwnerSequenceOf(string transitionId)
    {
        ArgumentNullException.ThrowIfNull(transitionId);
        var marker = transitionId.LastIndexOf(OwnerPrefix, StringComparison.Ordinal);
        return marker >= 0
            && (marker == 0 || transitionId[marker - 1] == '/')
            && int.TryParse(transitionId.AsSpan(marker + OwnerPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n
                : null;
    }

    /// <summary>The suffix of a breach's transition id after its metric instance.</summary>
    public const string BreachedSuffix = "breached";

    /// <summary>The prefix of an owner change's transition id within its ticket.</summary>
    public const string OwnerPrefix = "owner#";
}
