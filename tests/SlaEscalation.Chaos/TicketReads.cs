using System.Net;
using System.Net.Http.Json;
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

    private static async Task<TicketView?> ReadOneAsync(ChaosCluster cluster, string key, Random random)
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
                using var response = await silo.Http.GetAsync(new Uri($"/v1/tickets/{key}", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<TicketView>();
                }

                last = new HttpRequestException($"GET /v1/tickets/{key}: {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"ticket {key} could not be read after 10 tries", last);
    }
}
