using System.Text.Json.Nodes;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Adapters.Slack;
using SlaEscalation.Silo.Tests.Harness;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>
/// Slack's 200 answers in shapes Slack does not document (fields of another type, not an object at all) are an
/// outcome, never an exception: a retry when nothing says the call was refused, a refusal when Slack says so.
/// </summary>
public sealed class SlackAnswerShapeTests
{
    [Theory]
    [InlineData("""{"ok":true,"channel":"C0SUPPORT1","ts":"1733400000.000100"}""", DeliveryOutcomeKind.Delivered, "C0SUPPORT1 1733400000.000100")]
    [InlineData("""{"ok":true,"channel":5,"ts":1733400000.0001}""", DeliveryOutcomeKind.Delivered, " ")]
    [InlineData("""{"ok":false,"error":{"code":"channel_not_found"}}""", DeliveryOutcomeKind.Rejected, " ")]
    [InlineData("""{"ok":false,"error":"ratelimited"}""", DeliveryOutcomeKind.Retry, " ")]
    [InlineData("""{"ok":"true"}""", DeliveryOutcomeKind.Rejected, " ")]
    [InlineData("""[{"ok":true}]""", DeliveryOutcomeKind.Retry, " ")]
    [InlineData("<html>maintenance</html>", DeliveryOutcomeKind.Retry, " ")]
    public async Task An_answer_of_any_shape_is_an_outcome(string body, DeliveryOutcomeKind expected, string channelAndTs)
    {
        var time = TimeProvider.System;
        var settings = new SlackConnectionSettings("acme-slack", "xoxb-test", null, new Uri("https://slack.example/api/"), null);
        var api = new SlackWebApi(
            new Dictionary<string, SlackConnectionSettings> { ["acme-slack"] = settings }, new HttpClient(new FixedAnswer(body)),
            new SlackPace(time, TimeSpan.Zero, TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(10), time);

        var answer = await api.CallAsync("acme-slack", "chat.postMessage", new JsonObject { ["channel"] = "C0SUPPORT1", ["text"] = "hi" }, CancellationToken.None);

        Assert.Equal((expected, channelAndTs), (answer.Outcome.Kind, $"{answer.Channel} {answer.Ts}"));
    }
}
