using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Configuration;

namespace SlaEscalation.Grains.Simulations;

/// <summary>The configuration document as it stood at an instant, rebuilt from today's document and the history.</summary>
public static class ConfigurationRewind
{
    /// <summary>
    /// Undoes, newest first, every change stored after <paramref name="instant"/>: each puts its part back as it was
    /// before. Returns the document and the version in force at <paramref name="instant"/>.
    /// </summary>
    /// <param name="current">Today's document and version.</param>
    /// <param name="newestFirst">The history, newest first (the store keeps the newest 500 changes).</param>
    /// <param name="instant">The instant to rebuild.</param>
    public static (string Document, long Version) At(ConfigurationSnapshot current, IEnumerable<ConfigurationChange> newestFirst, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(newestFirst);
        var document = string.IsNullOrWhiteSpace(current.Document) ? [] : JsonNode.Parse(current.Document)?.AsObject() ?? [];
        var version = current.Version;
        foreach (var change in newestFirst.TakeWhile(c => c.At > instant))
        {
            var before = change.Before is null ? null : JsonNode.Parse(change.Before);
            switch (change.Part)
            {
                case ConfigurationPartKind.Document:
                    document = before?.AsObject() ?? [];
                    break;
                case ConfigurationPartKind.Policies or ConfigurationPartKind.Routing:
                    Put(document, change.Part == ConfigurationPartKind.Policies ? "policies" : "routing", before);
                    break;
                default:
                    var section = change.Part switch
                    {
                        ConfigurationPartKind.Calendar => "calendars",
                        ConfigurationPartKind.Runbook => "runbooks",
                        _ => "teams",
                    };
                    if (document[section] is not JsonObject parts)
                    {
                        parts = [];
                        document[section] = parts;
                    }

                    Put(parts, change.PartId!, before);
                    break;
            }

            version = change.Version - 1;
        }

        return (document.ToJsonString(), version);
    }

    private static void Put(JsonObject parent, string name, JsonNode? value)
    {
        if (value is null)
        {
            parent.Remove(name);
        }
        else
        {
            parent[name] = value;
        }
    }
}
