using System.Text.Json;
using SlaEscalation.Domain.Connections;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// Reads one helpdesk connection (docs/adapters.md): its kind and the maps from vendor values to ours. Only shapes
/// are checked here; <see cref="ConnectionRules"/> checks the values and the teams they name.
/// </summary>
internal sealed class ConnectionParser(DocumentReader reader)
{
    private static readonly string[] Fields = ["kind", "priorities", "statuses", "teams", "agents", "defaults"];

    public HelpdeskConnection? Connection(string id, JsonElement element, string path)
    {
        var properties = reader.Properties(element, path, Fields);
        var errorsBefore = reader.Errors.Count;
        var kindText = reader.String(properties, "kind", path, required: true);
        var kind = default(ConnectionKind);
        if (kindText is not null && !ConnectionKinds.TryParse(kindText, out kind))
        {
            reader.Error(DocumentReader.Join(path, "kind"), "expected zendesk, intercom, jira, linear or slack");
        }

        var priorities = Map(properties, "priorities", path);
        var statuses = Map(properties, "statuses", path);
        var teams = Map(properties, "teams", path);
        var agents = Map(properties, "agents", path);
        string? defaultPriority = null;
        string? defaultStatus = null;
        if (DocumentReader.Find(properties, "defaults") is { } defaultsElement)
        {
            var defaultsPath = DocumentReader.Join(path, "defaults");
            var defaults = reader.Properties(defaultsElement, defaultsPath, "priority", "status");
            defaultPriority = reader.String(defaults, "priority", defaultsPath, required: false);
            defaultStatus = reader.String(defaults, "status", defaultsPath, required: false);
        }

        return reader.Errors.Count == errorsBefore
            ? new HelpdeskConnection(id, kind, priorities, statuses, teams, agents, defaultPriority ?? "normal", defaultStatus ?? "open")
            : null;
    }

    private Dictionary<string, string> Map(List<(string Name, JsonElement Value, string Path)> properties, string name, string path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (DocumentReader.Find(properties, name) is not { } element)
        {
            return map;
        }

        foreach (var (vendor, value, itemPath) in reader.Properties(element, DocumentReader.Join(path, name)))
        {
            if (reader.String(value, itemPath) is { } ours)
            {
                map[vendor] = ours;
            }
        }

        return map;
    }
}
