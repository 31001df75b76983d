using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Tests.Builders;
using SlaEscalation.Domain.Tickets;
using static SlaEscalation.Domain.Tests.Builders.TicketHistoryBuilder;

namespace SlaEscalation.Domain.Tests.Clocks;

/// <summary>The spans a clock stood still for the ticket's status: what the board hatches on a clock's bar.</summary>
public sealed class ClockPausesTests
{
    private static readonly SlaConfiguration Config = TestConfigurations.FromYaml("""
        policies:
          - id: standard
            targets:
              normal:
                first_reply: { target: PT8H, calendar: 24x7 }
                resolution: { target: PT8H, calendar: 24x7 }
        """);

    private static readonly TicketHistoryBuilder History = new TicketHistoryBuilder()
        .Created("2026-03-02T09:00:00Z")
        .Status("2026-03-02T10:00:00Z", TicketStatus.Pending)
        .Status("2026-03-02T11:30:00Z", TicketStatus.Open)
        .Status("2026-03-02T12:00:00Z", TicketStatus.OnHold)
        .Status("2026-03-02T12:20:00Z", TicketStatus.Pending)
        .Status("2026-03-02T13:00:00Z", TicketStatus.Open);

    [Fact]
    public void Resolution_stands_still_while_pending_and_on_hold_with_touching_spans_joined()
    {
        var spans = ClockPauses.Of(Config, History.Events, SlaMetric.Resolution, At("2026-03-02T09:00:00Z"), At("2026-03-02T14:00:00Z"));

        Assert.Equal(
            [(At("2026-03-02T10:00:00Z"), At("2026-03-02T11:30:00Z")), (At("2026-03-02T12:00:00Z"), At("2026-03-02T13:00:00Z"))],
            spans);
    }

    [Fact]
    public void First_reply_keeps_running_while_pending_by_default()
    {
        Assert.Empty(ClockPauses.Of(Config, History.Events, SlaMetric.FirstReply, At("2026-03-02T09:00:00Z"), At("2026-03-02T14:00:00Z")));
    }

    [Fact]
    public void A_span_still_open_ends_at_the_instant_asked_and_one_before_the_start_is_cut_there()
    {
        var spans = ClockPauses.Of(Config, History.Events, SlaMetric.Resolution, At("2026-03-02T10:30:00Z"), At("2026-03-02T12:10:00Z"));

        Assert.Equal([(At("2026-03-02T10:30:00Z"), At("2026-03-02T11:30:00Z")), (At("2026-03-02T12:00:00Z"), At("2026-03-02T12:10:00Z"))], spans);
    }
}
