using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Silo.Api.Documentation;

namespace SlaEscalation.Silo.Api.Configuration;

/// <summary>
/// How each configuration endpoint is described in the OpenAPI document: one summary per part and verb, and one
/// example body per part that is valid after the examples before it (the whole document comes first).
/// </summary>
public static class ConfigurationDescriptions
{
    private const string Calendars = """{"support-hours": {"zone": "Europe/Berlin", "windows": {"mon-fri": [["09:00", "17:00"]]}}}""";
    private const string Teams = """{"support": {"members": ["alice", "bob"], "lead": "carol", "zone": "Europe/Berlin"}}""";
    private const string Policies = """[{"id": "standard", "when": {"priority": ["low", "normal", "high", "urgent"]}, "targets": {"urgent": {"first_reply": {"target": "PT1H", "calendar": "support-hours"}}, "high": {"first_reply": {"target": "PT4H", "calendar": "support-hours"}}}}]""";
    private const string Routing = """[{"id": "everything-to-support", "when": {"priority": ["low", "normal", "high", "urgent"]}, "team": "support"}]""";

    /// <summary>Gives a configuration endpoint its summary, the part's body and example when it writes one.</summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string verb, ConfigurationPartKind part)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = PartName.Of(part);
        var one = part is ConfigurationPartKind.Document or ConfigurationPartKind.Policies or ConfigurationPartKind.Routing ? name : $"a {name}";
        builder.WithSummary(verb switch
        {
            "GET" => $"Read {(part == ConfigurationPartKind.Document ? "the configuration" : one)}",
            "PUT" => $"Replace {(part == ConfigurationPartKind.Document ? "the whole configuration" : one)}",
            _ => $"Remove {one}",
        });
        if (verb != "GET")
        {
            // A change sent with If-Match applies only at that version.
            builder.ProducesProblem(StatusCodes.Status412PreconditionFailed)
                .WithRequestHeader("If-Match", "The configuration version the change was made against, as its ETag (e.g. \"4\"); the change applies only at that version.");
        }

        if (verb != "PUT")
        {
            return builder;
        }

        builder.WithRequestBody($"The {name} as JSON or YAML, in the configuration's own shape (docs/configuration.md); refused whole, every error by pointer.", "application/json", "application/yaml");
        var (summary, json, id) = Example(part);
        return builder.WithRequestExample(summary, json, route: id is null ? null : new Dictionary<string, string> { ["id"] = id });
    }

    private static (string Summary, string Json, string? Id) Example(ConfigurationPartKind part) => part switch
    {
        ConfigurationPartKind.Document => ("One team, one calendar, one policy, one rule",
            "{\"calendars\": " + Calendars + ", \"teams\": " + Teams + ", \"policies\": " + Policies + ", \"routing\": " + Routing + "}", null),
        ConfigurationPartKind.Policies => ("The ordered policy list", Policies, null),
        ConfigurationPartKind.Routing => ("The ordered routing rules", Routing, null),
        ConfigurationPartKind.Calendar => ("Around-the-clock support", """{"zone": "UTC", "windows": {"mon-sun": [["00:00", "24:00"]]}}""", "all-week"),
        ConfigurationPartKind.Runbook => ("Notify the lead on a breach", """{"levels": [{"trigger": "breached", "owner": "team_lead", "actions": ["notify"], "ackWithin": "PT15M"}]}""", "lead-on-breach"),
        ConfigurationPartKind.Team => ("A second team", """{"members": ["dave", "erin"], "lead": "dave", "zone": "Europe/Berlin"}""", "platform"),
        ConfigurationPartKind.Connection => ("A Zendesk connection", """{"kind": "zendesk"}""", "zendesk-eu"),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "not a configuration part"),
    };
}
