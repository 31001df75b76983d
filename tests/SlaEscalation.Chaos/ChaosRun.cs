using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Chaos;

/// <summary>
/// One chaos run. Time 0 is the first deadline: the tickets are created before it (each a fixed first-reply target
/// before its deadline, all in the past), comments flow all through the window, a random silo is killed and
/// restarted every <see cref="ChaosOptions.KillEvery"/>, PostgreSQL is stopped once, and after the last deadline
/// plus the lateness bound every ticket is read back.
/// </summary>
public sealed class ChaosRun(ChaosOptions options, TextWriter output)
{
    public async Task<bool> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        Say($"chaos ({options.Form}, seed {options.Seed}): {options.Silos} silos, {options.Tickets} tickets with first-reply deadlines over {options.Window.TotalSeconds:F0} s, " +
            $"a silo killed every {options.KillEvery.TotalSeconds:F0} s, PostgreSQL down once for {options.PostgresDowntime.TotalSeconds:F0} s");
        await using var cluster = await ChaosCluster.StartAsync(options.Silos);
        Say($"started PostgreSQL ({await cluster.Server.DescribeDurabilityAsync()}) and {options.Silos} silos in {clock.Elapsed.TotalSeconds:F1} s");

        // Deadlines start once every ticket is surely posted (about 20 ms a ticket on a loaded two-core machine);
        // each ticket was created `target` before its deadline.
        var lead = TimeSpan.FromSeconds(15) + (TimeSpan.FromMilliseconds(15) * options.Tickets);
        lead = TimeSpan.FromSeconds(Math.Ceiling(lead.TotalSeconds));
        var target = options.Window + lead + TimeSpan.FromSeconds(30);
        await PutPolicyAsync(cluster, target);
        var firstDeadline = DateTimeOffset.UtcNow + lead;
        var ledger = new TicketLedger(firstDeadline, options.Window, options.Tickets);
        var traffic = new EventTraffic(cluster, ledger, new Random(options.Seed));
        var posting = Stopwatch.StartNew();
        await traffic.PostCreatedAsync(target);
        var spare = firstDeadline - DateTimeOffset.UtcNow;
        Say($"created {options.Tickets} tickets in {posting.Elapsed.TotalSeconds:F1} s; first deadline in {spare.TotalSeconds:F1} s");
        if (spare < TimeSpan.Zero)
        {
            // Deadlines already past when their tickets arrived would measure ingest, not failover: no figures.
            Say($"chaos ({options.Form}): FAILED: creating the tickets outlasted the {lead.TotalSeconds:F0} s lead (machine overloaded?); no figures taken");
            return false;
        }


        var windowEnd = firstDeadline + options.Window;
        var comments = traffic.PostCommentsAsync(windowEnd, resendFor: TimeSpan.FromSeconds(30));
        var probe = new OutageProbe(cluster, options.Tickets, new Random(options.Seed + 2));
        var (stopped, down) = await RunChaosAsync(cluster, probe, firstDeadline);
        await comments;

        // Every deadline has passed by the bound; a restarted silo may still be joining.
        await WaitUntilAsync(windowEnd + options.LatenessBound + TimeSpan.FromSeconds(2));
        await cluster.SettleAsync();
        var reading = new Random(options.Seed + 3);
        var views = await TicketReads.ReadAsync(cluster, Enumerable.Range(0, options.Tickets).Select(TicketLedger.Key).ToArray(), reading);
        var probeViews = await TicketReads.ReadAsync(cluster, probe.AcknowledgedKeys, reading);
        var keys = Enumerable.Range(0, options.Tickets).Select(TicketLedger.Key).ToArray();
        var escalations = await TicketReads.ReadEscalationsAsync(cluster, keys, reading);

        // An escalation follows its breach through the event bus; one whose transition a killed silo held is
        // republished within 20 s. A late one shows up on a later read; a duplicate never goes away.
        var escalationWait = Stopwatch.StartNew();
        while (ChaosVerdict.NoEscalationOrTaskDuplicated(views, escalations).Outcome == CheckOutcome.Broken && escalationWait.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            escalations = await TicketReads.ReadEscalationsAsync(cluster, keys, reading);
        }

        Say($"escalations read {escalationWait.Elapsed.TotalSeconds:F0} s after the tickets");

        Say(string.Create(CultureInfo.InvariantCulture,
            $"postgresql stopped at +{(stopped - firstDeadline).TotalSeconds:F1} s, unreachable {down.TotalSeconds:F1} s (stop, {options.PostgresDowntime.TotalSeconds:F0} s down, start and recovery)"));
        foreach (var (silo, ready, attempts) in cluster.Restarts)
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"restart: {silo} ready {ready.TotalSeconds:F1} s after its kill ({attempts} start{(attempts == 1 ? string.Empty : "s")})"));
        }

        Say(ChaosVerdict.LatenessOverTime(ledger, views));
        Say($"event posts answered: {string.Join(", ", traffic.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Value} x {a.Key}"))}");
        var checks = new List<ChaosCheck>
        {
            ChaosVerdict.BreachesExactlyOnce(ledger, views),
            ChaosVerdict.NothingAcknowledgedLost(ledger, views, probeViews),
            ChaosVerdict.Lateness(views, options.LatenessBound),
            ChaosVerdict.OutageAnswers(probe.DuringOutage, probe.AfterOutage, down),
            ChaosCheck.Of("every killed silo was ready again", cluster.Failures.Count == 0,
                cluster.Failures.Count == 0 ? $"{cluster.Restarts.Count} of {cluster.Restarts.Count} restarts" : string.Join("; ", cluster.Failures)),
            ChaosVerdict.NoEscalationOrTaskDuplicated(views, escalations),
        };
        foreach (var check in checks)
        {
            Say(check.ToString());
        }

        var passed = checks.All(c => c.Outcome != CheckOutcome.Broken);
        Say($"chaos ({options.Form}): {(passed ? "PASSED" : "FAILED")} in {clock.Elapsed.TotalMinutes:F1} min");
        return passed;
    }

    /// <summary>Kills a silo every KillEvery within the window, and restarts PostgreSQL once, both timed from the first deadline.</summary>
    private async Task<(DateTimeOffset Stopped, TimeSpan Down)> RunChaosAsync(ChaosCluster cluster, OutageProbe probe, DateTimeOffset firstDeadline)
    {
        var random = new Random(options.Seed + 1);
        var kills = Enumerable.Range(1, int.MaxValue)
            .Select(k => options.KillEvery * k)
            .TakeWhile(at => at < options.Window)
            .Select(at => (At: at, Postgres: false))
            .Append((At: options.PostgresRestartAt, Postgres: true))
            .OrderBy(e => e.At)
            .ToArray();
        (DateTimeOffset, TimeSpan) outage = default;
        foreach (var (at, postgres) in kills)
        {
            await WaitUntilAsync(firstDeadline + at);
            if (postgres)
            {
                Say($"+{at.TotalSeconds:F0} s: stopping PostgreSQL (immediate) for {options.PostgresDowntime.TotalSeconds:F0} s, probing the gateways");
                outage = await probe.RestartPostgresAsync(options.PostgresDowntime);
            }
            else
            {
                Say($"+{at.TotalSeconds:F0} s: killed {cluster.KillAndRestart(random)} (SIGKILL), restarting it");
            }
        }

        return outage;
    }

    private static async Task PutPolicyAsync(ChaosCluster cluster, TimeSpan target)
    {
        var firstReply = new JsonObject { ["target"] = $"PT{(int)target.TotalSeconds}S", ["calendar"] = "24x7" };
        var http = cluster.Ready[0].Http;

        // Every breach escalates: the lead takes the ticket at once, engineering gets a task 15 s later.
        await http.PutJsonAsync("/v1/teams/platform", JsonNode.Parse("""
            { "members": ["eng-1"], "lead": "eng-lead", "zone": "UTC", "digestHour": 8, "unassignedLimit": "PT1H", "assignment": "round_robin" }
            """)!);
        await http.PutJsonAsync("/v1/runbooks/" + ChaosVerdict.Runbook, JsonNode.Parse("""
            { "levels": [
              { "trigger": "breached", "owner": "team_lead", "actions": ["notify", "reassign"], "ackWithin": "PT1H" },
              { "trigger": "breached_for PT15S", "owner": "engineering:platform", "actions": ["create_task"], "ackWithin": "PT1H" }
            ] }
            """)!);
        var policy = new JsonObject
        {
            ["id"] = "chaos",
            ["runbook"] = ChaosVerdict.Runbook,
            ["targets"] = new JsonObject { ["high"] = new JsonObject { ["first_reply"] = firstReply } },
        };
        await http.PutJsonAsync("/v1/policies", new JsonArray(policy));

        // Each silo reads the configuration through a cache refreshed at most once a second.
        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    private static async Task WaitUntilAsync(DateTimeOffset when)
    {
        var wait = when - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private void Say(string line) => output.WriteLine(line);
}
