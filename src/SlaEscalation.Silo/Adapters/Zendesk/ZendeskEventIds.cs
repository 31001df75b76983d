using System.Globalization;

namespace SlaEscalation.Silo.Adapters.Zendesk;

/// <summary>
/// The canonical event id of a Zendesk change, derived from what both the webhook and the incremental ticket event
/// export carry, so a change delivered by both is stored once. The webhook's own <c>id</c> cannot serve: the export
/// never shows it, and the export's audit ids never reach the webhook. The ticket is the event's key already, so an
/// id only has to be unique within its ticket.
/// </summary>
public static class ZendeskEventIds
{
    /// <summary>A ticket is created once.</summary>
    public const string Created = "created";

    /// <summary>A comment by its id: the webhook's <c>event.comment.id</c>, the export's Comment event <c>id</c>.</summary>
    public static string Comment(string commentId) => "comment:" + commentId;

    /// <summary>
    /// A change of one kind (<c>status_changed</c>, ...) by the second it happened at: the webhook gives the instant to
    /// the nanosecond, the export to the second, so both are cut to the second.
    /// </summary>
    public static string Change(string kind, DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}@{time.ToUnixTimeSeconds()}");
}
