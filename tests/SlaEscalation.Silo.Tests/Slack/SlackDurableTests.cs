using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>A post Slack has not taken yet survives the death of the only silo, and the message is still posted once.</summary>
public sealed class SlackDurableTests : IDisposable
{
    private const string Channel = "C0DURABLE1";

    private readonly SlackStub slack = new("xoxb-durable-" + Guid.NewGuid().ToString("N")[..8], Channel);

    public void Dispose() => slack.Dispose();

    [Fact]
    public async Task A_pending_post_is_made_once_by_the_next_silo_after_the_only_silo_is_killed_and_then_updated_in_place()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("slack_durable");
        var cluster = "slack-durable-" + Guid.NewGuid().ToString("N")[..8];
        var key = "slack:" + Guid.NewGuid().ToString("N")[..8];
        var outage = slack.Unavailable(Channel);
        var firstEnvironment = Environment("slack-a", cluster, database);
        await using (var first = await SiloProcess.StartAsync(firstEnvironment))
        {
            await SlackSiloFixture.ConfigureAsync(first, $"  support: {{ members: [ana], lead: lena, zone: UTC, slack: {{ connection: acme-slack, channel: {Channel} }} }}");
            Assert.Equal(HttpStatusCode.Accepted, (await first.Http.PostEventsAsync(GatewayRequests.Created(key, key + "-created", DateTimeOffset.UtcNow, team: "support"))).Status);
            await Eventually.TrueAsync(() => slack.Calls("chat.postMessage", key).Count > 0, TimeSpan.FromSeconds(40), "a post Slack refuses");
            first.Kill();
        }

        slack.Restore(outage);
        await using var second = await SiloProcess.StartAsync(SiloProcess.InPlaceOf(Environment("slack-b", cluster, database), firstEnvironment));

        // The retried post lands on the second silo; resolving the escalation then updates that message in place.
        var escalationPosts = () => slack.Calls("chat.postMessage", key);
        await Eventually.TrueAsync(
            () => escalationPosts().Any(p => p.ResponseMessage.StatusCode is 200), TimeSpan.FromSeconds(90), "the retried post",
            () => string.Join(", ", escalationPosts().Select(c => c.ResponseMessage.StatusCode)), TimeSpan.FromMilliseconds(250));
        var page = await second.Http.GetFromJsonAsync<JsonObject>($"/v1/escalations?ticket={Uri.EscapeDataString(key)}");
        var id = (string)page!["escalations"]![0]!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await second.Http.PostAsJsonAsync($"/v1/escalations/{id}/resolve", new { by = "lena" })).StatusCode);
        await Eventually.TrueAsync(
            () => slack.Calls("chat.update", key).Any(u => ((string?)SlackStub.Body(u)["text"])!.Contains("resolved", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the resolution's update", pace: TimeSpan.FromMilliseconds(250));

        var posts = escalationPosts();
        Assert.Single(posts, p => p.ResponseMessage.StatusCode is 200);
        Assert.All(posts.SkipLast(1), p => Assert.Equal(503, p.ResponseMessage.StatusCode));
        Assert.All(slack.Calls("chat.update", key), u => Assert.Equal((Channel, SlackStub.TsOf(0)), ((string?)SlackStub.Body(u)["channel"], (string?)SlackStub.Body(u)["ts"])));
    }

    private Dictionary<string, string> Environment(string name, string cluster, string database)
    {
        var environment = SiloProcess.Environment(name, cluster, database);
        environment["Adapters__acme-slack__BotToken"] = slack.Token;
        environment["Adapters__acme-slack__ApiUrl"] = slack.ApiUrl;
        environment["Notifications__Retry__InitialDelaySeconds"] = "1";
        environment["Notifications__Retry__MaxDelaySeconds"] = "2";
        environment["Notifications__Retry__MaxAttempts"] = "100";
        environment["Notifications__Retry__SafetyNetSeconds"] = "5";
        return environment;
    }
}
