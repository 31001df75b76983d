using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>Reads a ticket's escalation through the HTTP API until it is in the state a test waits for.</summary>
public static class EscalationReads
{
    /// <summary>The first escalation of <paramref name="key"/> once it satisfies <paramref name="condition"/>.</summary>
    public static Task<EscalationView> UntilAsync(this HttpClient http, string key, Func<EscalationView, bool> condition, TimeSpan within)
    {
        async Task<EscalationView?> ReadAsync()
        {
            var page = await http.GetFromJsonAsync<JsonObject>($"/v1/escalations?ticket={Uri.EscapeDataString(key)}");
            var id = (string?)page!["escalations"]!.AsArray().FirstOrDefault()?["id"];
            return id is null ? null : await http.GetFromJsonAsync<EscalationView>($"/v1/escalations/{id}");
        }

        return Eventually.ValueAsync(ReadAsync, e => e is not null && condition(e), within, $"the escalation of {key}",
            e => e is null ? "none" : $"level {e.Level}, owner {e.Owner}, acknowledged {e.Acknowledged}", TimeSpan.FromMilliseconds(200))!;
    }
}
