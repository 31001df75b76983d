namespace SlaEscalation.Domain.Runbooks;

/// <summary>
/// A level's owner: <c>assignee</c>, <c>team_lead</c>, <c>on_call:&lt;team&gt;</c>, <c>engineering:&lt;team&gt;</c>
/// or <c>user:&lt;id&gt;</c>; <see cref="Reference"/> holds the team or user id for the last three.
/// </summary>
public sealed record EscalationOwner(EscalationOwnerKind Kind, string? Reference);
