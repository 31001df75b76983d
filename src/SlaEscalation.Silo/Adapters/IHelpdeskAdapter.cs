using System.Text.Json;
using SlaEscalation.Domain.Connections;

namespace SlaEscalation.Silo.Adapters;

/// <summary>
/// One helpdesk's webhook at the edge: checks the vendor's own signature and maps the vendor's payload to canonical
/// ticket events. It never applies anything; the caller hands what it maps to the same ingest path as
/// <c>POST /v1/events</c>.
/// </summary>
public interface IHelpdeskAdapter
{
    /// <summary>The helpdesk this adapter reads.</summary>
    ConnectionKind Kind { get; }

    /// <summary>Checks the request's signature with the connection's secret; <paramref name="now"/> judges replays.</summary>
    SignatureVerdict Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now);

    /// <summary>The canonical events of one payload under the connection's mapping, what it ignored, or every problem.</summary>
    AdapterMapping Map(HelpdeskConnection connection, JsonElement payload);
}
