using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Simulations;

namespace SlaEscalation.Grains.Simulations;

/// <summary>Durable state of a simulation job: what it replays, how far it got and what it counted, saved every page.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Simulations.SimulationState")]
public sealed class SimulationState
{
    /// <summary>What the job replays; null until it is started.</summary>
    [Id(0)] public SimulationRequest? Request { get; set; }

    [Id(1)] public string Status { get; set; } = SimulationGrain.Running;

    /// <summary>The last ticket key looked at; null before the first page.</summary>
    [Id(2)] public string? Cursor { get; set; }

    [Id(3)] public long Replayed { get; set; }

    [Id(4)] public long Total { get; set; }

    /// <summary>The configuration in force at the window's end, as canonical JSON, and its version.</summary>
    [Id(5)] public string CurrentDocument { get; set; } = "{}";

    [Id(6)] public long ConfigurationVersion { get; set; }

    /// <summary>The tally so far, as the Domain's tally state in JSON.</summary>
    [Id(7)] public string Tally { get; set; } = "";

    [Id(8)] public DateTimeOffset StartedAt { get; set; }

    [Id(9)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(10)] public string? Error { get; set; }

    /// <summary>
    /// The configuration changes stored at or before the window's end, newest first: undone one by one from
    /// <see cref="CurrentDocument"/>, they give each version that was in force before it, and when.
    /// </summary>
    [Id(11)] public List<ConfigurationChange> Changes { get; set; } = [];
}
