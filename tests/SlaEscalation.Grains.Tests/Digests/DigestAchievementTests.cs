using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>
/// An achievement that does not say whether it came on time (queued before transitions carried it) is judged by its
/// ticket: late when the ticket emitted a breach of that instance before, on time otherwise.
/// </summary>
public sealed class DigestAchievementTests(RecoveryCluster cluster) : IClassFixture<RecoveryCluster>
{
    private const string Team = "ops-judged";
    private const string Day = "2026-05-05";

    private static DateTimeOffset At(int hour) => new(2026, 5, 5, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_achievement_without_on_time_is_late_when_its_ticket_breached_that_instance_before()
    {
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, Team, """{"zone": "UTC", "digestHour": 8}""");
        await cluster.ConfigureAsync(ConfigurationPartKind.Policies, null, DigestScriptedDayTests.Policies);
        var run = Guid.NewGuid().ToString("N")[..6];
        var (late, onTime) = ($"late:{run}", $"ontime:{run}");
        var script = new TicketScript(cluster.Client);

        // Both high (first reply within 4 h); the late one is created at 08:00 and breaches at 12:00, the other one
        // is created at 11:00 and has not breached at 13:00.
        await cluster.AdvanceToAsync(At(8));
        await script.CreatedAsync(late, At(8), "high", Team, "ann");
        await cluster.AdvanceToAsync(At(11));
        await script.CreatedAsync(onTime, At(11), "high", Team, "bo");

        // The late ticket's at-risk tick (due 10:00) re-registers its reminder for the breach at 12:00 as "in an
        // hour": were the clock moved to 13:00 before that registration, the reminder would count the hour from
        // 13:00. The at-risk is recorded only after the registration, so wait for it first.
        await Eventually.ValueAsync(
            cluster.Client.GetGrain<ITicketGrain>(late).GetAsync,
            t => t!.Transitions.Any(e => e.TransitionId.EndsWith("/at_risk", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            $"the at-risk of {late}");
        await cluster.AdvanceToAsync(At(13));
        await UntilAsync(r => r.Breaches.Total == 1, nudge: true);

        var bus = cluster.Client.GetGrain<IBusPublisherGrain>(0);
        foreach (var key in new[] { late, onTime })
        {
            var achieved = new SlaTransition($"{key}/first_reply/achieved", SlaTransitionTypes.Achieved, key, "first_reply", "first_reply",
                At(13), At(13), new TicketOwner(Team, null), Priority: "high", TicketCreatedAt: At(8));
            Assert.Null(achieved.OnTime);
            await bus.PublishAsync(achieved);
        }

        var report = await UntilAsync(r => r.Achievement.Sum(a => a.OnTime + a.Late) == 2);
        Assert.Equal([new DigestAchievement("first_reply", 1, 1, 1, 0.5)], report.Achievement);
    }

    /// <summary>
    /// Waits until the digest is <paramref name="done"/>; with <paramref name="nudge"/>, moving the clock a second
    /// each time, as a reminder re-registered after the jump to 13:00 is due a second after it.
    /// </summary>
    private Task<DigestReport> UntilAsync(Func<DigestReport, bool> done, bool nudge = false) =>
        Eventually.ValueAsync(
            cluster.Client.GetGrain<IDigestAggregatorGrain>(DigestKey.Of(Team, Day)).GetAsync,
            report =>
            {
                if (done(report))
                {
                    return true;
                }

                if (nudge)
                {
                    cluster.Time.Advance(TimeSpan.FromSeconds(1));
                }

                return false;
            },
            TimeSpan.FromSeconds(30),
            "the digest's counts",
            pace: TimeSpan.FromMilliseconds(100));
}
