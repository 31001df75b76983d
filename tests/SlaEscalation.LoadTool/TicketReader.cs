using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Testing;

namespace SlaEscalation.LoadTool;

/// <summary>Reads tickets back through <c>GET /v1/tickets/{key}</c>, a few at a time.</summary>
public static class TicketReader
{
    public static async Task<IReadOnlyDictionary<string, TicketView?>> ReadAsync(SiloProcess silo, IEnumerable<string> keys, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var views = new ConcurrentDictionary<string, TicketView?>(StringComparer.Ordinal);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.ReaderKey);
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (key, ct) =>
        {
            using var response = await http.GetAsync(new Uri($"/v1/tickets/{key}", UriKind.Relative), ct);
            views[key] = response.StatusCode == HttpStatusCode.NotFound ? null : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<TicketView>(ct);
        });
        return views;
    }

    /// <summary>The first-reply breach a ticket emitted, if it did.</summary>
    public static EmittedTransitionView? FirstReplyBreach(TicketView? view) =>
        view?.Transitions.FirstOrDefault(t => t.TransitionId == "first_reply/breached");
}
