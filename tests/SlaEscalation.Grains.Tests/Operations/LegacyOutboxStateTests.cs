using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Tasks;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Grains.Tests.Operations;

/// <summary>
/// States as the binary serializer wrote them before the outboxes were one type, captured from that code, load and
/// keep every undelivered message, in order, once upgraded on activation.
/// </summary>
public sealed class LegacyOutboxStateTests
{
    // An escalation state holding two facts and two notices (the second also addressed to "ana").
    private const string Escalation =
        "IMABQQ9zdXBwb3J0wQHBAcEBAQEBBcEBwQEBAQEBQQHBASGAAAAAAAAAAACBAAAAAAAAAADgwQHBASHgIeAh4CHgISAABSHoQBll"
        + "c2MtMS9zdGVwIzEh6CCAAKioFTp43giBAAAAAAAAAADgAQFBD3J1bmJvb2tBC3pkOjQyARXBAUEFe31BC2VzYy0x4OAg6EAZZXNj"
        + "LTEvc3RlcCMyIegggAAGecg6eN4IgQAAAAAAAAAA4AEBwUXBRwExwQHBTcFP4ODgIQAFIehAH2VzYy0xL0wxL3JhaXNlZEEjZXNj"
        + "YWxhdGlvbi5yYWlzZWTBR8FPwQdBF2ZpcnN0X3JlcGx5AQVBB2FuYSGAAKioFTp43giBAAAAAAAAAADgwUXBAcEBwQHgIOhAI2Vz"
        + "Yy0xL0wxL3JlcGVhdCMxQStlc2NhbGF0aW9uLnJlbm90aWZpZWTBR8FPwQfBewEFwX8hgABkSXs7eN4IgQAAAAAAAAAA4MFFwQHB"
        + "AcEB4OAhAQPBkcB/4ODBAcEB4A==";

    // A task state holding one fact and one notice.
    private const string Task =
        "IMABISAAAyHoQB10YXNrLTEvY3JlYXRlZCHoIIAAqKgVOnjeCIEAAAAAAAAAAOABAUEZdGFzay10cmFja2VyQQt6ZDo0MgEhwQFB"
        + "BXt9QQtlc2MtMeDg4CEAAyHowA9BGXRhc2suY3JlYXRlZMEdwSVBD3N1cHBvcnTBAQEBQQdhbmEhgACoqBU6eN4IgQAAAAAAAAAA"
        + "4MEbQQlvcGVuQQ10YXNrLTHBAeDgIeDg4A==";

    // A ticket state holding two unpublished transitions.
    private const string Ticket =
        "ICDgIeAhAAUh6EARemQ6NDIvdDFBF3NsYS5hdF9yaXNrQQt6ZDo0MkEXZmlyc3RfcmVwbHlBCWZyLTEhgACoqBU6eN4IgQAAAAAA"
        + "AAAA4CGAAKioFTp43giBAAAAAAAAAADgIehAD3N1cHBvcnRBB2FuYeDBAcEBwQHBAcEB4CDoQBF6ZDo0Mi90MkEZc2xhLmJyZWFj"
        + "aGVkwRPBFcEXIYAAEG13QnjeCIEAAAAAAAAAAOAhgAAQbXdCeN4IgQAAAAAAAAAA4CHowCfBAeDBAcEBwQHBAcEB4ODBAcEBAQHB"
        + "AcEBIcABIeDgwQHBAcEBIeAh4OA=";

    private static readonly Serializer Serializer =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void An_escalation_state_written_before_keeps_its_facts_notices_and_recipients()
    {
        var state = Load<EscalationState>(Escalation);
        state.UpgradeOutbox();

        Assert.Equal(["esc-1/step#1", "esc-1/step#2"], state.Outbox.Facts.Pending.Select(f => f.Key));
        Assert.Equal(
            [("esc-1/L1/raised", null), ("esc-1/L1/repeat#1", "ana")],
            state.Outbox.Notices.Pending.Select(n => (n.Notice.NoticeId, n.Recipient)));
        Assert.Equal(("support", 1), (state.Team, state.CurrentLevel));
        Assert.Empty(state.LegacyOutbox.Facts);
        Assert.Empty(state.LegacyOutbox.Notices);
        Assert.Empty(state.LegacyOutbox.Recipients);
    }

    [Fact]
    public void A_task_state_written_before_keeps_its_fact_and_notice()
    {
        var state = Load<EngineeringTaskState>(Task);
        state.UpgradeOutbox();

        Assert.Equal(["task-1/created"], state.Outbox.Facts.Pending.Select(f => f.Key));
        Assert.Equal([("task-1/created", "task-1", null)], state.Outbox.Notices.Pending.Select(n => (n.Notice.NoticeId, n.Notice.TaskId, n.Recipient)));
        Assert.True(state.LegacyOutbox.Facts.Count + state.LegacyOutbox.Notices.Count == 0);
    }

    [Fact]
    public void A_ticket_state_written_before_keeps_its_transitions_ahead_of_newer_ones()
    {
        var state = Load<TicketState>(Ticket);
        var newer = state.LegacyOutbox[^1] with { TransitionId = "zd:42/t3" };
        state.Outbox.Add(newer);
        state.UpgradeOutbox();

        Assert.Equal(["zd:42/t1", "zd:42/t2", "zd:42/t3"], state.Outbox.Pending.Select(t => t.TransitionId));
        Assert.Equal(("support", "ana"), (state.Outbox.Pending[0].Owner.Team, state.Outbox.Pending[0].Owner.Agent));
        Assert.Empty(state.LegacyOutbox);
    }

    [Fact]
    public void An_upgraded_state_round_trips_with_nothing_left_to_upgrade()
    {
        var state = Load<EscalationState>(Escalation);
        state.UpgradeOutbox();

        var reloaded = Serializer.Deserialize<EscalationState>(Serializer.SerializeToArray(state))!;
        reloaded.UpgradeOutbox();

        Assert.Equal(["esc-1/step#1", "esc-1/step#2"], reloaded.Outbox.Facts.Pending.Select(f => f.Key));
        Assert.Equal(["esc-1/L1/raised", "esc-1/L1/repeat#1"], reloaded.Outbox.Notices.Pending.Select(n => n.Notice.NoticeId));
    }

    private static T Load<T>(string base64) =>
        Serializer.Deserialize<T>(Convert.FromBase64String(base64)) ?? throw new InvalidOperationException("no state");
}
