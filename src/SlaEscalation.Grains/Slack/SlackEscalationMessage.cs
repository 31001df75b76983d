using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Clocks;

namespace SlaEscalation.Grains.Slack;

/// <summary>
/// An escalation as one Slack message (Block Kit): the ticket, its customer, the SLA clock and deadline, the owner,
/// the next action and when it is due, and while open the buttons <b>Acknowledge</b> and <b>Hand off to...</b> (the
/// team's people). The same escalation always renders to the same message, so an update that changes nothing can be
/// skipped. Every text is cut to Slack's limit for its place.
/// </summary>
public static class SlackEscalationMessage
{
    /// <summary>The <c>action_id</c> of the Acknowledge button; its <c>value</c> is the escalation id.</summary>
    public const string AcknowledgeAction = "sla_acknowledge";

    /// <summary>The <c>action_id</c> of the hand-off menu; each option's <c>value</c> is an agent id.</summary>
    public const string HandOffAction = "sla_hand_off";

    /// <summary>The <c>block_id</c> of the actions block is this prefix and the escalation id.</summary>
    public const string ActionsBlockPrefix = "sla_escalation:";

    /// <summary>Slack's limits: a header's text, a section's text, a field's text, an option's text and value, a select's options.</summary>
    public const int MaxHeader = 150, MaxSection = 3000, MaxField = 2000, MaxOptionText = 75, MaxOptionValue = 150, MaxOptions = 100;

    /// <summary>How long the notification text (<c>text</c>) may be; Slack cuts longer ones itself.</summary>
    public const int MaxText = 3000;

    /// <summary>
    /// The message of <paramref name="escalation"/>; <paramref name="ticket"/> adds the subject, customer and deadline
    /// when known, and <paramref name="people"/> are whom it can be handed off to. Instants are said in the team's
    /// <paramref name="zone"/> (UTC when null) wherever Slack cannot show them in each reader's own.
    /// </summary>
    public static JsonObject Of(EscalationView escalation, TicketContext? ticket, IReadOnlyList<string> people, DateTimeZone? zone = null)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        ArgumentNullException.ThrowIfNull(people);
        var local = zone ?? DateTimeZone.Utc;
        var open = escalation.State == "open";
        var metric = ticket?.Metrics.FirstOrDefault(m => m.InstanceId == escalation.InstanceId);
        var state = open
            ? (escalation.Acknowledged ? "acknowledged" : "waiting for acknowledgement")
            : $"resolved ({escalation.Resolution})";
        var text = SlackText.Clip(string.Create(CultureInfo.InvariantCulture,
            $"SLA escalation level {escalation.Level} on {escalation.TicketKey} ({escalation.Metric}): {state}, owner {Person(escalation.Owner)}"), MaxText);

        var fields = new JsonArray
        {
            Field("Ticket", escalation.TicketKey + (ticket is null ? string.Empty : $" ({ticket.Priority}, {ticket.Status})")),
            Field("Customer", Customer(ticket)),
            Field("SLA clock", metric is null ? escalation.Metric : $"{escalation.Metric}: {metric.State}"),
            Field("Deadline", metric?.Deadline is { } deadline ? SlackText.Date(deadline, local) : "not known", escaped: true),
            Field("Owner", Person(escalation.Owner)),
            Field("Level", string.Create(CultureInfo.InvariantCulture, $"{escalation.Level}, {state}")),
        };
        if (escalation.NextAction is { } next)
        {
            fields.Add(Field("Next action", HumanTime.InText(next.Description, local)));
            fields.Add(Field("Due", SlackText.Date(next.DueAt, local), escaped: true));
        }

        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = SlackText.Clip($"SLA escalation: {escalation.TicketKey}", MaxHeader) },
            },
        };
        if (ticket?.Subject is { Length: > 0 } subject)
        {
            blocks.Add(Section("*" + SlackText.Mrkdwn(subject, MaxSection - 2) + "*"));
        }

        blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        if (open)
        {
            blocks.Add(Actions(escalation, people));
        }
        else
        {
            blocks.Add(Context(string.Create(CultureInfo.InvariantCulture,
                $"Resolved ({SlackText.Mrkdwn(escalation.Resolution ?? "resolved", 100)}) {(escalation.ResolvedAt is { } at ? SlackText.Date(at, local) : string.Empty)}")));
        }

        return new JsonObject { ["text"] = text, ["blocks"] = blocks };
    }

    private static JsonObject Actions(EscalationView escalation, IReadOnlyList<string> people)
    {
        var elements = new JsonArray();
        if (!escalation.Acknowledged)
        {
            elements.Add(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = AcknowledgeAction,
                ["style"] = "primary",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Acknowledge" },
                ["value"] = escalation.Id,
            });
        }

        // An option's value must be the whole agent id, so one too long for Slack is left out rather than cut.
        var options = new JsonArray();
        foreach (var person in people.Distinct(StringComparer.Ordinal).Where(p => p.Length <= MaxOptionValue && $"user:{p}" != escalation.Owner).Take(MaxOptions))
        {
            options.Add(new JsonObject
            {
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = SlackText.Clip(person, MaxOptionText) },
                ["value"] = person,
            });
        }

        if (options.Count > 0)
        {
            elements.Add(new JsonObject
            {
                ["type"] = "static_select",
                ["action_id"] = HandOffAction,
                ["placeholder"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Hand off to..." },
                ["options"] = options,
            });
        }

        return new JsonObject { ["type"] = "actions", ["block_id"] = ActionsBlockPrefix + escalation.Id, ["elements"] = elements };
    }

    private static string Customer(TicketContext? ticket)
    {
        var who = ticket?.Organization ?? ticket?.Requester;
        return who is null ? "not known" : who + (ticket!.CustomerTier is { } tier ? $" ({tier})" : string.Empty);
    }

    /// <summary>An owner reference as a reader says it: <c>user:ana</c> is ana, <c>team:support</c> the support queue.</summary>
    private static string Person(string owner) =>
        owner.StartsWith("user:", StringComparison.Ordinal) ? owner[5..]
        : owner.StartsWith("team:", StringComparison.Ordinal) ? $"{owner[5..]} (team queue)"
        : owner;

    private static JsonObject Field(string name, string value, bool escaped = false) => new()
    {
        ["type"] = "mrkdwn",
        ["text"] = $"*{name}*\n" + (escaped ? value : SlackText.Mrkdwn(value, MaxField - name.Length - 3)),
    };

    private static JsonObject Section(string text) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text },
    };

    private static JsonObject Context(string text) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = text }),
    };
}
