using System.Text.Json;
using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Silo.Api.Audit;

/// <summary>An audit entry as the API shows it: wire names, before and after as JSON, the chain's hashes.</summary>
public sealed record AuditEntryView(
    string Chain,
    long Sequence,
    DateTimeOffset At,
    string ActorKind,
    string Actor,
    string? Ticket,
    string Action,
    JsonElement? Before,
    JsonElement? After,
    string? CausedBy,
    string? PreviousHash,
    string Hash)
{
    public static AuditEntryView Of(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditEntryView(
            entry.ChainKey, entry.Sequence, entry.At, AuditWireNames.Of(entry.ActorKind), entry.Actor, entry.TicketKey,
            AuditWireNames.Of(entry.Action), Json(entry.Before), Json(entry.After), entry.CausedBy, entry.PreviousHash, entry.Hash);
    }

    // Writers store JSON, but an entry is shown as stored: text that is not JSON comes out as a JSON string rather
    // than failing the whole page.
    private static JsonElement? Json(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
