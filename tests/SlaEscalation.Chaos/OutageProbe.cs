using System.Diagnostics;
using System.Globalization;
using System.Net;
using SlaEscalation.Testing;

namespace SlaEscalation.Chaos;

/// <summary>
/// Asks the gateways continuously while PostgreSQL restarts: alternately a new ticket's creation (which must be
/// stored) and a read of a ticket of the run. While the server is down every answer must be a 2xx (served from
/// memory) or a 503 with Retry-After, never a 500. Probe tickets acknowledged with 202 are remembered: they must
/// exist afterwards too.
/// </summary>
public sealed class OutageProbe(ChaosCluster cluster, int runTickets, Random random)
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);
    private readonly List<Answer> answers = [];
    private (DateTimeOffset From, DateTimeOffset To) outage = (DateTimeOffset.MaxValue, DateTimeOffset.MaxValue);
    private int probes;

    public List<string> AcknowledgedKeys { get; } = [];

    /// <summary>Stops PostgreSQL for <paramref name="downtime"/> while probing; returns how long it was unreachable.</summary>
    public async Task<(DateTimeOffset Stopped, TimeSpan Down)> RestartPostgresAsync(TimeSpan downtime)
    {
        using var stop = new CancellationTokenSource();
        var probing = ProbeAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var stopped = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await cluster.Server.RestartAsync(downtime);
        var down = clock.Elapsed;
        lock (answers)
        {
            outage = (stopped, stopped + down);
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await probing;
        return (stopped, down);
    }

    /// <summary>The answers sent and received wholly while PostgreSQL was down.</summary>
    public IReadOnlyList<Answer> DuringOutage
    {
        get
        {
            lock (answers)
            {
                return answers.Where(a => a.Sent >= outage.From && a.Received <= outage.To).ToArray();
            }
        }
    }

    /// <summary>The answers to requests sent once PostgreSQL was back (the pools reconnect then).</summary>
    public IReadOnlyList<Answer> AfterOutage
    {
        get
        {
            lock (answers)
            {
                return answers.Where(a => a.Sent > outage.To).ToArray();
            }
        }
    }

    private async Task ProbeAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var silos = cluster.Ready;
            if (silos.Count > 0)
            {
                await AskAsync(silos[random.Next(silos.Count)]);
            }

            try
            {
                await Task.Delay(Pace, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task AskAsync(SiloProcess silo)
    {
        var n = Interlocked.Increment(ref probes);
        var key = $"chaos-probe:{n}";
        var sent = DateTimeOffset.UtcNow;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        string outcome;
        var retryAfter = false;
        try
        {
            using var request = n % 2 == 0
                ? new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/tickets/{TicketLedger.Key(random.Next(runTickets))}", UriKind.Relative))
                : new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/events", UriKind.Relative))
                {
                    Content = new StringContent(
                        GatewayRequests.Created(key, $"{key}-created", sent, source: "chaos").ToJsonString(),
                        System.Text.Encoding.UTF8,
                        "application/cloudevents+json"),
                };
            using var response = await silo.Http.SendAsync(request, timeout.Token);
            outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            retryAfter = response.Headers.RetryAfter is not null;
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                lock (answers)
                {
                    AcknowledgedKeys.Add(key);
                }
            }
        }
        catch (HttpRequestException)
        {
            outcome = "connection failed";
        }
        catch (TaskCanceledException)
        {
            outcome = "no answer within 5 s";
        }

        lock (answers)
        {
            answers.Add(new Answer(sent, DateTimeOffset.UtcNow, outcome, retryAfter));
        }
    }

    /// <summary>One probe: when it was sent and answered, the status (or failure) and whether Retry-After came with it.</summary>
    public sealed record Answer(DateTimeOffset Sent, DateTimeOffset Received, string Outcome, bool RetryAfter);
}
