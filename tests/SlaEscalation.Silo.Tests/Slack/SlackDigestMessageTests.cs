using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Slack;
using SlaEscalation.Silo.Adapters.Slack;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>A published digest reaches its team's Slack channel as one message with a link to the HTML digest.</summary>
public sealed class SlackDigestMessageTests : IDisposable
{
    private readonly SlackStub slack = new("xoxb-digest-" + Guid.NewGuid().ToString("N")[..8], "C0SUPPORT1");

    public void Dispose() => slack.Dispose();

    [Fact]
    public async Task A_published_digest_is_posted_to_the_team_channel_with_its_summary_top_breaches_and_link()
    {
        var report = Report();
        var channel = Channel(new Uri("https://sla.example.com/"));

        var outcome = await channel.DeliverAsync(DigestNotification.Of(report), 1, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        var call = Assert.Single(slack.Calls("chat.postMessage", "C0SUPPORT1", digests: true));
        Assert.Equal(200, call.ResponseMessage.StatusCode);
        var body = SlackStub.Body(call);
        Assert.Equal("C0SUPPORT1", (string?)body["channel"]);
        Assert.Equal("SLA digest support 2026-12-04: 7 new, 5 solved, 3 breaches, 4 open (1 at risk now)", (string?)body["text"]);
        var blocks = body["blocks"]!.AsArray();
        Assert.Equal("*Breaches by metric:* first_reply 2, resolution 1", (string?)blocks[2]!["text"]!["text"]);
        Assert.Equal("*Exceptions:*\n• breached: 3 (z:1, z:2, z:3)", (string?)blocks[3]!["text"]!["text"]);
        Assert.Equal("<https://sla.example.com/v1/digests/support/2026-12-04|Full digest>", (string?)blocks[^1]!["elements"]![0]!["text"]);
    }

    [Fact]
    public async Task A_digest_of_a_team_without_slack_posts_nothing()
    {
        var outcome = await Channel(null).DeliverAsync(DigestNotification.Of(Report() with { Team = "billing" }), 1, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, outcome);
        Assert.Empty(slack.Calls("chat.postMessage", "", digests: true));
    }

    private SlackNotificationChannel Channel(Uri? publicUrl)
    {
        var settings = new SlackConnectionSettings("acme-slack", slack.Token, null, new Uri(slack.ApiUrl), publicUrl);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var api = new SlackWebApi(
            new Dictionary<string, SlackConnectionSettings> { ["acme-slack"] = settings }, new HttpClient(), new SlackPace(time, SlackPace.DefaultGap, TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(10), time);
        var links = new SlackLinks(publicUrl is null ? new Dictionary<string, Uri>() : new Dictionary<string, Uri> { ["acme-slack"] = publicUrl });
        return new SlackNotificationChannel(null!, new Configured(), api, links);
    }

    private static DigestReport Report()
    {
        var from = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
        DigestTicketItem[] breached = [new("z:1", from.AddHours(1)), new("z:2", from.AddHours(2)), new("z:3", from.AddHours(3))];
        return new DigestReport(
            "support", "2026-12-04", "UTC", from, from.AddDays(1), from.AddDays(1).AddHours(8), from.AddDays(1).AddHours(8), 7, 5,
            new DigestBacklog(from.AddDays(1), 4, 2, 1, 1, 0, 0, 1),
            new DigestBreaches(3, [new("first_reply", 2), new("resolution", 1)], [new("high", 3)], [], breached),
            [], new DigestEscalations(2, 1, 1), new DigestTasks(1, 0), [new DigestException("breached", 3, breached)], null);
    }

    private sealed class Configured : ISlaConfigurationSource
    {
        public ValueTask<VersionedConfiguration> GetAsync(long minimumVersion = 0) => ValueTask.FromResult(new VersionedConfiguration(1, ConfigurationDocument.ParseYaml("""
            teams:
              support: { zone: UTC, members: [ana], slack: { connection: acme-slack, channel: C0SUPPORT1 } }
              billing: { zone: UTC, members: [bo] }
            connections:
              acme-slack: { kind: slack }
            """).Value!));
    }
}
