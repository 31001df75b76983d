using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Slack;
using SlaEscalation.Silo.Adapters.Slack;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>What keeps a message within Slack's limits: texts cut safely, the menu bounded, a channel's pace.</summary>
public sealed class SlackMessageLimitsTests
{
    private static readonly DateTimeOffset Raised = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("abcdefghijkl", 10, "abcdefghi…")]
    [InlineData("abcdef&amp;xyz", 10, "abcdef…")]
    [InlineData("abcd&amp;xyz", 10, "abcd&amp;…")]
    [InlineData("abcdefgh\U0001F600z", 10, "abcdefgh…")]
    public void A_text_is_cut_to_its_limit_never_inside_an_escape_or_a_surrogate_pair(string text, int max, string expected) =>
        Assert.Equal(expected, SlackText.Clip(text, max));

    [Fact]
    public void A_long_subject_and_many_people_stay_within_Slack_limits_and_names_are_escaped()
    {
        var subject = "<script> & " + new string('x', 5000);
        var people = Enumerable.Range(0, 150).Select(i => $"agent-{i}").Append(new string('p', 151)).ToArray();

        var message = SlackEscalationMessage.Of(View(), Ticket(subject), people);

        var blocks = message["blocks"]!.AsArray();
        var title = (string)blocks[1]!["text"]!["text"]!;
        Assert.Equal(3000, title.Length);
        Assert.StartsWith("*&lt;script&gt; &amp; xxx", title, StringComparison.Ordinal);
        Assert.EndsWith("x…*", title, StringComparison.Ordinal);
        var menu = blocks[^1]!["elements"]!.AsArray().Single(e => (string?)e!["action_id"] == SlackEscalationMessage.HandOffAction)!;
        var options = menu["options"]!.AsArray();
        Assert.Equal(100, options.Count);
        Assert.Equal(("agent-0", "agent-99"), ((string?)options[0]!["value"], (string?)options[^1]!["value"]));
        Assert.Equal("sla_escalation:esc_abcdefghijklmnopqrst", (string?)blocks[^1]!["block_id"]);
    }

    [Fact]
    public void An_open_unacknowledged_escalation_shows_its_facts_and_both_actions()
    {
        var message = SlackEscalationMessage.Of(View(), Ticket("Checkout fails"), ["ana", "lena"]);

        Assert.Equal("SLA escalation level 2 on zd:42 (first_reply): waiting for acknowledgement, owner lena", (string?)message["text"]);
        var fields = message["blocks"]![2]!["fields"]!.AsArray().Select(f => (string)f!["text"]!).ToArray();
        Assert.Equal(
            [
                "*Ticket*\nzd:42 (urgent, open)",
                "*Customer*\nAcme (gold)",
                "*SLA clock*\nfirst_reply: breached",
                "*Deadline*\n<!date^1796461800^{date_short_pretty} {time}|2026-12-05 09:10 +00:00>",
                "*Owner*\nlena",
                "*Level*\n2, waiting for acknowledgement",
                "*Next action*\nacknowledge by 09:30",
                "*Due*\n<!date^1796463000^{date_short_pretty} {time}|2026-12-05 09:30 +00:00>",
            ],
            fields);
        var actions = message["blocks"]![3]!["elements"]!.AsArray();
        Assert.Equal(("sla_acknowledge", "esc_abcdefghijklmnopqrst"), ((string?)actions[0]!["action_id"], (string?)actions[0]!["value"]));
        Assert.Equal(["ana"], actions[1]!["options"]!.AsArray().Select(o => (string?)o!["value"]));
    }

    [Fact]
    public void Next_action_and_due_are_said_in_the_teams_zone_with_its_offset_not_as_iso_instants()
    {
        var view = View() with { NextAction = new NextAction("acknowledge", "user:lena acknowledges level 2 by 2026-12-05T09:30:00.0000000+00:00", Raised.AddMinutes(30)) };

        var message = SlackEscalationMessage.Of(view, Ticket("Checkout fails"), ["ana", "lena"], DateTimeZoneProviders.Tzdb["Europe/Berlin"]);

        var fields = message["blocks"]![2]!["fields"]!.AsArray().Select(f => (string)f!["text"]!).ToArray();
        Assert.Equal(
            [
                "*Next action*\nuser:lena acknowledges level 2 by 2026-12-05 10:30 +01:00",
                "*Due*\n<!date^1796463000^{date_short_pretty} {time}|2026-12-05 10:30 +01:00>",
            ],
            fields[^2..]);
    }

    [Fact]
    public void A_channel_is_paced_a_second_apart_and_held_back_for_a_429()
    {
        var time = new FakeTimeProvider(Raised);
        var pace = new SlackPace(time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.Zero, pace.Reserve("a/C1").Wait);
        Assert.Equal(TimeSpan.FromSeconds(1), pace.Reserve("a/C1").Wait);
        Assert.Equal(TimeSpan.Zero, pace.Reserve("a/C2").Wait);
        pace.HoldBack("a/C2", TimeSpan.FromSeconds(30));
        Assert.Equal((null, TimeSpan.FromSeconds(30)), pace.Reserve("a/C2"));
        time.Advance(TimeSpan.FromSeconds(27));
        Assert.Equal(TimeSpan.FromSeconds(3), pace.Reserve("a/C2").Wait);
    }

    private static EscalationView View() => new(
        "esc_abcdefghijklmnopqrst", "zd:42", "first_reply", "first_reply", "standard", "support", "open", 2, "user:lena", false,
        new NextAction("acknowledge", "acknowledge by 09:30", Raised.AddMinutes(30)), Raised, Raised, null, null, [], []);

    private static TicketContext Ticket(string subject) => new(
        "zd:42", subject, "max@acme.example", "Acme", "gold", "urgent", "open", false, "standard", new TicketOwner("support", "lena"),
        [new MetricView("first_reply", "first_reply", "breached", Raised.AddMinutes(-20), Raised.AddMinutes(10), null, Raised, null, TimeSpan.FromMinutes(20))], []);
}
