using System.Diagnostics.CodeAnalysis;

namespace SlaEscalation.Contracts.Audit;

/// <summary>
/// The words actions and actor kinds are written as: on the wire, in PostgreSQL and inside every entry's hash, so
/// they never change once shipped.
/// </summary>
public static class AuditWireNames
{
    private static readonly string[] ActionNames =
    [
        "owner_changed", "policy_applied", "sla_at_risk", "sla_breached", "sla_achieved", "escalation_raised",
        "escalation_acknowledged", "escalation_handed_off", "task_created", "task_status_changed", "config_changed",
        "event_rejected", "escalation_unacknowledged", "escalation_resolved", "task_linked",
        "task_assigned",
    ];

    private static readonly string[] ActorKindNames = ["system", "user", "adapter"];

    /// <summary>Every action's wire name, in the order of the first list, then those added since.</summary>
    public static IReadOnlyList<string> Actions => ActionNames;

    /// <summary>Every actor kind's wire name.</summary>
    public static IReadOnlyList<string> ActorKinds => ActorKindNames;

    public static string Of(AuditAction action) =>
        (int)action >= 0 && (int)action < ActionNames.Length
            ? ActionNames[(int)action]
            : throw new ArgumentOutOfRangeException(nameof(action), action, "not an audit action");

    public static string Of(AuditActorKind kind) =>
        (int)kind >= 0 && (int)kind < ActorKindNames.Length
            ? ActorKindNames[(int)kind]
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an audit actor kind");

    public static bool TryParseAction(string? name, [NotNullWhen(true)] out AuditAction? action)
    {
        var index = Array.IndexOf(ActionNames, name);
        action = index < 0 ? null : (AuditAction)index;
        return action is not null;
    }

    public static bool TryParseActorKind(string? name, [NotNullWhen(true)] out AuditActorKind? kind)
    {
        var index = Array.IndexOf(ActorKindNames, name);
        kind = index < 0 ? null : (AuditActorKind)index;
        return kind is not null;
    }
}
