using System.Text.Json.Nodes;
using SlaEscalation.Grains.Slack;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>How a post whose answer was lost is recognised in a <c>conversations.history</c> answer.</summary>
public sealed class SlackPostMarkTests
{
    private const string Escalation = "esc_7f3a";

    private static JsonObject Message(string ts, JsonObject? metadata) =>
        new() { ["type"] = "message", ["text"] = "SLA escalation", ["ts"] = ts, ["metadata"] = metadata };

    private static JsonObject History(params JsonObject[] messages) => new() { ["ok"] = true, ["messages"] = new JsonArray(messages) };

    [Fact]
    public void The_message_whose_metadata_names_the_escalation_gives_its_ts()
    {
        var history = History(
            Message("1733400000.000300", null),
            Message("1733400000.000200", SlackPostMark.Metadata("esc_other")),
            Message("1733400000.000100", SlackPostMark.Metadata(Escalation)));

        Assert.Equal("1733400000.000100", SlackPostMark.PostedTs(history, Escalation));
    }

    [Fact]
    public void Messages_of_other_escalations_other_apps_or_without_metadata_are_not_it()
    {
        var foreign = new JsonObject { ["event_type"] = "task_created", ["event_payload"] = new JsonObject { ["escalation_id"] = Escalation } };
        var history = History(Message("1.000001", null), Message("1.000002", SlackPostMark.Metadata("esc_other")), Message("1.000003", foreign));

        Assert.Null(SlackPostMark.PostedTs(history, Escalation));
        Assert.Null(SlackPostMark.PostedTs(new JsonObject { ["ok"] = true }, Escalation));
    }

    [Fact]
    public void Messages_whose_fields_are_not_text_are_passed_over_and_the_lookup_goes_on()
    {
        var numbered = new JsonObject { ["event_type"] = 7, ["event_payload"] = new JsonObject { ["escalation_id"] = Escalation } };
        var listed = new JsonObject { ["event_type"] = SlackPostMark.EventType, ["event_payload"] = new JsonObject { ["escalation_id"] = new JsonArray(Escalation) } };
        var noTs = Message("x", SlackPostMark.Metadata(Escalation));
        noTs["ts"] = 1733400000.0001;
        var history = History(Message("1.000001", numbered), Message("1.000002", listed), noTs, Message("1733400000.000100", SlackPostMark.Metadata(Escalation)));

        Assert.Equal("1733400000.000100", SlackPostMark.PostedTs(history, Escalation));
    }

    [Fact]
    public void The_lookup_asks_for_metadata_from_a_minute_before_the_first_try()
    {
        var query = SlackPostMark.HistoryQuery("C0SUPPORT1", DateTimeOffset.FromUnixTimeSeconds(1733400060));

        Assert.Equal("""{"channel":"C0SUPPORT1","oldest":"1733400000","include_all_metadata":true,"limit":15}""", query.ToJsonString());
    }
}
