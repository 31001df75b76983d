using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Testing;
using Xunit.Abstractions;

namespace SlaEscalation.Silo.Tests.Digests;

/// <summary>
/// Two silo processes on PostgreSQL; one is killed (SIGKILL) halfway through the scripted day, with the event bus's
/// items in its memory, while urgent tickets escalate and open tasks. What the bus lost, and what is taken out of the
/// digest ledger on top (so there is something to recover in every run), escalation and task facts included, a
/// recount from durable records brings back: the figures are exact again.
/// </summary>
public sealed class DigestFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_a_silo_is_killed_mid_day_and_facts_are_lost_a_recount_gives_exactly_the_hand_counted_figures()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("digestfail");
        var cluster = "df-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = await SiloProcess.StartAsync(SiloProcess.Environment("silo-a", cluster, database));
        await using var b = await SiloProcess.StartAsync(SiloProcess.Environment("silo-b", cluster, database));
        var scenario = new DigestScenario();
        await DigestScenario.ConfigureAsync(a.Http, escalate: true);

        // The first half through both silos, so tickets, feeds, aggregators and bus queues live on both.
        var half = scenario.Steps.Count / 2;
        for (var i = 0; i < half; i++)
        {
            await DigestScenario.PostAsync(i % 2 == 0 ? a.Http : b.Http, scenario.Steps[i]);
        }

        b.Kill();
        output.WriteLine($"killed silo-b after {half} of {scenario.Steps.Count} requests");
        foreach (var step in scenario.Steps.Skip(half))
        {
            await DigestScenario.PostAsync(a.Http, step);
        }

        await scenario.ActOnEscalationsAsync(a.Http);
        await scenario.AgePausedTicketAsync(database);
        await QuietAsync(a.Http, scenario);

        // Lost on the way, as a dying silo's bus queue loses them: every fact of ny2 and tk1, every solve, and the
        // digest's note of ny3 (its creation time and since when it has had no agent).
        var deleted = await ExecuteAsync(database,
            """
            DELETE FROM sla_digest_fact WHERE (ticket_key IN ($1, $2) OR kind = 'solved')
               AND ((team = 'desk-ny' AND local_date = $3::date) OR (team = 'desk-tokyo' AND local_date = $4::date))
            """,
            scenario.K("ny2"), scenario.K("tk1"), scenario.NyDate, scenario.TokyoDate);
        await ExecuteAsync(database, "DELETE FROM sla_digest_ticket WHERE ticket_key = $1", scenario.K("ny3"));

        // ... and every escalation and task fact (eleven when the bus lost none), all of today's.
        var steps = await ExecuteAsync(database, "DELETE FROM sla_digest_fact WHERE kind LIKE 'escalation%' OR kind LIKE 'task%'");
        output.WriteLine($"deleted {deleted} facts of the scripted day and {steps} escalation and task facts from the digest ledger");
        // Twelve and eleven such facts when the bus lost none of them; the kill may already have taken some.
        Assert.True(deleted >= 5, $"{deleted} facts deleted");
        Assert.True(steps >= 5, $"{steps} escalation and task facts deleted");
        deleted += steps;

        var recovered = 0;
        var days = new[] { (DigestScenario.Ny, scenario.NyDate), (DigestScenario.Tokyo, scenario.TokyoDate) }
            .Concat(scenario.StepDates(DigestScenario.Ny).Select(d => (DigestScenario.Ny, d)))
            .Concat(scenario.StepDates(DigestScenario.Tokyo).Select(d => (DigestScenario.Tokyo, d)));
        foreach (var (team, date) in days)
        {
            using var response = await a.Http.PostAsync(new Uri($"/v1/digests/{team}/{date}/reconcile", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var started = (await response.Content.ReadFromJsonAsync<DigestReconcileStatus>())!;
            var status = await UntilRecountedAsync(a.Http, team, date, started.StartedAt);
            output.WriteLine($"{team} {date}: {status.TicketsExamined} tickets read, {status.FactsRecovered} facts recovered");
            recovered += status.FactsRecovered;
        }

        Assert.True(recovered >= deleted, $"{recovered} recovered of {deleted} deleted");
        await scenario.SettledAsync(a.Http, escalated: true);
    }

    /// <summary>Polls the digest until the recount started at <paramref name="startedAt"/> has finished, without error.</summary>
    public static async Task<DigestReconcileStatus> UntilRecountedAsync(HttpClient http, string team, string date, DateTimeOffset startedAt)
    {
        var status = (await Eventually.ValueAsync(
            async () => (await DigestScenario.ReadAsync(http, team, date)).Reconcile,
            status => status is { FinishedAt: not null } && status.StartedAt >= startedAt,
            TimeSpan.FromSeconds(120),
            $"the recount of {team} {date}",
            pace: TimeSpan.FromMilliseconds(250)))!;
        Assert.Null(status.Error);
        return status;
    }

    /// <summary>
    /// Waits until the digests' counts stop changing for 3 s: the bus has delivered what it still held. After 60 s it
    /// goes on all the same (the recounts that follow bring back what is missing), so it is no condition to fail on.
    /// </summary>
    private static async Task QuietAsync(HttpClient http, DigestScenario scenario)
    {
        var last = "";
        var stable = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        while (stable.Elapsed < TimeSpan.FromSeconds(3) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var ny = await DigestScenario.ReadAsync(http, DigestScenario.Ny, scenario.NyDate);
            var tokyo = await DigestScenario.ReadAsync(http, DigestScenario.Tokyo, scenario.TokyoDate);
            var now = $"{ny.NewTickets}/{ny.SolvedTickets}/{ny.Breaches.Total}/{tokyo.NewTickets}/{tokyo.SolvedTickets}/{tokyo.Breaches.Total}"
                + $"/{await scenario.ReadStepsAsync(http, DigestScenario.Ny)}/{await scenario.ReadStepsAsync(http, DigestScenario.Tokyo)}";
            if (now != last)
            {
                (last, stable) = (now, Stopwatch.StartNew());
            }

            await Task.Delay(250);
        }
    }

    private static async Task<int> ExecuteAsync(string database, string sql, params string[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return await command.ExecuteNonQueryAsync();
    }
}
