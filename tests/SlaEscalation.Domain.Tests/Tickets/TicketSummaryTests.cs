using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Tickets;
using static SlaEscalation.Domain.Tests.Tickets.TicketClocks;

namespace SlaEscalation.Domain.Tests.Tickets;

public sealed class TicketSummaryTests
{
    [Theory]
    //          status                  clocks, each state@deadline (achieved: state+achieved)  -> shown       next deadline
    [InlineData(TicketStatus.Open,      "",                                                    "none",       null)]
    [InlineData(TicketStatus.Open,      "achieved@10:00,cancelled@12:00",                      "none",       null)]
    [InlineData(TicketStatus.OnHold,    "paused@12:00",                                        "paused",     null)]
    [InlineData(TicketStatus.Open,      "paused@10:00,active@12:00",                           "active",     "12:00")]
    [InlineData(TicketStatus.Open,      "active@12:00,at_risk@11:00",                          "at_risk",    "11:00")]
    [InlineData(TicketStatus.Open,      "at_risk@11:00,breached@10:00",                        "breached",   "11:00")]
    [InlineData(TicketStatus.Open,      "breached+achieved@10:00,active@12:00",                "active",     "12:00")]
    [InlineData(TicketStatus.Pending,   "breached@10:00,paused@12:00",                         "breached",   null)]
    [InlineData(TicketStatus.Solved,    "breached@10:00",                                      "solved",     null)]
    [InlineData(TicketStatus.Closed,    "cancelled@12:00",                                     "solved",     null)]
    public void The_list_shows_the_most_pressing_state_and_the_earliest_running_deadline(
        TicketStatus status, string clocks, string shown, string? nextDeadline)
    {
        var instances = List(clocks).Select((text, i) => ClockOf(i, text)).ToArray();

        var summary = TicketSummary.Of(Evaluation(Ticket(status), instances));

        Assert.Equal(shown, summary.State.ToWire());
        Assert.Equal(nextDeadline is null ? null : At(nextDeadline), summary.NextDeadline);
    }

    private static MetricInstance ClockOf(int index, string text)
    {
        var (state, deadline) = (text.Split('@')[0], text.Split('@')[1]);
        var id = $"next_reply#{index}";
        return state switch
        {
            "active" => Clock(id, MetricState.Active, deadline),
            "paused" => Clock(id, MetricState.Paused, deadline),
            "at_risk" => Clock(id, MetricState.AtRisk, deadline, "at_risk@09:45"),
            "breached" => Clock(id, MetricState.Breached, deadline, $"breached@{deadline}"),
            "breached+achieved" => Clock(id, MetricState.Breached, deadline, $"breached@{deadline}", "achieved@10:30"),
            "achieved" => Clock(id, MetricState.Achieved, deadline, "achieved@09:30"),
            "cancelled" => Clock(id, MetricState.Cancelled, deadline),
            _ => throw new ArgumentException($"unknown clock '{text}'", nameof(text)),
        };
    }
}
