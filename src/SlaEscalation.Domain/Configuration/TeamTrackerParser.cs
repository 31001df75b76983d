using System.Text.Json;
using System.Text.RegularExpressions;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// Reads and checks a team's <c>tracker</c> (docs/trackers.md): its kind, connection and the fields that kind needs.
/// Every problem is reported with its path; the connection itself is looked up when a task is opened, because
/// connections are put on their own and may come after the team.
/// </summary>
internal sealed partial class TeamTrackerParser(DocumentReader reader)
{
    private static readonly string[] Fields = ["kind", "connection", "project", "issueType", "teamId", "priorities"];

    public TeamTracker? Tracker(JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, Fields);
        var errorsBefore = reader.Errors.Count;
        var kind = reader.String(properties, "kind", path, required: true) switch
        {
            null => (TrackerKind?)null,
            "internal" => TrackerKind.Internal,
            "jira" => TrackerKind.Jira,
            "linear" => TrackerKind.Linear,
            _ => Invalid(DocumentReader.Join(path, "kind"), "expected internal, jira or linear"),
        };
        if (kind is not { } known)
        {
            return null;
        }

        var external = known != TrackerKind.Internal;
        var connection = Field(properties, "connection", path, external, known);
        if (connection is not null && !IsConnectionId(connection))
        {
            reader.Error(DocumentReader.Join(path, "connection"),
                $"a connection id is 1 to {HelpdeskConnection.MaxIdLength} of a-z, 0-9 and '-', not starting with '-'");
        }

        var project = Field(properties, "project", path, known == TrackerKind.Jira, known, TrackerKind.Jira);
        if (project is not null && !ProjectKey().IsMatch(project))
        {
            reader.Error(DocumentReader.Join(path, "project"), "a Jira project key is an upper-case letter, then up to 9 upper-case letters, digits or '_'");
        }

        var issueType = Field(properties, "issueType", path, required: false, known, TrackerKind.Jira);
        var teamId = Field(properties, "teamId", path, known == TrackerKind.Linear, known, TrackerKind.Linear);
        if (teamId is not null && !Guid.TryParseExact(teamId, "D", out _))
        {
            reader.Error(DocumentReader.Join(path, "teamId"), "a Linear team id is a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
        }

        var priorities = Priorities(properties, path, known);
        return reader.Errors.Count == errorsBefore
            ? new TeamTracker(known, connection, project, known == TrackerKind.Jira ? issueType ?? TeamTracker.DefaultIssueType : null, teamId, priorities)
            : null;
    }

    /// <summary>A string field: required where the kind needs it, an error where the kind has no use for it.</summary>
    private string? Field(
        List<(string Name, JsonElement Value, string Path)> properties, string name, string path, bool required, TrackerKind kind, TrackerKind? onlyFor = null)
    {
        var external = kind != TrackerKind.Internal;
        if ((!external || (onlyFor is { } only && only != kind)) && DocumentReader.Find(properties, name) is not null)
        {
            reader.Error(DocumentReader.Join(path, name), $"is not used by the {Wire(kind)} tracker");
            return null;
        }

        return reader.String(properties, name, path, required);
    }

    private Dictionary<string, string> Priorities(List<(string Name, JsonElement Value, string Path)> properties, string path, TrackerKind kind)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (DocumentReader.Find(properties, "priorities") is not { } element)
        {
            return map;
        }

        var prioritiesPath = DocumentReader.Join(path, "priorities");
        if (kind == TrackerKind.Internal)
        {
            reader.Error(prioritiesPath, "is not used by the internal tracker");
            return map;
        }

        foreach (var (ours, value, itemPath) in reader.Properties(element, prioritiesPath))
        {
            if (!TicketWire.TryParsePriority(ours, out _))
            {
                reader.Error(itemPath, "is not a priority; expected low, normal, high or urgent");
                continue;
            }

            if (kind == TrackerKind.Linear)
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number is >= 0 and <= 4)
                {
                    map[ours] = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    reader.Error(itemPath, "a Linear priority is a whole number from 0 (none) to 4 (low)");
                }
            }
            else if (reader.String(value, itemPath) is { } name)
            {
                map[ours] = name;
            }
        }

        return map;
    }

    private TrackerKind? Invalid(string path, string message)
    {
        reader.Error(path, message);
        return null;
    }

    private static string Wire(TrackerKind kind) => kind.ToString().ToLowerInvariant();

    private static bool IsConnectionId(string id) =>
        id.Length is > 0 and <= HelpdeskConnection.MaxIdLength && id[0] != '-' && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,9}$")]
    private static partial Regex ProjectKey();
}
