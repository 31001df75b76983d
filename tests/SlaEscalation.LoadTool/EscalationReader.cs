using System.Globalization;
using System.Net.Http.Json;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Testing;

namespace SlaEscalation.LoadTool;

/// <summary>Reads every escalation back through <c>GET /v1/escalations</c>, a page of 1,000 at a time.</summary>
public static class EscalationReader
{
    public static async Task<IReadOnlyList<EscalationView>> ReadAllAsync(SiloProcess silo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        using var http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.ReaderKey);
        var all = new List<EscalationView>();
        string? after = null;
        do
        {
            var path = "/v1/escalations?limit=1000" + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));
            var page = await http.GetFromJsonAsync<Page>(new Uri(path, UriKind.Relative), cancellationToken)
                ?? throw new InvalidOperationException($"GET {path}: no body");
            all.AddRange(page.Escalations);
            after = page.Next;
        }
        while (after is not null);

        return all;
    }

    /// <summary>When the runbook raised <paramref name="level"/>, if it did.</summary>
    public static DateTimeOffset? RaisedAt(EscalationView escalation, int level)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        return escalation.History.FirstOrDefault(s => s.Level == level && s.Step == "raised")?.At;
    }

    /// <summary>Prints <paramref name="name"/>: how many were raised and their lateness.</summary>
    public static void PrintLateness(string name, IReadOnlyList<double> lateness, int expected) =>
        Figures.Print(name, string.Create(CultureInfo.InvariantCulture,
            $"{lateness.Count:N0} of {expected:N0} raised; {Figures.Distribution(lateness)}; over 1 s: {lateness.Count(l => l > 1_000):N0}"));

    private sealed record Page(IReadOnlyList<EscalationView> Escalations, string? Next);
}
