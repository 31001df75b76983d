using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SlaEscalation.Testing;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Posts batch bodies to <c>POST /v1/events</c> of one silo, or of several in turn (each request goes to the next
/// silo's gateway), at most <c>concurrency</c> requests in flight in all. A 503 is retried after a pause (resending
/// is safe by contract); any other refusal is counted and the first one kept.
/// </summary>
public sealed class EventPoster : IDisposable
{
    private static readonly MediaTypeHeaderValue CloudEvents = new("application/cloudevents-batch+json");

    private readonly HttpClient[] gateways;
    private readonly int concurrency;
    private int next;

    public EventPoster(SiloProcess silo, int concurrency)
        : this([silo], concurrency)
    {
    }

    public EventPoster(IReadOnlyList<SiloProcess> silos, int concurrency)
    {
        ArgumentNullException.ThrowIfNull(silos);
        this.concurrency = concurrency;
        gateways = silos.Select(silo =>
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}"),
                Timeout = TimeSpan.FromMinutes(5),
            };
            http.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.OperatorKey);
            return http;
        }).ToArray();
    }

    /// <summary>Posts every body, in order of start, and waits for the last answer.</summary>
    public Task<PostReport> PostAsync(IEnumerable<byte[]> bodies, CancellationToken cancellationToken) =>
        PostAsync(bodies, "/v1/events", body => new ByteArrayContent(body) { Headers = { ContentType = CloudEvents } }, cancellationToken);

    /// <summary>
    /// Posts every body to <paramref name="path"/> as <paramref name="contentFor"/> makes it (once per attempt, so a
    /// signature is fresh on a retry), in order of start, and waits for the last answer.
    /// </summary>
    public async Task<PostReport> PostAsync(IEnumerable<byte[]> bodies, string path, Func<byte[], HttpContent> contentFor, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = new ConcurrentQueue<string>();
        long accepted = 0, duplicates = 0;
        int requests = 0, retries = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            bodies,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (body, ct) =>
            {
                Interlocked.Increment(ref requests);
                var started = Stopwatch.GetTimestamp();
                var gateway = gateways[(int)((uint)Interlocked.Increment(ref next) % gateways.Length)];
                while (true)
                {
                    using var content = contentFor(body);
                    using var response = await gateway.PostAsync(new Uri(path, UriKind.Relative), content, ct);
                    if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                    {
                        var answer = await response.Content.ReadFromJsonAsync<IngestAnswer>(ct);
                        Interlocked.Add(ref accepted, answer!.Accepted);
                        Interlocked.Add(ref duplicates, answer.Duplicates);
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        return;
                    }

                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable && !ct.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref retries);
                        // As the gateway asks (the bus catching up: the rest of its hold), else a second.
                        var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                        await Task.Delay(wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5), ct);
                        continue;
                    }

                    failures.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                    return;
                }
            });
        return new PostReport(requests, accepted, duplicates, retries, failures.Count, failures.TryPeek(out var first) ? first : null, clock.Elapsed, [.. latencies]);
    }

    /// <summary>Replaces the policy list (every workload runs under one policy).</summary>
    public Task PutPoliciesAsync(TimeSpan firstReply, CancellationToken cancellationToken, string? runbook = null) =>
        PutAsync("/v1/policies", CloudEventWriter.Policies(firstReply, runbook), cancellationToken);

    /// <summary>Puts a configuration part as JSON; throws with the answer when it is refused.</summary>
    public async Task PutAsync(string path, byte[] json, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // Configuration is cluster-wide: any gateway takes it.
        using var response = await gateways[0].PutAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public void Dispose()
    {
        foreach (var gateway in gateways)
        {
            gateway.Dispose();
        }
    }

    private sealed record IngestAnswer(int Accepted, int Duplicates);
}
