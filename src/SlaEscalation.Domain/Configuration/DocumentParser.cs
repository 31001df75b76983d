using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// Reads the configuration schema (docs/configuration.md) into the model. Only shapes and formats are checked here;
/// the rules between values live in <see cref="ConfigurationRules"/>. A part that fails to read is left out and
/// its errors are recorded.
/// </summary>
internal sealed class DocumentParser(DocumentReader reader)
{
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
    private static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public DocumentReader Reader => reader;

    public CalendarDefinition? Calendar(string id, JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, "zone", "windows", "holidays");
        var errorsBefore = reader.Errors.Count;
        var zone = DocumentReader.Find(properties, "zone") is { } zoneElement
            ? reader.Zone(zoneElement, DocumentReader.Join(path, "zone"))
            : Missing<DateTimeZone>(path, "zone");
        var windows = new List<BusinessWindow>();
        if (DocumentReader.Find(properties, "windows") is { } windowsElement)
        {
            foreach (var (days, value, daysPath) in reader.Properties(windowsElement, DocumentReader.Join(path, "windows")))
            {
                var dayList = ParseDays(days, daysPath);
                foreach (var (pair, pairPath) in reader.Items(value, daysPath))
                {
                    if (Window(pair, pairPath) is { } window && dayList is not null)
                    {
                        windows.AddRange(dayList.Select(day => new BusinessWindow(day, window.Start, window.End)));
                    }
                }
            }
        }
        else
        {
            reader.Error(DocumentReader.Join(path, "windows"), "is required");
        }

        var holidays = DocumentReader.Find(properties, "holidays") is { } holidaysElement
            ? reader.List(holidaysElement, DocumentReader.Join(path, "holidays"), reader.Date)
            : [];
        return reader.Errors.Count == errorsBefore && zone is not null && holidays is not null
            ? new CalendarDefinition(id, zone, windows, holidays)
            : null;
    }

    public SlaPolicy? Policy(JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, "id", "when", "targets", "atRisk", "pause", "runbook");
        var errorsBefore = reader.Errors.Count;
        var id = reader.String(properties, "id", path, required: true);
        var when = Condition(DocumentReader.Find(properties, "when"), DocumentReader.Join(path, "when"));
        var targets = new Dictionary<Priority, IReadOnlyDictionary<SlaMetric, MetricTarget>>();
        if (DocumentReader.Find(properties, "targets") is { } targetsElement)
        {
            foreach (var (priorityName, byMetric, priorityPath) in reader.Properties(targetsElement, DocumentReader.Join(path, "targets")))
            {
                if (!TicketWire.TryParsePriority(priorityName, out var priority))
                {
                    reader.Error(priorityPath, "unknown priority; expected low, normal, high or urgent");
                    continue;
                }

                targets[priority] = ByMetric(byMetric, priorityPath, Target);
            }
        }
        else
        {
            reader.Error(DocumentReader.Join(path, "targets"), "is required");
        }

        var atRisk = DocumentReader.Find(properties, "atRisk") is { } atRiskElement
            ? ByMetric(atRiskElement, DocumentReader.Join(path, "atRisk"), Threshold)
            : new Dictionary<SlaMetric, AtRiskThreshold>();
        var pause = DocumentReader.Find(properties, "pause") is { } pauseElement
            ? ByMetric<IReadOnlyList<TicketStatus>>(pauseElement, DocumentReader.Join(path, "pause"), (e, p) => reader.List<TicketStatus>(e, p, Status))
            : new Dictionary<SlaMetric, IReadOnlyList<TicketStatus>>();
        var runbook = reader.String(properties, "runbook", path, required: false);
        return reader.Errors.Count == errorsBefore && id is not null && when is not null
            ? new SlaPolicy(id, when, targets, atRisk, pause, runbook)
            : null;
    }

    public RoutingRule? RoutingRule(JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, "id", "when", "team", "assignAgent");
        var errorsBefore = reader.Errors.Count;
        var id = reader.String(properties, "id", path, required: true);
        var when = Condition(DocumentReader.Find(properties, "when"), DocumentReader.Join(path, "when"));
        var team = reader.String(properties, "team", path, required: true);
        var assign = DocumentReader.Find(properties, "assignAgent") is { } assignElement
            ? reader.Bool(assignElement, DocumentReader.Join(path, "assignAgent"))
            : false;
        return reader.Errors.Count == errorsBefore && id is not null && when is not null && team is not null && assign is not null
            ? new RoutingRule(id, when, team, assign.Value)
            : null;
    }

    public EscalationRunbook? Runbook(string id, JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, "levels");
        var errorsBefore = reader.Errors.Count;
        var levels = new List<RunbookLevel>();
        if (DocumentReader.Find(properties, "levels") is { } levelsElement)
        {
            foreach (var (level, levelPath) in reader.Items(levelsElement, DocumentReader.Join(path, "levels")))
            {
                if (Level(level, levelPath) is { } parsed)
                {
                    levels.Add(parsed);
                }
            }
        }
        else
        {
            reader.Error(DocumentReader.Join(path, "levels"), "is required");
        }

        return reader.Errors.Count == errorsBefore ? new EscalationRunbook(id, levels) : null;
    }

    public TeamDefinition? Team(string id, JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, "members", "lead", "onCall", "zone", "digestHour", "unassignedLimit", "assignment", "tracker", "slack");
        var members = DocumentReader.Find(properties, "members") is { } membersElement
            ? reader.Strings(membersElement, DocumentReader.Join(path, "members"))
            : [];
        var lead = reader.String(properties, "lead", path, required: false);
        var onCall = reader.String(properties, "onCall", path, required: false);
        var zone = DocumentReader.Find(properties, "zone") is { } zoneElement
            ? reader.Zone(zoneElement, DocumentReader.Join(path, "zone"))
            : Missing<DateTimeZone>(path, "zone");
        var digestHour = DocumentReader.Find(properties, "digestHour") is { } hourElement
            ? reader.Int(hourElement, DocumentReader.Join(path, "digestHour"))
            : 8;
        var limit = DocumentReader.Find(properties, "unassignedLimit") is { } limitElement
            ? reader.Duration(limitElement, DocumentReader.Join(path, "unassignedLimit"))
            : Duration.FromHours(1);
        var assignment = reader.String(properties, "assignment", path, required: false) switch
        {
            null or "none" => AssignmentStrategy.None,
            "round_robin" => AssignmentStrategy.RoundRobin,
            "fewest_open" => AssignmentStrategy.FewestOpen,
            _ => InvalidValue<AssignmentStrategy>(DocumentReader.Join(path, "assignment"), "expected round_robin, fewest_open or none") ?? AssignmentStrategy.None,
        };
        var tracker = DocumentReader.Find(properties, "tracker") is { } trackerElement
            ? new TeamTrackerParser(reader).Tracker(trackerElement, DocumentReader.Join(path, "tracker"))
            : null;
        var slack = DocumentReader.Find(properties, "slack") is { } slackElement
            ? new TeamSlackParser(reader).Slack(slackElement, DocumentReader.Join(path, "slack"))
            : null;
        // A team with a field that did not read is still returned, with a harmless value in that field's place, so
        // its rules (digest hour, people, duplicates) are checked too and one refusal names every problem of the
        // team. Its read errors refuse it whatever the rules say, so such a team is never kept.
        return new TeamDefinition(
            id, members ?? [], lead, onCall, zone ?? DateTimeZone.Utc, digestHour ?? 8, limit ?? Duration.FromHours(1), assignment, tracker, slack);
    }

    private RunbookLevel? Level(JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, "trigger", "owner", "actions", "ackWithin", "repeats", "repeatEvery");
        var errorsBefore = reader.Errors.Count;
        var trigger = reader.String(properties, "trigger", path, required: true) is { } triggerText
            ? Trigger(triggerText, DocumentReader.Join(path, "trigger"))
            : null;
        var owner = reader.String(properties, "owner", path, required: true) is { } ownerText
            ? Owner(ownerText, DocumentReader.Join(path, "owner"))
            : null;
        var actions = DocumentReader.Find(properties, "actions") is { } actionsElement
            ? reader.List<EscalationAction>(actionsElement, DocumentReader.Join(path, "actions"), Action)
            : Missing<List<EscalationAction>>(path, "actions");
        var ackWithin = DocumentReader.Find(properties, "ackWithin") is { } ackElement
            ? reader.Duration(ackElement, DocumentReader.Join(path, "ackWithin"))
            : MissingValue<Duration>(path, "ackWithin");
        var repeats = DocumentReader.Find(properties, "repeats") is { } repeatsElement
            ? reader.Int(repeatsElement, DocumentReader.Join(path, "repeats"))
            : 0;
        var repeatEvery = DocumentReader.Find(properties, "repeatEvery") is { } everyElement
            ? reader.Duration(everyElement, DocumentReader.Join(path, "repeatEvery"))
            : ackWithin;
        return reader.Errors.Count == errorsBefore && trigger is not null && owner is not null && actions is not null && ackWithin is not null && repeats is not null && repeatEvery is not null
            ? new RunbookLevel(trigger, owner, actions, ackWithin.Value, repeats.Value, repeatEvery.Value)
            : null;
    }

    private EscalationTrigger? Trigger(string text, string path)
    {
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (parts)
        {
            case ["at_risk"]:
                return new EscalationTrigger(EscalationTriggerKind.AtRisk, Duration.Zero);
            case ["breached"]:
                return new EscalationTrigger(EscalationTriggerKind.Breached, Duration.Zero);
            case ["breached_for" or "unacknowledged_for", var after]:
                using (var document = JsonDocument.Parse(JsonSerializer.Serialize(after)))
                {
                    return reader.Duration(document.RootElement, path) is { } duration
                        ? new EscalationTrigger(parts[0] == "breached_for" ? EscalationTriggerKind.BreachedFor : EscalationTriggerKind.UnacknowledgedFor, duration)
                        : null;
                }

            default:
                return Invalid<EscalationTrigger>(path, $"'{text}' is not a trigger; expected at_risk, breached, breached_for <duration> or unacknowledged_for <duration>");
        }
    }

    private EscalationOwner? Owner(string text, string path)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var (kind, reference) = colon < 0 ? (text, null) : (text[..colon], text[(colon + 1)..]);
        EscalationOwner? owner = (kind, reference) switch
        {
            ("assignee", null) => new(EscalationOwnerKind.Assignee, null),
            ("team_lead", null) => new(EscalationOwnerKind.TeamLead, null),
            ("on_call", { Length: > 0 }) => new(EscalationOwnerKind.OnCall, reference),
            ("engineering", { Length: > 0 }) => new(EscalationOwnerKind.Engineering, reference),
            ("user", { Length: > 0 }) => new(EscalationOwnerKind.User, reference),
            _ => null,
        };
        return owner ?? Invalid<EscalationOwner>(path, $"'{text}' is not an owner; expected assignee, team_lead, on_call:<team>, engineering:<team> or user:<id>");
    }

    private EscalationAction? Action(JsonElement element, string path) => reader.String(element, path) switch
    {
        null => null,
        "notify" => EscalationAction.Notify,
        "reassign" => EscalationAction.Reassign,
        "create_task" => EscalationAction.CreateTask,
        var other => InvalidValue<EscalationAction>(path, $"'{other}' is not an action; expected notify, reassign or create_task"),
    };

    private TicketStatus? Status(JsonElement element, string path) =>
        reader.String(element, path) is { } text
            ? TicketWire.TryParseStatus(text, out var status) ? status : InvalidValue<TicketStatus>(path, $"'{text}' is not a status; expected new, open, pending, on_hold, solved or closed")
            : null;

    private Priority? PriorityValue(JsonElement element, string path) =>
        reader.String(element, path) is { } text
            ? TicketWire.TryParsePriority(text, out var priority) ? priority : InvalidValue<Priority>(path, $"'{text}' is not a priority; expected low, normal, high or urgent")
            : null;

    private MetricTarget? Target(JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, "target", "calendar");
        var target = DocumentReader.Find(properties, "target") is { } targetElement
            ? reader.Duration(targetElement, DocumentReader.Join(path, "target"))
            : MissingValue<Duration>(path, "target");
        var calendar = reader.String(properties, "calendar", path, required: true);
        return target is not null && calendar is not null ? new MetricTarget(target.Value, calendar) : null;
    }

    private AtRiskThreshold? Threshold(JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, "percent", "leadTime");
        var errorsBefore = reader.Errors.Count;
        var percent = DocumentReader.Find(properties, "percent") is { } percentElement
            ? reader.Int(percentElement, DocumentReader.Join(path, "percent"))
            : null;
        var lead = DocumentReader.Find(properties, "leadTime") is { } leadElement
            ? reader.Duration(leadElement, DocumentReader.Join(path, "leadTime"))
            : null;
        return reader.Errors.Count == errorsBefore ? new AtRiskThreshold(percent, lead) : null;
    }

    private Dictionary<SlaMetric, T> ByMetric<T>(JsonElement element, string path, Func<JsonElement, string, T?> read)
        where T : class
    {
        var values = new Dictionary<SlaMetric, T>();
        foreach (var (name, value, metricPath) in reader.Properties(element, path))
        {
            if (!SlaMetricWire.TryParse(name, out var metric))
            {
                reader.Error(metricPath, "unknown metric; expected first_reply, next_reply, periodic_update or resolution");
            }
            else if (read(value, metricPath) is { } parsed)
            {
                values[metric] = parsed;
            }
        }

        return values;
    }

    private TicketCondition? Condition(JsonElement? element, string path)
    {
        if (element is not { } when || when.ValueKind == JsonValueKind.Null)
        {
            return TicketCondition.Always;
        }

        var errorsBefore = reader.Errors.Count;
        var properties = reader.Properties(when, path, "priority", "tags", "channel", "tier", "team");
        var condition = new TicketCondition
        {
            Priorities = DocumentReader.Find(properties, "priority") is { } priorities ? reader.List<Priority>(priorities, DocumentReader.Join(path, "priority"), PriorityValue) : null,
            Channels = Strings(properties, "channel", path),
            Tiers = Strings(properties, "tier", path),
            Teams = Strings(properties, "team", path),
        };
        if (DocumentReader.Find(properties, "tags") is { } tags)
        {
            var tagsPath = DocumentReader.Join(path, "tags");
            var tagProperties = reader.Properties(tags, tagsPath, "any", "all", "none");
            condition = condition with
            {
                TagsAny = Strings(tagProperties, "any", tagsPath),
                TagsAll = Strings(tagProperties, "all", tagsPath),
                TagsNone = Strings(tagProperties, "none", tagsPath),
            };
        }

        return reader.Errors.Count == errorsBefore ? condition : null;
    }

    private List<string>? Strings(List<(string Name, JsonElement Value, string Path)> properties, string name, string path) =>
        DocumentReader.Find(properties, name) is { } element ? reader.Strings(element, DocumentReader.Join(path, name)) : null;

    private (LocalTime Start, LocalTime End)? Window(JsonElement element, string path)
    {
        var bounds = reader.Items(element, path);
        if (bounds.Count != 2)
        {
            reader.Error(path, "a window is a pair [\"HH:mm\", \"HH:mm\"]");
            return null;
        }

        var startText = reader.String(bounds[0].Value, bounds[0].Path);
        var endText = reader.String(bounds[1].Value, bounds[1].Path);
        if (startText is null || endText is null)
        {
            return null;
        }

        var start = TimePattern.Parse(startText);
        var end = endText == "24:00" ? ParseResult<LocalTime>.ForValue(LocalTime.Midnight) : TimePattern.Parse(endText);
        if (!start.Success || !end.Success)
        {
            reader.Error(path, $"['{startText}', '{endText}'] are not times HH:mm (an end may be 24:00)");
            return null;
        }

        if (start.Value == end.Value && endText != "24:00")
        {
            reader.Error(path, "a window cannot start and end at the same time; use [\"00:00\", \"24:00\"] for a whole day");
            return null;
        }

        return (start.Value, end.Value);
    }

    /// <summary>Reads <c>all</c>, a day (<c>mon</c>), a range (<c>mon-fri</c>, <c>fri-mon</c> wraps) or a comma list of those.</summary>
    private List<IsoDayOfWeek>? ParseDays(string text, string path)
    {
        if (text == "all")
        {
            return [.. Enumerable.Range(1, 7).Select(d => (IsoDayOfWeek)d)];
        }

        var days = new List<IsoDayOfWeek>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            var first = Array.IndexOf(Days, range[0]);
            var last = range.Length == 2 ? Array.IndexOf(Days, range[1]) : first;
            if (range.Length > 2 || first < 0 || last < 0)
            {
                reader.Error(path, $"'{text}' is not a day set; use all, mon, mon-fri or mon,wed,fri");
                return null;
            }

            for (var day = first; ; day = (day + 1) % 7)
            {
                days.Add((IsoDayOfWeek)(day + 1));
                if (day == last)
                {
                    break;
                }
            }
        }

        return days;
    }

    private T? Missing<T>(string path, string name)
        where T : class
    {
        reader.Error(DocumentReader.Join(path, name), "is required");
        return null;
    }

    private T? MissingValue<T>(string path, string name)
        where T : struct
    {
        reader.Error(DocumentReader.Join(path, name), "is required");
        return null;
    }

    private T? Invalid<T>(string path, string message)
        where T : class
    {
        reader.Error(path, message);
        return null;
    }

    private T? InvalidValue<T>(string path, string message)
        where T : struct
    {
        reader.Error(path, message);
        return null;
    }
}
