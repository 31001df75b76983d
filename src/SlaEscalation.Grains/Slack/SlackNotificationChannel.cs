using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Slack;

/// <summary>
/// Slack as a notification channel. Each escalation notice that changes what its message shows (raised,
/// acknowledged, handed off, unacknowledged, resolved) makes the escalation's <see cref="SlackMessageGrain"/> show
/// it as it is now; a published digest is posted to its team's channel. Teams without a Slack block are skipped.
/// The delivery grains record, retry (honouring Slack's <c>Retry-After</c>) and survive silo restarts as for any
/// channel.
/// </summary>
public sealed class SlackNotificationChannel(IGrainFactory grains, ISlaConfigurationSource configurationSource, ISlackApi slack, SlackLinks links)
    : INotificationChannel
{
    /// <summary>The channel's name, in delivery grain keys and failure records.</summary>
    public const string ChannelName = "slack";

    public string Name => ChannelName;

    public bool Accepts(string type) => type is EscalationNoticeTypes.Raised or EscalationNoticeTypes.Acknowledged
        or EscalationNoticeTypes.HandedOff or EscalationNoticeTypes.AcknowledgementTimedOut or EscalationNoticeTypes.Resolved
        or DigestNotification.Type;

    public async Task<DeliveryOutcome> DeliverAsync(Notification notification, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var data = JsonNode.Parse(notification.DataJson)?.AsObject() ?? throw new JsonException("the notification's data is not an object");
        if (notification.Type == DigestNotification.Type)
        {
            return await PostDigestAsync(data, cancellationToken);
        }

        var escalation = (string?)data["escalationId"] ?? throw new JsonException("the notice names no escalationId");
        return (await grains.GetGrain<ISlackMessageGrain>(escalation).ShowAsync()).ToDelivery();
    }

    private async Task<DeliveryOutcome> PostDigestAsync(JsonObject data, CancellationToken cancellationToken)
    {
        var team = (string?)data["team"];
        var configuration = (await configurationSource.GetAsync()).Configuration;
        if (team is null || !configuration.Teams.TryGetValue(team, out var definition) || definition.Slack is not { } teamSlack
            || data["slack"] is not JsonObject message)
        {
            return DeliveryOutcome.Delivered;
        }

        message = message.DeepClone().AsObject();
        if (links.PublicUrls.TryGetValue(teamSlack.Connection, out var publicUrl) && (string?)data["url"] is { } path)
        {
            DigestSlackMessage.LinkFullDigest(message, new Uri(publicUrl, path));
        }

        message["channel"] = teamSlack.Channel;
        return (await slack.CallAsync(teamSlack.Connection, "chat.postMessage", message, cancellationToken)).Outcome;
    }
}
