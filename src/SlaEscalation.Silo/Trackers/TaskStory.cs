using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Domain.Clocks;

namespace SlaEscalation.Silo.Trackers;

/// <summary>
/// A task's whole story as an engineer reads it in the tracker: the ticket and its link, the customer and tier, the
/// priority, the SLA clocks and deadlines, the recent public timeline, and the escalation's path and owner. Jira gets
/// it in the Atlassian Document Format, Linear in Markdown; both say the same.
/// </summary>
/// <param name="Task">The task.</param>
/// <param name="LinkBase">Where this silo's API is reached from outside (setting <c>Trackers__LinkBase</c>); links are paths without it.</param>
public sealed record TaskStory(EngineeringTaskView Task, Uri? LinkBase)
{
    private const int MaxActivity = 10;

    /// <summary>The issue's one-line title.</summary>
    public string Title => Task.Title.Length <= 250 ? Task.Title : Task.Title[..250];

    /// <summary>The story's sections, each a heading and its lines (a line may carry a link).</summary>
    public IReadOnlyList<(string Heading, IReadOnlyList<(string Text, string? Link)> Lines)> Sections()
    {
        var ticket = Task.Ticket;
        var customer = string.Join(", ", new[] { ticket.Requester, ticket.Organization }.Where(v => !string.IsNullOrWhiteSpace(v)));
        var sections = new List<(string, IReadOnlyList<(string, string?)>)>
        {
            ("Ticket",
            [
                ($"{ticket.Key}: {ticket.Subject ?? "(no subject)"}", Link(Task.TicketLink)),
                ($"Customer: {(customer.Length == 0 ? "unknown" : customer)}; tier: {ticket.CustomerTier ?? "none"}", null),
                ($"Priority: {ticket.Priority}; status: {ticket.Status}; owner: {ticket.Owner.Team}{(ticket.Owner.Agent is { } agent ? " / " + agent : "")}", null),
            ]),
            ("SLA clocks", ticket.Metrics.Count == 0
                ? [("No clock runs on this ticket.", null)]
                : [.. ticket.Metrics.Select(m => (Clock(m), (string?)null))]),
            ("Recent public timeline", ticket.RecentPublicActivity.Count == 0
                ? [("Nothing public yet.", null)]
                : [.. ticket.RecentPublicActivity.TakeLast(MaxActivity).Select(a => (Invariant($"{At(a.Time)} {a.Type}{(a.AuthorRole is { } role ? " by " + role : "")}: {a.Summary}"), (string?)null))]),
            ("Escalation", [
                ($"Owner now: {Task.EscalationOwner}", null),
                .. Task.EscalationPath.Select(s => (Invariant($"{At(s.At)} level {s.Level} {s.Step.Replace('_', ' ')}: owner {s.Owner}, by {s.Actor}{(s.Detail is { Length: > 0 } d ? " (" + d + ")" : "")}"), (string?)null)),
            ]),
            ("Task", [(Task.Id, Link("/v1/tasks/" + Uri.EscapeDataString(Task.Id)))]),
        };
        return sections;
    }

    /// <summary>The story in Markdown, for Linear.</summary>
    public string Markdown()
    {
        var text = new StringBuilder();
        foreach (var (heading, lines) in Sections())
        {
            text.Append("### ").Append(heading).Append('\n');
            foreach (var (line, link) in lines)
            {
                text.Append("- ").Append(link is null ? Escape(line) : $"[{Escape(line)}]({link})").Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd() + "\n";
    }

    /// <summary>The story as an Atlassian Document Format document, for Jira's <c>description</c>.</summary>
    public JsonObject Adf()
    {
        var content = new JsonArray();
        foreach (var (heading, lines) in Sections())
        {
            content.Add(new JsonObject
            {
                ["type"] = "heading",
                ["attrs"] = new JsonObject { ["level"] = 3 },
                ["content"] = new JsonArray(AdfText(heading, null)),
            });
            var items = new JsonArray();
            foreach (var (line, link) in lines)
            {
                items.Add(new JsonObject
                {
                    ["type"] = "listItem",
                    ["content"] = new JsonArray(new JsonObject { ["type"] = "paragraph", ["content"] = new JsonArray(AdfText(line, link)) }),
                });
            }

            content.Add(new JsonObject { ["type"] = "bulletList", ["content"] = items });
        }

        return new JsonObject { ["type"] = "doc", ["version"] = 1, ["content"] = content };
    }

    /// <summary>One paragraph of plain text as an ADF document: a Jira comment's body.</summary>
    public static JsonObject AdfParagraph(string text) => new()
    {
        ["type"] = "doc",
        ["version"] = 1,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "paragraph", ["content"] = new JsonArray(AdfText(text, null)) }),
    };

    private static JsonObject AdfText(string text, string? link)
    {
        var node = new JsonObject { ["type"] = "text", ["text"] = text.Length == 0 ? " " : text };
        if (link is not null)
        {
            node["marks"] = new JsonArray(new JsonObject { ["type"] = "link", ["attrs"] = new JsonObject { ["href"] = link } });
        }

        return node;
    }

    private static string Clock(Contracts.Tickets.MetricView m)
    {
        var parts = new List<string> { $"{m.Metric}: {m.State}" };
        if (m.Deadline is { } deadline)
        {
            parts.Add("deadline " + At(deadline));
        }

        if (m.AtRiskAt is { } risk)
        {
            parts.Add("at risk " + At(risk));
        }

        if (m.BreachedAt is { } breached)
        {
            parts.Add("breached " + At(breached));
        }

        if (m.AchievedAt is { } achieved)
        {
            parts.Add("achieved " + At(achieved));
        }

        parts.Add("elapsed " + HumanTime.Duration(m.Elapsed));
        return string.Join("; ", parts);
    }

    private string Link(string path) => LinkBase is null ? path : new Uri(LinkBase, path).ToString();

    private static string At(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // Ticket text is the customer's: kept from reading as Markdown structure (links, emphasis, headings).
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '<' or '>' or '!' or '|')
            {
                escaped.Append('\\');
            }

            escaped.Append(c == '\n' || c == '\r' ? ' ' : c);
        }

        return escaped.ToString();
    }
}
