using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// The <c>digest.published</c> notification: its data is <c>{team, date, url, digest, slack}</c>, the whole digest
/// as JSON and, as one more format, a Slack-compatible message body (<c>text</c> and <c>blocks</c>) a webhook can
/// post as it is. The delivery key is the digest's, so a publication retried after a crash is delivered once.
/// </summary>
public static class DigestNotification
{
    /// <summary>The notification type.</summary>
    public const string Type = "digest.published";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The delivery key of a team's digest of a day.</summary>
    public static string DeliveryKey(string team, string date) => $"{Type}/{team}/{date}";

    /// <summary>The path the digest is read at.</summary>
    public static string PathOf(string team, string date) => $"/v1/digests/{Uri.EscapeDataString(team)}/{date}";

    /// <summary>The notification of a published <paramref name="report"/>.</summary>
    public static Notification Of(DigestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var data = new JsonObject
        {
            ["team"] = report.Team,
            ["date"] = report.Date,
            ["url"] = PathOf(report.Team, report.Date),
            ["digest"] = JsonSerializer.SerializeToNode(report, Json),
            ["slack"] = DigestSlackMessage.Of(report),
        };
        return new Notification(
            DeliveryKey(report.Team, report.Date),
            Type,
            report.Team,
            report.PublishedAt ?? report.PublishAt,
            data.ToJsonString(),
            report.Team);
    }
}
