using System.Text.Json;
using System.Text.Json.Serialization;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Escalations;

namespace SlaEscalation.Grains.Escalations;

/// <summary>
/// What the audit entry of an escalation or task step keeps of the notice published with it (under
/// <c>"notice"</c> in the entry's after-data): its id, type, team, metric, priority and detail. With the entry's
/// ticket and time that is every field a daily digest counts, so a recount rebuilds the fact the bus carried, with
/// the same id, from the durable audit trail alone.
/// </summary>
/// <param name="Id">The notice id (<see cref="EscalationNotice.NoticeId"/>).</param>
/// <param name="Type">One of <see cref="EscalationNoticeTypes"/>.</param>
/// <param name="Team">The team whose digest counts the step.</param>
/// <param name="Metric">The metric escalated (wire name); null for task steps.</param>
/// <param name="Priority">The ticket's priority (wire name) the notice carried.</param>
/// <param name="Detail">The notice's detail: a task's status, a level's trigger.</param>
public sealed record AuditedNotice(
    string Id,
    string Type,
    string Team,
    string? Metric,
    string? Priority,
    string? Detail)
{
    /// <summary>The property of an audit entry's after-data that holds the notice.</summary>
    public const string Property = "notice";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>What an audit entry keeps of <paramref name="notice"/>.</summary>
    public static AuditedNotice Of(EscalationNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new AuditedNotice(notice.NoticeId, notice.Type, notice.Team, notice.Metric, notice.Priority, notice.Detail);
    }

    /// <summary>
    /// The after-data of a step's audit entry: <paramref name="data"/>'s properties followed by the notice under
    /// <see cref="Property"/>.
    /// </summary>
    public static string AfterData(object data, EscalationNotice notice)
    {
        ArgumentNullException.ThrowIfNull(data);
        var after = JsonSerializer.SerializeToNode(data, Json)!.AsObject();
        after[Property] = JsonSerializer.SerializeToNode(Of(notice), Json);
        return after.ToJsonString(Json);
    }

    /// <summary>
    /// The notice an audit entry of a ticket's chain records; null for entries without one (other actions, and
    /// escalation and task entries written before notices were kept).
    /// </summary>
    public static EscalationNotice? NoticeOf(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.After is null || entry.TicketKey is null || !entry.After.Contains("\"" + Property + "\"", StringComparison.Ordinal))
        {
            return null;
        }

        using var document = JsonDocument.Parse(entry.After);
        if (!document.RootElement.TryGetProperty(Property, out var element) || element.ValueKind != JsonValueKind.Object
            || element.Deserialize<AuditedNotice>(Json) is not { Id: not null, Type: not null, Team: not null } kept)
        {
            return null;
        }

        return new EscalationNotice(
            kept.Id,
            kept.Type,
            entry.TicketKey,
            entry.CausedBy ?? "",
            kept.Team,
            kept.Metric,
            0,
            "",
            entry.At,
            entry.Actor,
            kept.Detail,
            null,
            kept.Priority);
    }
}
