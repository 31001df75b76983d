using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Testing;
using Xunit.Abstractions;

namespace SlaEscalation.Silo.Tests.Tickets;

/// <summary>Two silo processes on PostgreSQL; one is killed while tickets have deadlines pending.</summary>
public sealed class TicketFailoverTests(ITestOutputHelper output)
{
    private const int Tickets = 24;
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan KillBeforeDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Killing_a_silo_with_pending_deadlines_still_yields_every_breach_exactly_once_at_most_30_seconds_late()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("ticketfail");
        var cluster = "tf-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = await SiloProcess.StartAsync(SiloProcess.Environment("silo-a", cluster, database));
        await using var b = await SiloProcess.StartAsync(SiloProcess.Environment("silo-b", cluster, database));
        await PutPoliciesAsync(a);

        // Half the tickets through each silo, so activations and reminders live on both.
        var created = DateTimeOffset.UtcNow;
        var batchA = new JsonArray();
        var batchB = new JsonArray();
        for (var i = 0; i < Tickets; i++)
        {
            (i % 2 == 0 ? batchA : batchB).Add(GatewayRequests.Created($"fail:{i}", $"fail:{i}-created", created));
        }

        await PostAsync(a, batchA);
        await PostAsync(b, batchB);
        var deadline = created + Target;

        // The deadlines are real instants: the kill waits for its own instant before them, not for the system.
        await Task.Delay(deadline - KillBeforeDeadline - DateTimeOffset.UtcNow);
        a.Kill();
        output.WriteLine($"killed silo-a {(deadline - DateTimeOffset.UtcNow).TotalSeconds:F1} s before the deadlines");

        var breaches = new Dictionary<string, EmittedTransitionView[]>();
        async Task<int> AskAsync()
        {
            for (var i = 0; i < Tickets; i++)
            {
                var key = $"fail:{i}";
                if (breaches.ContainsKey(key))
                {
                    continue;
                }

                try
                {
                    var ticket = await b.Http.GetFromJsonAsync<TicketView>(new Uri($"/v1/tickets/{key}", UriKind.Relative));
                    var fired = ticket!.Transitions.Where(t => t.TransitionId == "first_reply/breached").ToArray();
                    if (fired.Length > 0)
                    {
                        breaches[key] = fired;
                    }
                }
                catch (HttpRequestException)
                {
                    // Calls routed to the killed silo fail until it is declared dead.
                }
            }

            return breaches.Count;
        }

        await Eventually.ValueAsync(
            AskAsync, count => count == Tickets, deadline + TimeSpan.FromSeconds(60) - DateTimeOffset.UtcNow, "every ticket's breach",
            count => $"{count} of {Tickets} breached", TimeSpan.FromMilliseconds(250));
        Assert.Equal(Tickets, breaches.Count);
        Assert.All(breaches.Values, fired => Assert.Single(fired));
        var lateness = breaches.Values.Select(f => f[0].EmittedAt - f[0].At).Order().ToArray();
        output.WriteLine($"breach lateness after the kill: p50 {lateness[lateness.Length / 2].TotalMilliseconds:F0} ms, max {lateness[^1].TotalMilliseconds:F0} ms");
        Assert.All(breaches.Values, f => Assert.Equal(deadline.ToUnixTimeMilliseconds(), f[0].At.ToUnixTimeMilliseconds()));
        Assert.InRange(lateness[0], TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.InRange(lateness[^1], TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    private static Task PutPoliciesAsync(SiloProcess silo)
    {
        var targets = new JsonObject { ["first_reply"] = new JsonObject { ["target"] = $"PT{Target.TotalSeconds}S", ["calendar"] = "24x7" } };
        return silo.Http.PutJsonAsync("/v1/policies", new JsonArray(new JsonObject { ["id"] = "all", ["targets"] = new JsonObject { ["high"] = targets } }));
    }

    private static async Task PostAsync(SiloProcess silo, JsonArray batch) =>
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Http.PostEventsAsync(batch)).Status);
}
