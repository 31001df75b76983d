using System.Net;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>
/// A post Slack took but whose answer was lost (a 5xx, a timeout) is found again in the channel's history by its
/// metadata, and that message is updated rather than a second one posted.
/// </summary>
public sealed class SlackLostAnswerTests(SlackSiloFixture fixture) : IClassFixture<SlackSiloFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);

    private SlackStub Slack => fixture.Slack;

    [Fact]
    public async Task A_post_whose_answer_was_lost_is_found_by_its_metadata_and_updated_in_place_never_posted_twice()
    {
        Slack.LoseFirstAnswer(SlackSiloFixture.SupportChannel);
        var key = "slack:" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.Silo.Http.PostEventsAsync(GatewayRequests.Created(key, key + "-created", DateTimeOffset.UtcNow, team: "support"))).Status);

        // Level 2 (the breach at 8 s) must update the message the retry found, too.
        var escalation = await fixture.Silo.Http.UntilAsync(key, e => e.Level == 2, Within);
        await Eventually.TrueAsync(
            () => Slack.Calls("chat.update", key).Any(u => ((string?)SlackStub.Body(u)["text"])!.StartsWith("SLA escalation level 2", StringComparison.Ordinal)),
            Within, "level 2 updates the message found", () => $"{Slack.Calls("chat.postMessage", key).Count} posts, {Slack.Calls("chat.update", key).Count} updates");

        var post = Assert.Single(Slack.Calls("chat.postMessage", key));
        Assert.Equal(500, post.ResponseMessage.StatusCode);
        var metadata = SlackStub.Body(post)["metadata"]!;
        Assert.Equal(("sla_escalation", escalation.Id), ((string?)metadata["event_type"], (string?)metadata["event_payload"]!["escalation_id"]));
        var lookup = SlackStub.Body(Slack.Calls("conversations.history", SlackSiloFixture.SupportChannel)[0]);
        Assert.Equal((true, 15), ((bool?)lookup["include_all_metadata"], (int?)lookup["limit"]));
        // The retry finds the message and updates it to the escalation as it is then: level 1, or level 2 already when
        // the retry came after the breach (a loaded machine); either way no second post.
        var updates = Slack.Calls("chat.update", key);
        Assert.Contains(((string?)SlackStub.Body(updates[0])["text"])![..22], new[] { "SLA escalation level 1", "SLA escalation level 2" });
        Assert.All(updates, u => Assert.Equal(
            (SlackSiloFixture.SupportChannel, SlackStub.TsOf(0), 200),
            ((string?)SlackStub.Body(u)["channel"], (string?)SlackStub.Body(u)["ts"], u.ResponseMessage.StatusCode)));
    }
}
