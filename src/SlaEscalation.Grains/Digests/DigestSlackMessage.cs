using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// A digest as a Slack message body (Block Kit): a header, the summary numbers as fields, breaches by metric, and
/// each exception with its first tickets. <c>text</c> carries the summary for notifications and clients without
/// blocks. Slack's <c>mrkdwn</c> control characters in names are escaped.
/// </summary>
public static class DigestSlackMessage
{
    /// <summary>How many tickets an exception names in the message; the digest itself lists more.</summary>
    public const int TicketsPerException = 5;

    /// <summary>The message body of <paramref name="report"/>.</summary>
    public static JsonObject Of(DigestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var backlog = report.Backlog;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"SLA digest {Escape(report.Team)} {report.Date}: {report.NewTickets} new, {report.SolvedTickets} solved, {report.Breaches.Total} breaches")
            + (backlog is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {backlog.Open} open ({backlog.AtRiskNow} at risk now)"));
        var fields = new JsonArray
        {
            Field("New", report.NewTickets.ToString(CultureInfo.InvariantCulture)),
            Field("Solved", report.SolvedTickets.ToString(CultureInfo.InvariantCulture)),
            Field("Breaches", report.Breaches.Total.ToString(CultureInfo.InvariantCulture)),
            Field("Open / at risk now", backlog is null ? "not measured" : string.Create(CultureInfo.InvariantCulture, $"{backlog.Open} / {backlog.AtRiskNow}")),
            Field("Escalations raised / ack / unack", string.Create(CultureInfo.InvariantCulture,
                $"{report.Escalations.Raised} / {report.Escalations.Acknowledged} / {report.Escalations.Unacknowledged}")),
            Field("Tasks opened / closed", string.Create(CultureInfo.InvariantCulture, $"{report.Tasks.Opened} / {report.Tasks.Closed}")),
        };
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = $"SLA digest: {report.Team}, {report.Date}" },
            },
            new JsonObject { ["type"] = "section", ["fields"] = fields },
        };
        if (report.Breaches.ByMetric.Count > 0)
        {
            blocks.Add(Section("*Breaches by metric:* " + string.Join(", ",
                report.Breaches.ByMetric.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Name} {m.Count}")))));
        }

        var exceptions = new StringBuilder();
        foreach (var exception in report.Exceptions.Where(e => e.Count > 0))
        {
            exceptions.Append(CultureInfo.InvariantCulture, $"• {exception.Kind.Replace('_', ' ')}: {exception.Count}");
            var named = exception.Tickets.Take(TicketsPerException).Select(t => Escape(t.TicketKey)).ToArray();
            if (named.Length > 0)
            {
                exceptions.Append(" (").Append(string.Join(", ", named)).Append(exception.Count > named.Length ? ", …)" : ")");
            }

            exceptions.Append('\n');
        }

        blocks.Add(Section(exceptions.Length == 0 ? "*Exceptions:* none" : "*Exceptions:*\n" + exceptions.ToString().TrimEnd('\n')));
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = "Full digest: " + DigestNotification.PathOf(report.Team, report.Date) }),
        });
        return new JsonObject { ["text"] = summary, ["blocks"] = blocks };
    }

    /// <summary>
    /// Makes the "Full digest" line of a message made by <see cref="Of"/> a link to <paramref name="url"/> (the
    /// message names only the path, since the digest does not know where readers reach the service).
    /// </summary>
    public static void LinkFullDigest(JsonObject message, Uri url)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(url);
        if (message["blocks"] is JsonArray { Count: > 0 } blocks && blocks[^1]?["elements"]?[0] is JsonObject line)
        {
            line["text"] = $"<{url.AbsoluteUri}|Full digest>";
        }
    }

    private static JsonObject Field(string name, string value) => new() { ["type"] = "mrkdwn", ["text"] = $"*{name}*\n{value}" };

    private static JsonObject Section(string text) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text },
    };

    /// <summary>Escapes the three characters Slack's <c>mrkdwn</c> gives meaning to.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }
}
