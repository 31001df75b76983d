using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Testing;
using WireMock.Logging;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>
/// Escalations in Slack on a real silo against a Slack stub: one message per escalation, updated in place as the
/// runbook moves; a signed Acknowledge from a mapped Slack user acknowledges it; an unmapped user changes nothing;
/// a 429 is waited out for its Retry-After.
/// </summary>
public sealed class SlackEscalationTests(SlackSiloFixture fixture) : IClassFixture<SlackSiloFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);

    private SlackStub Slack => fixture.Slack;

    [Fact]
    public async Task One_message_follows_the_whole_runbook_and_a_signed_Acknowledge_from_Slack_acknowledges()
    {
        var key = "slack:" + Guid.NewGuid().ToString("N")[..8];
        await CreateAsync(key, "support");

        // At risk (4 s) posts; breached (8 s) raises level 2, which hands the escalation to the lead and updates.
        var escalation = await UntilAsync(key, e => e.Level == 2 && e.Owner == "user:lena");
        await Eventually.TrueAsync(() => Slack.Calls("chat.update", key).Count > 0, Within, "level 2 updates the message");
        var posted = SlackStub.Body(Assert.Single(Slack.Calls("chat.postMessage", key)));
        Assert.Equal(SlackSiloFixture.SupportChannel, (string?)posted["channel"]);

        var press = SlackSigning.Form(SlackSigning.Press(posted, "sla_acknowledge", "U0LENA1", Slack.Url + "/actions/T0ACME/1/lena"));
        using var pressed = await fixture.Silo.Http.SendAsync(SlackSigning.Request(SlackSiloFixture.Connection, press, fixture.SigningSecret, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        escalation = await UntilAsync(key, e => e.Acknowledged);
        Assert.Equal(("acknowledged", "lena"), (escalation.History[^1].Step, escalation.History[^1].Actor));

        Assert.Equal(HttpStatusCode.OK, (await fixture.Silo.Http.PostAsJsonAsync($"/v1/escalations/{escalation.Id}/resolve", new { by = "lena", reason = "answered" })).StatusCode);
        await Eventually.TrueAsync(
            () => Slack.Calls("chat.update", key) is { Count: > 0 } updates && !SlackStub.Body(updates[^1])["blocks"]!.AsArray().Any(b => (string?)b!["type"] == "actions"),
            Within, "the resolution updates the message without its buttons");

        // Still one post; every update names the message it posted, in the channel and with the ts Slack answered.
        Assert.Single(Slack.Calls("chat.postMessage", key));
        var updates = Slack.Calls("chat.update", key);
        Assert.InRange(updates.Count, 3, 6);
        Assert.All(updates, u => Assert.Equal((SlackSiloFixture.SupportChannel, SlackStub.TsOf(0)), ((string?)SlackStub.Body(u)["channel"], (string?)SlackStub.Body(u)["ts"])));
        Assert.All([.. Slack.Calls("chat.postMessage", key), .. updates], AnsweredWithTheBotToken);
        var last = SlackStub.Body(updates[^1]);
        Assert.StartsWith($"SLA escalation level 2 on {key} (first_reply): resolved (resolved), owner lena", (string?)last["text"], StringComparison.Ordinal);
        Assert.Equal(["header", "section", "context"], last["blocks"]!.AsArray().Select(b => (string?)b!["type"]));

        // The ticket's timeline names the Slack user as the actor and the agent it acted for.
        var entry = await Eventually.ValueAsync(
            async () => (await fixture.Silo.Http.GetFromJsonAsync<JsonObject>($"/v1/tickets/{Uri.EscapeDataString(key)}/timeline"))!["entries"]!
                .AsArray().FirstOrDefault(e => (string?)e!["action"] == "escalation_acknowledged"),
            e => e is not null, Within, "the acknowledgement on the timeline");
        Assert.Equal(("slack:acme-slack:U0LENA1", "lena"), ((string?)entry!["actor"], (string?)entry["onBehalfOf"]));
    }

    [Fact]
    public async Task A_press_from_an_unmapped_Slack_user_is_answered_not_allowed_and_changes_nothing()
    {
        var key = "slack:" + Guid.NewGuid().ToString("N")[..8];
        await CreateAsync(key, "support");
        var escalation = await UntilAsync(key, e => e.Level >= 1);
        await Eventually.TrueAsync(() => Slack.Calls("chat.postMessage", key).Count == 1, Within, "the message");
        var posted = SlackStub.Body(Slack.Calls("chat.postMessage", key)[0]);

        var answerPath = "/actions/T0ACME/2/" + Guid.NewGuid().ToString("N")[..8];
        var press = SlackSigning.Form(SlackSigning.Press(posted, "sla_acknowledge", "U0NOBODY9", Slack.Url + answerPath));
        using var pressed = await fixture.Silo.Http.SendAsync(SlackSigning.Request(SlackSiloFixture.Connection, press, fixture.SigningSecret, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);

        await Eventually.TrueAsync(() => Slack.Answers(answerPath).Count == 1, Within, "the private answer");
        var answer = SlackStub.Body(Slack.Answers(answerPath)[0]);
        Assert.Equal(("ephemeral", false), ((string?)answer["response_type"], (bool?)answer["replace_original"]));
        Assert.StartsWith("You are not allowed to act on escalations from Slack", (string?)answer["text"], StringComparison.Ordinal);
        var after = (await fixture.Silo.Http.GetFromJsonAsync<EscalationView>($"/v1/escalations/{escalation.Id}"))!;
        Assert.False(after.Acknowledged);
        Assert.DoesNotContain(after.History, s => s.Step == "acknowledged");
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("esc_not_ours")]
    public async Task A_signed_press_naming_no_escalation_of_ours_is_answered_not_known(string value)
    {
        var key = "slack:" + Guid.NewGuid().ToString("N")[..8];
        await CreateAsync(key, "support");
        await UntilAsync(key, e => e.Level >= 1);
        await Eventually.TrueAsync(() => Slack.Calls("chat.postMessage", key).Count == 1, Within, "the message");
        var answerPath = "/actions/T0ACME/3/" + Guid.NewGuid().ToString("N")[..8];
        var press = SlackSigning.Press(SlackStub.Body(Slack.Calls("chat.postMessage", key)[0]), "sla_acknowledge", "U0LENA1", Slack.Url + answerPath);
        press["actions"]![0]!["value"] = value;

        using var pressed = await fixture.Silo.Http.SendAsync(SlackSigning.Request(SlackSiloFixture.Connection, SlackSigning.Form(press), fixture.SigningSecret, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        await Eventually.TrueAsync(() => Slack.Answers(answerPath).Count == 1, Within, "the private answer");
        Assert.Equal("That escalation is not known here; nothing was changed.", (string?)SlackStub.Body(Slack.Answers(answerPath)[0])["text"]);
    }

    [Fact]
    public async Task A_signed_press_with_the_wrong_secret_is_refused_and_changes_nothing()
    {
        var key = "slack:" + Guid.NewGuid().ToString("N")[..8];
        await CreateAsync(key, "support");
        var escalation = await UntilAsync(key, e => e.Level >= 1);
        await Eventually.TrueAsync(() => Slack.Calls("chat.postMessage", key).Count == 1, Within, "the message");
        var press = SlackSigning.Form(SlackSigning.Press(SlackStub.Body(Slack.Calls("chat.postMessage", key)[0]), "sla_acknowledge", "U0LENA1", Slack.Url + "/actions/x"));

        using var pressed = await fixture.Silo.Http.SendAsync(SlackSigning.Request(SlackSiloFixture.Connection, press, "not-the-signing-secret", DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.Unauthorized, pressed.StatusCode);
        Assert.False((await fixture.Silo.Http.GetFromJsonAsync<EscalationView>($"/v1/escalations/{escalation.Id}"))!.Acknowledged);
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_Retry_After_and_the_message_is_posted_once()
    {
        Slack.LimitFirstPost(SlackSiloFixture.BillingChannel, retryAfterSeconds: 3);
        var key = "slack:" + Guid.NewGuid().ToString("N")[..8];
        await CreateAsync(key, "billing");

        await Eventually.TrueAsync(
            () => Slack.Calls("chat.postMessage", key).Any(c => c.ResponseMessage.StatusCode is 200), Within, "the post after the 429",
            () => string.Join(", ", Slack.Calls("chat.postMessage", key).Select(c => c.ResponseMessage.StatusCode)));
        var posts = Slack.Calls("chat.postMessage", key);
        Assert.Equal([429, 200], posts.Select(p => p.ResponseMessage.StatusCode is int status ? status : 0));
        var waited = posts[1].RequestMessage.DateTime - posts[0].RequestMessage.DateTime;
        Assert.True(waited >= TimeSpan.FromSeconds(3), $"the retry came {waited} after a 429 asking for 3 s");
    }

    private static void AnsweredWithTheBotToken(ILogEntry call) => Assert.Equal(200, call.ResponseMessage.StatusCode);

    private async Task CreateAsync(string key, string team) =>
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.Silo.Http.PostEventsAsync(GatewayRequests.Created(key, key + "-created", DateTimeOffset.UtcNow, team: team))).Status);

    private Task<EscalationView> UntilAsync(string key, Func<EscalationView, bool> condition) => fixture.Silo.Http.UntilAsync(key, condition, Within);
}
