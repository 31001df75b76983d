using NodaTime;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Digests;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>Counting facts: complete counts, bounded lists, rates.</summary>
public sealed class DigestTallyTests
{
    private static readonly DigestDay Day = new DigestTeam("desk", DateTimeZone.Utc, 8, Duration.FromHours(1)).Day(new LocalDate(2026, 5, 5));
    private static readonly DateTimeOffset Noon = new(2026, 5, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_are_complete_while_a_list_keeps_only_the_earliest_hundred()
    {
        var tally = new DigestTally();
        for (var i = 149; i >= 0; i--)
        {
            tally.Add(new DigestFact($"t:{i}/first_reply/breached", DigestFactKinds.Breached, "desk", "2026-05-05", $"t:{i}", Noon.AddMinutes(i), "first_reply", i % 2 == 0 ? "high" : "low"));
        }

        var report = tally.Report(Day, null, null, null);

        Assert.Equal(150, report.Breaches.Total);
        Assert.Equal(DigestLimits.ListedTickets, report.Breaches.Tickets.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"t:{i}"), report.Breaches.Tickets.Select(t => t.TicketKey));
        Assert.Equal([new DigestCount("high", 75), new DigestCount("low", 75)], report.Breaches.ByPriority);
        Assert.Null(report.Backlog);
        Assert.Equal([DigestExceptionKinds.AcknowledgementTimeouts, DigestExceptionKinds.Reopened], report.Exceptions.Select(e => e.Kind));
    }

    [Fact]
    public void Achievement_is_on_time_over_on_time_and_breached_and_has_no_rate_without_either()
    {
        var tally = new DigestTally();
        tally.Add(Fact("a", DigestFactKinds.Achieved, "first_reply", true));
        tally.Add(Fact("b", DigestFactKinds.Achieved, "first_reply", true));
        tally.Add(Fact("c", DigestFactKinds.Achieved, "first_reply", true));
        tally.Add(Fact("d", DigestFactKinds.Breached, "first_reply", null));
        tally.Add(Fact("e", DigestFactKinds.Achieved, "next_reply", false));

        var report = tally.Report(Day, null, null, null);

        Assert.Equal(
            [new DigestAchievement("first_reply", 3, 0, 1, 0.75), new DigestAchievement("next_reply", 0, 1, 0, null)],
            report.Achievement);
    }

    private static DigestFact Fact(string id, string kind, string metric, bool? onTime) =>
        new(id, kind, "desk", "2026-05-05", "t:" + id, Noon, metric, "high", onTime);
}
