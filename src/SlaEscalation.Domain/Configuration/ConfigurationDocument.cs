using System.Text.Json;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// Reads configuration documents (JSON or YAML, one schema: see docs/configuration.md) and the parts the HTTP API
/// replaces one at a time. Every error is returned with its path; a document or part with any error is refused
/// whole. Parts are checked on their own here; cross-references are checked when a part goes into a
/// configuration (<see cref="SlaConfiguration.WithCalendar"/> and friends).
/// </summary>
public static class ConfigurationDocument
{
    private static readonly string[] Sections = ["calendars", "teams", "policies", "routing", "runbooks", "connections"];

    /// <summary>Reads a whole configuration from JSON.</summary>
    public static ConfigurationResult<SlaConfiguration> ParseJson(string json) =>
        WithJson(json, "", Document);

    /// <summary>Reads a whole configuration from YAML (the same schema as JSON).</summary>
    public static ConfigurationResult<SlaConfiguration> ParseYaml(string yaml)
    {
        var json = JsonOfYaml(yaml);
        return json.IsValid ? ParseJson(json.Value) : ConfigurationResult<SlaConfiguration>.Failure(json.Errors);
    }

    /// <summary>
    /// The JSON text of a YAML document or part, for the readers that take JSON (a stored document, a part the API
    /// replaces); the one error when the YAML does not read.
    /// </summary>
    public static ConfigurationResult<string> JsonOfYaml(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return YamlJson.Convert(yaml, out var error) is { } json
            ? ConfigurationResult<string>.Success(json)
            : ConfigurationResult<string>.Failure([error!]);
    }

    /// <summary>Reads a whole configuration from a parsed JSON document.</summary>
    public static ConfigurationResult<SlaConfiguration> Parse(JsonElement root) => Document(root, "");

    /// <summary>Reads one calendar (PUT /v1/calendars/{id}).</summary>
    public static ConfigurationResult<CalendarDefinition> ParseCalendar(string id, JsonElement element) =>
        Part(element, (parser, e) => parser.Calendar(id, e, ""), (calendar, errors) =>
        {
            if (id == CalendarDefinition.AlwaysOpenId)
            {
                errors.Add(new("", "'24x7' is built in and cannot be redefined"));
            }

            ConfigurationRules.CheckCalendar(calendar, "", errors);
        });

    /// <summary>Reads the whole ordered policy set (PUT /v1/policies): a list of policies.</summary>
    public static ConfigurationResult<IReadOnlyList<SlaPolicy>> ParsePolicies(JsonElement element) =>
        Part<IReadOnlyList<SlaPolicy>>(element, (parser, e) => List(parser, e, "", parser.Policy), (policies, errors) =>
        {
            for (var i = 0; i < policies.Count; i++)
            {
                ConfigurationRules.CheckPolicy(policies[i], $"[{i}]", null, null, null, errors);
            }
        });

    /// <summary>Reads the ordered routing rules (PUT /v1/routing): a list of rules.</summary>
    public static ConfigurationResult<IReadOnlyList<RoutingRule>> ParseRoutingRules(JsonElement element) =>
        Part<IReadOnlyList<RoutingRule>>(element, (parser, e) => List(parser, e, "", parser.RoutingRule), (rules, errors) =>
        {
            for (var i = 0; i < rules.Count; i++)
            {
                ConfigurationRules.CheckRoutingRule(rules[i], $"[{i}]", null, errors);
            }
        });

    /// <summary>Reads one runbook (PUT /v1/runbooks/{id}).</summary>
    public static ConfigurationResult<EscalationRunbook> ParseRunbook(string id, JsonElement element) =>
        Part(element, (parser, e) => parser.Runbook(id, e, ""), (runbook, errors) => ConfigurationRules.CheckRunbook(runbook, "", null, errors));

    /// <summary>Reads one team (PUT /v1/teams/{id}).</summary>
    public static ConfigurationResult<TeamDefinition> ParseTeam(string id, JsonElement element) =>
        Part(element, (parser, e) => parser.Team(id, e, ""), (team, errors) => ConfigurationRules.CheckTeam(team, "", errors));

    /// <summary>Reads one helpdesk connection (PUT /v1/connections/{id}); its teams are checked with the whole configuration.</summary>
    public static ConfigurationResult<HelpdeskConnection> ParseConnection(string id, JsonElement element) =>
        Part(element, (parser, e) => new ConnectionParser(parser.Reader).Connection(id, e, ""), (connection, errors) => ConnectionRules.CheckConnection(connection, "", null, errors));

    /// <summary>The ids of the teams a stored document (JSON) defines, without validating the rest of it.</summary>
    public static IReadOnlyList<string> TeamIdsOf(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("teams", out var teams) && teams.ValueKind == JsonValueKind.Object
                ? [.. teams.EnumerateObject().Select(team => team.Name)]
                : [];
    }

    private static ConfigurationResult<SlaConfiguration> Document(JsonElement root, string path)
    {
        var parser = new DocumentParser(new DocumentReader());
        var reader = parser.Reader;
        var properties = reader.Properties(root, path, Sections);
        var calendars = new List<CalendarDefinition>();
        var teams = new List<TeamDefinition>();
        var runbooks = new List<EscalationRunbook>();
        var declared = new DeclaredIds([], [], []);
        if (DocumentReader.Find(properties, "calendars") is { } calendarsElement)
        {
            calendars = Map(parser, calendarsElement, "calendars", parser.Calendar, out var ids);
            declared = declared with { Calendars = ids };
        }

        if (DocumentReader.Find(properties, "teams") is { } teamsElement)
        {
            teams = Map(parser, teamsElement, "teams", parser.Team, out var ids);
            declared = declared with { Teams = ids };
        }

        if (DocumentReader.Find(properties, "runbooks") is { } runbooksElement)
        {
            runbooks = Map(parser, runbooksElement, "runbooks", parser.Runbook, out var ids);
            declared = declared with { Runbooks = ids };
        }

        var policies = DocumentReader.Find(properties, "policies") is { } policiesElement
            ? Items(parser, policiesElement, "policies", parser.Policy)
            : [];
        var routing = DocumentReader.Find(properties, "routing") is { } routingElement
            ? Items(parser, routingElement, "routing", parser.RoutingRule)
            : [];

        var connections = DocumentReader.Find(properties, "connections") is { } connectionsElement
            ? Map(parser, connectionsElement, "connections", new ConnectionParser(reader).Connection, out _)
            : [];

        var errors = reader.Errors;
        if (errors.Count > 0)
        {
            // Still check what did read, so one pass names every error, at the paths it has in the document.
            errors.AddRange(ConfigurationRules.Check(calendars, [], [], runbooks, teams, declared));
            var calendarIds = new HashSet<string>([CalendarDefinition.AlwaysOpenId, .. declared.Calendars], StringComparer.Ordinal);
            var teamIds = new HashSet<string>(declared.Teams, StringComparer.Ordinal);
            var runbookIds = new HashSet<string>(declared.Runbooks, StringComparer.Ordinal);
            ConfigurationRules.CheckPolicies(policies, calendarIds, runbookIds, teamIds, errors);
            ConfigurationRules.CheckRoutingRules(routing, teamIds, errors);
            ConnectionRules.Check(connections, teamIds, errors);
            return ConfigurationResult<SlaConfiguration>.Failure(errors);
        }

        return SlaConfiguration.Create(calendars, [.. policies.Select(p => p.Value!)], [.. routing.Select(r => r.Value!)], runbooks, teams, connections);
    }

    private static List<T> Map<T>(DocumentParser parser, JsonElement element, string path, Func<string, JsonElement, string, T?> read, out List<string> ids)
        where T : class
    {
        var values = new List<T>();
        ids = [];
        foreach (var (id, value, itemPath) in parser.Reader.Properties(element, path))
        {
            ids.Add(id);
            if (read(id, value, itemPath) is { } parsed)
            {
                values.Add(parsed);
            }
            else if (PartIds.ProblemWith(id) is { } problem)
            {
                // A part that read is checked whole later, its id with it; one that did not is checked here.
                parser.Reader.Error(itemPath, problem);
            }
        }

        return values;
    }

    /// <summary>The items of a list with their paths; an item that failed to read is null.</summary>
    private static List<(T? Value, string Path)> Items<T>(DocumentParser parser, JsonElement element, string path, Func<JsonElement, string, T?> read)
        where T : class =>
        [.. parser.Reader.Items(element, path).Select(item => (read(item.Value, item.Path), item.Path))];

    /// <summary>The items of a list, or null when any failed to read.</summary>
    private static List<T>? List<T>(DocumentParser parser, JsonElement element, string path, Func<JsonElement, string, T?> read)
        where T : class
    {
        var values = new List<T>();
        var complete = element.ValueKind == JsonValueKind.Array;
        foreach (var (item, itemPath) in parser.Reader.Items(element, path))
        {
            if (read(item, itemPath) is { } parsed)
            {
                values.Add(parsed);
            }
            else
            {
                complete = false;
            }
        }

        return complete ? values : null;
    }

    private static ConfigurationResult<T> Part<T>(JsonElement element, Func<DocumentParser, JsonElement, T?> read, Action<T, List<ConfigurationError>> check)
        where T : class
    {
        var parser = new DocumentParser(new DocumentReader());
        var value = read(parser, element);
        var errors = parser.Reader.Errors;
        if (value is not null)
        {
            // A part that read with errors (a team) is checked as well, so the refusal lists every problem at once.
            check(value, errors);
        }

        return errors.Count == 0 && value is not null ? ConfigurationResult<T>.Success(value) : ConfigurationResult<T>.Failure(errors);
    }

    private static ConfigurationResult<T> WithJson<T>(string json, string path, Func<JsonElement, string, ConfigurationResult<T>> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return read(document.RootElement, path);
        }
        catch (JsonException e)
        {
            return ConfigurationResult<T>.Failure([new ConfigurationError(path, $"JSON syntax error at line {e.LineNumber + 1}: {e.Message}")]);
        }
    }
}
