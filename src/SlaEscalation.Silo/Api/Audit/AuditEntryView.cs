using System.Text.Json;
using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Silo.Api.Audit;

/// <summary>
/// An audit entry as the API shows it: wire names, before and after as JSON, the chain's hashes. <c>actor</c> is who
/// did it (the API key's name, or the part of the system); <c>onBehalfOf</c> whom it said it acted for, or null.
/// </summary>
public sealed record AuditEntryView(
    string Chain,
    long Sequence,
    DateTimeOffset At,
    string ActorKind,
    string Actor,
    string? OnBehalfOf,
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
            entry.ChainKey, entry.Sequence, entry.At, AuditWireNames.Of(entry.ActorKind), entry.Actor, entry.OnBehalfOf, entry.TicketKey,
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
