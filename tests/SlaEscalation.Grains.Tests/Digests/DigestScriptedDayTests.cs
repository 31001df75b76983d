using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>The cluster of the scripted day: its clock starts on Monday 2026-03-02 at midnight UTC.</summary>
public sealed class ScriptedDayCluster() : DigestCluster(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));

/// <summary>
/// One scripted day, Tuesday 2026-03-10, for a team in New York (EDT, UTC-4 since the 8th) and one in Tokyo
/// (UTC+9). The clock walks through the script and every event reaches its ticket grain at the time it happened, so
/// the tickets' reminders fire the breaches; transitions reach the digests over the event bus. Each digest is
/// published at its team's hour the next morning, and every figure below was counted by hand from the script.
/// </summary>
public sealed class DigestScriptedDayTests(ScriptedDayCluster cluster) : IClassFixture<ScriptedDayCluster>
{
    private const string Ny = "desk-ny";
    private const string Tokyo = "desk-tokyo";
    private const string Day = "2026-03-10";

    /// <summary>first_reply on every priority (at risk at half), resolution only on urgent, all on 24x7.</summary>
    public const string Policies = """
        [{"id": "all", "targets": {
            "urgent": {"first_reply": {"target": "PT1H", "calendar": "24x7"}, "resolution": {"target": "PT8H", "calendar": "24x7"}},
            "high": {"first_reply": {"target": "PT4H", "calendar": "24x7"}},
            "normal": {"first_reply": {"target": "PT8H", "calendar": "24x7"}},
            "low": {"first_reply": {"target": "P1D", "calendar": "24x7"}}},
          "atRisk": {"first_reply": {"percent": 50}}}]
        """;

    private static readonly DateTimeOffset NyPublished = NyTime(11, 8);
    private static readonly DateTimeOffset TokyoPublished = TokyoTime(11, 9);

    private static DateTimeOffset NyTime(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.FromHours(day >= 8 ? -4 : -5));

    private static DateTimeOffset TokyoTime(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.FromHours(9));

    [Fact]
    public async Task A_scripted_day_across_two_zones_is_published_with_exactly_the_hand_counted_figures_and_repeats_count_once()
    {
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, Ny, """{"zone": "America/New_York", "digestHour": 8, "unassignedLimit": "PT1H"}""");
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, Tokyo, """{"zone": "Asia/Tokyo", "digestHour": 9, "unassignedLimit": "PT30M"}""");
        await cluster.ConfigureAsync(ConfigurationPartKind.Policies, null, Policies);
        var run = Guid.NewGuid().ToString("N")[..6];
        string K(string name) => $"{name}:{run}";
        var script = new TicketScript(cluster.Client);
        var bus = cluster.Client.GetGrain<IBusPublisherGrain>(0);
        EscalationNotice Notice(string id, string type, string ticket, DateTimeOffset at, string? detail = null) =>
            new($"{run}-{id}", type, K(ticket), $"{run}-esc-{ticket}", Ny, "first_reply", 1, "team:desk-ny", at, "escalation", detail, $"{run}-task", "urgent");

        var timeline = new List<(DateTimeOffset At, Func<Task> Act)>();
        void At(DateTimeOffset at, Func<Task> act) => timeline.Add((at, act));

        // New York.
        At(NyTime(2, 9), () => script.CreatedAsync(K("ny5"), NyTime(2, 9), "normal", Ny, "carol"));      // more than a week old
        At(NyTime(2, 10), () => script.ReplyAsync(K("ny5"), NyTime(2, 10)));
        At(NyTime(7, 12), () => script.CreatedAsync(K("ny4"), NyTime(7, 12), "urgent", Ny, "alice"));     // paused since the 7th
        At(NyTime(7, 12, 10), () => script.ReplyAsync(K("ny4"), NyTime(7, 12, 10)));
        At(NyTime(7, 12, 20), () => script.StatusAsync(K("ny4"), NyTime(7, 12, 20), "pending"));
        At(NyTime(9, 23), () => script.CreatedAsync(K("ny8"), NyTime(9, 23), "normal", Ny, "carol"));    // 03:00Z on the 10th: still the 9th here
        At(NyTime(10, 0, 30), () => script.ReplyAsync(K("ny8"), NyTime(10, 0, 30)));
        At(NyTime(10, 20), () => script.StatusAsync(K("ny8"), NyTime(10, 20), "solved"));
        At(NyTime(10, 8), () => script.CreatedAsync(K("ny3"), NyTime(10, 8), "normal", Ny));              // no agent; breaches at 16:00
        At(NyTime(10, 17), () => script.ReplyAsync(K("ny3"), NyTime(10, 17)));                           // achieved late
        At(NyTime(10, 9), () => script.CreatedAsync(K("ny1"), NyTime(10, 9), "high", Ny, "alice"));
        At(NyTime(10, 10), () => script.ReplyAsync(K("ny1"), NyTime(10, 10)));
        At(NyTime(10, 15), () => script.StatusAsync(K("ny1"), NyTime(10, 15), "solved"));
        At(NyTime(10, 10), () => script.CreatedAsync(K("ny2"), NyTime(10, 10), "urgent", Ny, "bob"));    // breaches at 11:00 and 18:00
        At(NyTime(10, 11), () => script.CreatedAsync(K("ny6"), NyTime(10, 11), "high", Ny, "alice"));
        At(NyTime(10, 11, 30), () => script.ReplyAsync(K("ny6"), NyTime(10, 11, 30)));
        At(NyTime(10, 12), () => script.StatusAsync(K("ny6"), NyTime(10, 12), "solved"));
        At(NyTime(10, 14), () => script.StatusAsync(K("ny6"), NyTime(10, 14), "open"));                  // reopened
        At(NyTime(10, 23, 30), () => script.CreatedAsync(K("ny7"), NyTime(10, 23, 30), "high", Ny, "bob")); // 03:30Z on the 11th: still the 10th here
        At(NyTime(11, 0, 30), () => script.ReplyAsync(K("ny7"), NyTime(11, 0, 30)));
        At(NyTime(11, 1), () => script.StatusAsync(K("ny7"), NyTime(11, 1), "solved"));
        At(NyTime(11, 5), () => script.CreatedAsync(K("ny11"), NyTime(11, 5), "high", Ny, "dave"));     // at risk from 07:00, when published

        // Escalation steps as the escalation grains publish them (the first one twice), a refused request naming
        // ny2, a delivery that failed for the team, and a breach delivered again as a republished outbox would.
        At(NyTime(10, 11), () => bus.PublishAsync(Notice("1", EscalationNoticeTypes.Raised, "ny2", NyTime(10, 11))));
        At(NyTime(10, 11, 20), () => bus.PublishAsync(Notice("2", EscalationNoticeTypes.Acknowledged, "ny2", NyTime(10, 11, 20))));
        At(NyTime(10, 12), () => bus.PublishAsync(Notice("6", EscalationNoticeTypes.TaskCreated, "ny2", NyTime(10, 12))));
        At(NyTime(10, 12), () => cluster.Client.GetGrain<IAuditChainGrain>(AuditChains.RejectedEvents).AppendAsync(
            new AuditFact(NyTime(10, 12), AuditActorKind.Adapter, "zendesk", K("ny2"), AuditAction.EventRejected, null, "{}", null)));
        At(NyTime(10, 13), () => bus.PublishAsync(Notice("7", EscalationNoticeTypes.TaskStatusChanged, "ny2", NyTime(10, 13), "in_progress")));
        At(NyTime(10, 13), () => cluster.Failures.RecordAsync(new DeliveryFailure($"{run}-d1", "sla.breached", Ny, K("ny2"), "https://hooks.example", 5, "503", NyTime(10, 13))));
        At(NyTime(10, 16), () => bus.PublishAsync(Notice("3", EscalationNoticeTypes.Raised, "ny3", NyTime(10, 16))));
        At(NyTime(10, 16, 30), () => bus.PublishAsync(Notice("4", EscalationNoticeTypes.AcknowledgementTimedOut, "ny3", NyTime(10, 16, 30))));
        At(NyTime(10, 16, 40), () => bus.PublishAsync(Notice("5", EscalationNoticeTypes.HandedOff, "ny3", NyTime(10, 16, 40))));
        At(NyTime(10, 19), () => bus.PublishAsync(Notice("8", EscalationNoticeTypes.TaskStatusChanged, "ny2", NyTime(10, 19), "closed")));
        At(NyTime(10, 19), () => bus.PublishAsync(Notice("1", EscalationNoticeTypes.Raised, "ny2", NyTime(10, 11))));
        At(NyTime(10, 19), () => bus.PublishAsync(new SlaTransition($"{K("ny2")}/first_reply/breached", SlaTransitionTypes.Breached, K("ny2"),
            "first_reply", "first_reply", NyTime(10, 11), NyTime(10, 11), new TicketOwner(Ny, "bob"), Priority: "urgent", TicketCreatedAt: NyTime(10, 10))));

        // Tokyo.
        At(TokyoTime(9, 22), () => script.CreatedAsync(K("tk3"), TokyoTime(9, 22), "normal", Tokyo, "yui"));   // the 9th; breaches 06:00 on the 10th
        At(TokyoTime(10, 7), () => script.ReplyAsync(K("tk3"), TokyoTime(10, 7)));
        At(TokyoTime(10, 8), () => script.StatusAsync(K("tk3"), TokyoTime(10, 8), "solved"));
        At(TokyoTime(10, 9), () => script.CreatedAsync(K("tk1"), TokyoTime(10, 9), "high", Tokyo, "kenji"));   // breaches 13:00
        At(TokyoTime(10, 14), () => script.ReplyAsync(K("tk1"), TokyoTime(10, 14)));
        At(TokyoTime(10, 18), () => script.StatusAsync(K("tk1"), TokyoTime(10, 18), "solved"));
        At(TokyoTime(10, 10), () => script.CreatedAsync(K("tk2"), TokyoTime(10, 10), "urgent", Tokyo));         // no agent; resolution breaches 18:00
        At(TokyoTime(10, 10, 20), () => script.ReplyAsync(K("tk2"), TokyoTime(10, 10, 20)));
        At(TokyoTime(10, 12), () => script.CreatedAsync(K("tk4"), TokyoTime(10, 12), "high", Tokyo, "kenji"));
        At(TokyoTime(10, 12, 30), () => script.ReplyAsync(K("tk4"), TokyoTime(10, 12, 30)));
        At(TokyoTime(10, 13), () => script.StatusAsync(K("tk4"), TokyoTime(10, 13), "solved"));
        At(TokyoTime(10, 15), () => script.StatusAsync(K("tk4"), TokyoTime(10, 15), "open"));
        At(TokyoTime(10, 23, 50), () => script.CreatedAsync(K("tk5"), TokyoTime(10, 23, 50), "low", Tokyo, "yui")); // breaches on the 11th

        // Each team's digest hour: the schedule asks, and the digest is published before the clock moves on.
        At(TokyoPublished, () => PublishedAsync(Tokyo));
        At(NyPublished, () => PublishedAsync(Ny));

        foreach (var (at, act) in timeline.OrderBy(step => step.At))
        {
            await cluster.AdvanceToAsync(at);
            await act();
        }

        var ny = await SettledAsync(Ny, r => r.Breaches.Total == 3 && r.Escalations.Raised == 2 && r.Tasks.Closed == 1);
        Assert.Equal(NyPublished, ny.PublishedAt);
        Assert.Equal((5, 3), (ny.NewTickets, ny.SolvedTickets));
        Assert.Equal(new DigestBacklog(NyPublished, 6, 3, 1, 1, 1, 0, 1), ny.Backlog);
        Assert.Equal([new DigestCount("first_reply", 2), new DigestCount("resolution", 1)], ny.Breaches.ByMetric);
        Assert.Equal([new DigestCount("urgent", 2), new DigestCount("normal", 1)], ny.Breaches.ByPriority);
        Assert.Equal(
            [new DigestBreachCount("first_reply", "urgent", 1), new DigestBreachCount("first_reply", "normal", 1), new DigestBreachCount("resolution", "urgent", 1)],
            ny.Breaches.ByMetricAndPriority);
        Assert.Equal(
            [(K("ny2"), NyTime(10, 11), "first_reply"), (K("ny3"), NyTime(10, 16), "first_reply"), (K("ny2"), NyTime(10, 18), "resolution")],
            ny.Breaches.Tickets.Select(t => (t.TicketKey, t.At!.Value, t.Metric!)));
        Assert.Equal([new DigestAchievement("first_reply", 3, 1, 2, 0.6), new DigestAchievement("resolution", 0, 0, 1, 0)], ny.Achievement);
        Assert.Equal(new DigestEscalations(2, 1, 1), ny.Escalations);
        Assert.Equal(new DigestTasks(1, 1), ny.Tasks);
        AssertExceptions(ny, new()
        {
            [DigestExceptionKinds.UnassignedPastLimit] = [K("ny3")],
            [DigestExceptionKinds.PausedForDays] = [K("ny4")],
            [DigestExceptionKinds.BreachedStillOpen] = [K("ny2")],
            [DigestExceptionKinds.AcknowledgementTimeouts] = [K("ny3")],
            [DigestExceptionKinds.Reopened] = [K("ny6")],
            [DigestExceptionKinds.RejectedEvents] = [K("ny2")],
            [DigestExceptionKinds.FailedDeliveries] = [K("ny2")],
        });

        var tokyo = await SettledAsync(Tokyo, r => r.Breaches.Total == 3);
        Assert.Equal(TokyoPublished, tokyo.PublishedAt);
        Assert.Equal((4, 3), (tokyo.NewTickets, tokyo.SolvedTickets));
        Assert.Equal(new DigestBacklog(TokyoPublished, 3, 3, 0, 0, 0, 0, 0), tokyo.Backlog);
        Assert.Equal([new DigestCount("first_reply", 2), new DigestCount("resolution", 1)], tokyo.Breaches.ByMetric);
        Assert.Equal([new DigestCount("urgent", 1), new DigestCount("high", 1), new DigestCount("normal", 1)], tokyo.Breaches.ByPriority);
        Assert.Equal([new DigestAchievement("first_reply", 2, 2, 2, 0.5), new DigestAchievement("resolution", 0, 0, 1, 0)], tokyo.Achievement);
        Assert.Equal((new DigestEscalations(0, 0, 0), new DigestTasks(0, 0)), (tokyo.Escalations, tokyo.Tasks));
        AssertExceptions(tokyo, new()
        {
            [DigestExceptionKinds.UnassignedPastLimit] = [K("tk2")],
            [DigestExceptionKinds.PausedForDays] = [],
            [DigestExceptionKinds.BreachedStillOpen] = [K("tk2")],
            [DigestExceptionKinds.AcknowledgementTimeouts] = [],
            [DigestExceptionKinds.Reopened] = [K("tk4")],
            [DigestExceptionKinds.RejectedEvents] = [],
            [DigestExceptionKinds.FailedDeliveries] = [],
        });
        Assert.Equal((NyTime(10, 0), TokyoTime(10, 0)), (ny.From, tokyo.From));

        // Each was handed to the notifier once, under its own delivery key, with the figures published.
        foreach (var report in new[] { ny, tokyo })
        {
            var sent = Assert.Single(cluster.Notifier.Sent, n => n.DeliveryKey == DigestNotification.DeliveryKey(report.Team, Day));
            Assert.Equal(("digest.published", report.Team, report.PublishedAt!.Value), (sent.Type, sent.Subject, sent.Time));
            Assert.Contains($"\"newTickets\":{report.NewTickets},", sent.DataJson, StringComparison.Ordinal);
            Assert.Contains("\"slack\":{\"text\":\"SLA digest", sent.DataJson, StringComparison.Ordinal);
        }
    }

    /// <summary>Asks the schedule (as its reminder does at this instant) and waits until the team's digest of the day is published.</summary>
    private async Task PublishedAsync(string team)
    {
        await cluster.Client.GetGrain<IDigestScheduleGrain>(IDigestScheduleGrain.Key).StartAsync();
        await Eventually.ValueAsync(
            cluster.Client.GetGrain<IDigestAggregatorGrain>(DigestKey.Of(team, Day)).GetAsync,
            report => report.PublishedAt is not null,
            TimeSpan.FromSeconds(30),
            $"{team}'s digest of {Day} published",
            pace: TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Reads the digest until <paramref name="done"/> holds, then once more a second later (a repeat would show by then).</summary>
    private Task<DigestReport> SettledAsync(string team, Func<DigestReport, bool> done) =>
        DigestCluster.SettledAsync(cluster.Client.GetGrain<IDigestAggregatorGrain>(DigestKey.Of(team, Day)), done);

    private static void AssertExceptions(DigestReport report, Dictionary<string, string[]> expected)
    {
        Assert.Equal(DigestExceptionKinds.All, report.Exceptions.Select(e => e.Kind));
        foreach (var exception in report.Exceptions)
        {
            Assert.Equal(exception.Kind + ": " + string.Join(", ", expected[exception.Kind]), exception.Kind + ": " + string.Join(", ", exception.Tickets.Select(t => t.TicketKey)));
            Assert.Equal((exception.Kind, expected[exception.Kind].Length), (exception.Kind, exception.Count));
        }
    }
}
