using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Slack;
using SlaEscalation.Silo.Tests.Notifications;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>A Slack call is given up on after <c>Notifications__AttemptTimeoutSeconds</c>, as webhooks and trackers are.</summary>
public sealed class SlackAttemptTimeoutTests
{
    private const string Connection = "acme-slack";

    [Fact]
    public async Task A_slack_call_that_does_not_answer_is_given_up_on_after_the_attempt_timeout_setting()
    {
        using var slack = new SlackStub("xoxb-test-" + Guid.NewGuid().ToString("N")[..12], SlackSiloFixture.SupportChannel);
        slack.SlowPosts(SlackSiloFixture.SupportChannel, TimeSpan.FromSeconds(4));
        await using var silo = await NotificationSilo.StartAsync("slack-timeout-" + Guid.NewGuid().ToString("N")[..6], null,
        [
            $"--Adapters:{Connection}:BotToken={slack.Token}",
            $"--Adapters:{Connection}:SigningSecret=slack-signing-secret",
            $"--Adapters:{Connection}:ApiUrl={slack.ApiUrl}",
            "--Notifications:AttemptTimeoutSeconds=1",
        ]);

        var answer = await silo.Services.GetRequiredService<ISlackApi>().CallAsync(
            Connection, "chat.postMessage", new JsonObject { ["channel"] = SlackSiloFixture.SupportChannel, ["text"] = "SLA escalation" }, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Retry("Slack chat.postMessage: no answer within 1 s"), answer.Outcome);
    }
}
