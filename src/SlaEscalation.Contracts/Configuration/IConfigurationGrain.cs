using Orleans.Concurrency;

namespace SlaEscalation.Contracts.Configuration;

/// <summary>
/// The durable, versioned SLA configuration: calendars, policies, routing rules, runbooks and teams as one JSON
/// document. There is one, keyed <see cref="ConfigurationGrainKey.Value"/>. Every change replaces or deletes one
/// part, or replaces the whole document; it is validated with the whole configuration and is refused whole with
/// every problem, or stored under the next version with an entry in a bounded history.
/// </summary>
[Alias("SlaEscalation.Contracts.Configuration.IConfigurationGrain")]
public interface IConfigurationGrain : IGrainWithStringKey
{
    // Reads interleave with a change in progress and see the last committed version: a change waits on SLA repair,
    // whose tickets read the configuration, so a read that queued behind a change would close a cycle.

    /// <summary>The whole configuration and its version.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<ConfigurationSnapshot> GetAsync();

    /// <summary>The whole configuration when its version is above <paramref name="knownVersion"/>; null otherwise.</summary>
    /// <remarks>Lets each silo's cache ask every second without moving the document when nothing changed.</remarks>
    [Alias("GetNewerThan"), AlwaysInterleave]
    Task<ConfigurationSnapshot?> GetNewerThanAsync(long knownVersion);

    /// <summary>One part: a calendar, runbook or team by id, or the policy or routing list (id null).</summary>
    [Alias("GetPart"), AlwaysInterleave]
    Task<ConfigurationPart> GetPartAsync(ConfigurationPartKind part, string? partId);

    /// <summary>
    /// Replaces one part, or the whole document (<see cref="ConfigurationPartKind.Document"/>), with
    /// <see cref="ConfigurationChangeRequest.Json"/>; the configuration must stay valid.
    /// </summary>
    [Alias("Replace")]
    Task<ConfigurationChangeResult> ReplaceAsync(ConfigurationChangeRequest request);

    /// <summary>Deletes a calendar, runbook or team; refused while anything still refers to it.</summary>
    [Alias("Delete")]
    Task<ConfigurationChangeResult> DeleteAsync(ConfigurationChangeRequest request);

    /// <summary>Accepted changes, newest first: at most <paramref name="limit"/>, older than version <paramref name="before"/> when given.</summary>
    [Alias("GetHistory"), AlwaysInterleave]
    Task<ConfigurationHistoryPage> GetHistoryAsync(int limit, long? before);
}
