using SlaEscalation.Contracts.Configuration;

namespace SlaEscalation.Silo.Api.Configuration;

/// <summary>How configuration parts are named on the wire (the same words as the URL segments).</summary>
public static class PartName
{
    public static string Of(ConfigurationPartKind part) => part switch
    {
        ConfigurationPartKind.Document => "document",
        ConfigurationPartKind.Calendar => "calendar",
        ConfigurationPartKind.Policies => "policies",
        ConfigurationPartKind.Routing => "routing",
        ConfigurationPartKind.Runbook => "runbook",
        ConfigurationPartKind.Team => "team",
        ConfigurationPartKind.Connection => "connection",
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "not a configuration part"),
    };
}
