using System.Net;
using System.Net.Http.Json;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Testing;

namespace SlaEscalation.Chaos;

/// <summary>Reads tickets through the ready gateways, a few at a time, trying another silo when one fails.</summary>
public static class TicketReads
{
    /// <summary>Each key's ticket; null when the gateways say it does not exist (404).</summary>
    public static async Task<Dictionary<string, TicketView?>> ReadAsync(ChaosCluster cluster, IReadOnlyList<string> keys, Random random)
    {
        var views = new Dictionary<string, TicketView?>();
        using var throttle = new SemaphoreSlim(8);
        var reads = keys.Select(async key =>
        {
            await throttle.WaitAsync();
            try
            {
                var view = await ReadOneAsync(cluster, key, random);
                lock (views)
                {
                    views[key] = view;
                }
            }
            finally
            {
                throttle.Release();
            }
        });
        await Task.WhenAll(reads);
        return views;
    }

    /// <summary>Each key's escalations (from <c>GET /v1/escalations?ticket=</c>, with their histories and tasks).</summary>
    public static async Task<Dictionary<string, IReadOnlyList<EscalationView>>> ReadEscalationsAsync(ChaosCluster cluster, IReadOnlyList<string> keys, Random random)
    {
        var found = new Dictionary<string, IReadOnlyList<EscalationView>>();
        using var throttle = new SemaphoreSlim(8);
        await Task.WhenAll(keys.Select(async key =>
        {
            await throttle.WaitAsync();
            try
            {
                var page = await GetAsync<EscalationPage>(cluster, $"/v1/escalations?ticket={Uri.EscapeDataString(key)}", random);
                lock (found)
                {
                    found[key] = page?.Escalations ?? [];
                }
            }
            finally
            {
                throttle.Release();
            }
        }));
        return found;
    }

    private static Task<TicketView?> ReadOneAsync(ChaosCluster cluster, string key, Random random) =>
        GetAsync<TicketView>(cluster, $"/v1/tickets/{key}", random);

    private static async Task<T?> GetAsync<T>(ChaosCluster cluster, string path, Random random)
        where T : class
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var silos = cluster.Ready;
            SiloProcess silo;
            lock (random)
            {
                silo = silos[random.Next(silos.Count)];
            }

            try
            {
                using var response = await silo.Http.GetAsync(new Uri(path, UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<T>();
                }

                last = new HttpRequestException($"GET {path}: {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"{path} could not be read after 10 tries", last);
    }

    /// <summary>A page of <c>GET /v1/escalations</c>.</summary>
    private sealed record EscalationPage(IReadOnlyList<EscalationView> Escalations, string? Next);
}
