using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>The cluster of the recovery day: its clock starts on 2026-05-05 at midnight UTC.</summary>
public sealed class RecoveryCluster() : DigestCluster(new DateTimeOffset(2026, 5, 5, 0, 0, 0, TimeSpan.Zero));

/// <summary>
/// Facts the bus loses (as a memory stream loses what a dying silo held) are missing from the digest until a
/// recount reads the tickets' durable records and brings them back, each to the team that owned the ticket then.
/// </summary>
public sealed class DigestRecoveryTests(RecoveryCluster cluster) : IClassFixture<RecoveryCluster>
{
    private const string X = "ops-x";
    private const string Y = "ops-y";
    private const string Day = "2026-05-05";

    private static DateTimeOffset At(int hour, int minute = 0) => new(2026, 5, 5, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_recount_recovers_lost_facts_and_gives_the_figures_of_a_day_nothing_was_lost()
    {
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, X, """{"zone": "UTC", "digestHour": 8}""");
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, Y, """{"zone": "UTC", "digestHour": 8}""");
        await cluster.ConfigureAsync(ConfigurationPartKind.Policies, null, DigestScriptedDayTests.Policies);
        var run = Guid.NewGuid().ToString("N")[..6];
        string K(string name) => $"{name}:{run}";
        var script = new TicketScript(cluster.Client);

        // Everything of a, the solve of b and everything of c is lost on the way.
        cluster.Ledger.Lose = f => f.TicketKey == K("a") || f.TicketKey == K("c") || f.FactId == $"{K("b")}/solved#0";
        var steps = new (DateTimeOffset At, Func<Task> Act)[]
        {
            (At(8), () => script.CreatedAsync(K("a"), At(8), "normal", X, "ann")),
            (At(9), () => script.ReplyAsync(K("a"), At(9))),
            (At(10), () => script.StatusAsync(K("a"), At(10), "solved")),
            (At(8, 30), () => script.CreatedAsync(K("b"), At(8, 30), "urgent", X, "bo")),   // resolution breaches at 16:30
            (At(8, 45), () => script.ReplyAsync(K("b"), At(8, 45))),
            (At(17), () => script.StatusAsync(K("b"), At(17), "solved")),                  // resolution achieved late
            (At(9), () => script.CreatedAsync(K("c"), At(9), "high", X)),
            (At(11), () => script.TeamAsync(K("c"), At(11), Y)),                           // moved: its breach at 13:00 is ops-y's
        };
        foreach (var (at, act) in steps.OrderBy(s => s.At))
        {
            await cluster.AdvanceToAsync(at);
            await act();
        }

        await cluster.AdvanceToAsync(At(20));
        var lossy = await UntilAsync(X, r => r.Breaches.Total == 1 && r.Achievement.Any(a => a.Metric == "resolution"));
        Assert.Equal((1, 0), (lossy.NewTickets, lossy.SolvedTickets));
        Assert.True(cluster.Ledger.Lost >= 6, $"lost {cluster.Ledger.Lost}");
        Assert.Equal(0, (await Digest(Y).GetAsync()).Breaches.Total);

        cluster.Ledger.Lose = null;
        var x = await RecountAsync(X);
        var y = await RecountAsync(Y);

        Assert.Equal(5, x.Reconcile!.FactsRecovered);
        Assert.Equal((3, 2), (x.NewTickets, x.SolvedTickets));
        Assert.Equal([new DigestBreachCount("resolution", "urgent", 1)], x.Breaches.ByMetricAndPriority);
        Assert.Equal([new DigestAchievement("first_reply", 2, 0, 0, 1.0), new DigestAchievement("resolution", 0, 1, 1, 0.0)], x.Achievement);
        Assert.Equal(1, y.Reconcile!.FactsRecovered);
        Assert.Equal((0, 0), (y.NewTickets, y.SolvedTickets));
        Assert.Equal([(K("c"), At(13), "first_reply", "high")], y.Breaches.Tickets.Select(t => (t.TicketKey, t.At!.Value, t.Metric!, t.Priority!)));

        // A second recount finds nothing more.
        Assert.Equal(0, (await RecountAsync(X)).Reconcile!.FactsRecovered);
    }

    private IDigestAggregatorGrain Digest(string team) => cluster.Client.GetGrain<IDigestAggregatorGrain>(DigestKey.Of(team, Day));

    private Task<DigestReport> UntilAsync(string team, Func<DigestReport, bool> done) => DigestCluster.SettledAsync(Digest(team), done);

    /// <summary>Recounts the team's digest, then reads it once more a second later (a repeat would show by then).</summary>
    private async Task<DigestReport> RecountAsync(string team)
    {
        await DigestCluster.RecountAsync(Digest(team));
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1));
        return await Digest(team).GetAsync();
    }
}
