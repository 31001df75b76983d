namespace SlaEscalation.Contracts.Simulations;

/// <summary>
/// One durable simulation job, keyed by its id: replays every ticket active in a window under the configuration
/// that was in force and under a candidate, a page at a time, and tallies both. It writes no ticket state, emits
/// nothing and notifies nobody.
/// </summary>
[Alias("SlaEscalation.Contracts.Simulations.ISimulationGrain")]
public interface ISimulationGrain : IGrainWithStringKey
{
    /// <summary>Starts the job; a job that exists already keeps its request and answers where it stands.</summary>
    [Alias("Start")]
    Task<SimulationProgress> StartAsync(SimulationRequest request);

    /// <summary>Where the job stands; null when there is no such job.</summary>
    [Alias("Get")]
    Task<SimulationProgress?> GetAsync();

    /// <summary>Stops a running job where it is; false when there is no such job.</summary>
    [Alias("Cancel")]
    Task<bool> CancelAsync();
}
