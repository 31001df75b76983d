namespace SlaEscalation.Contracts.Digests;

/// <summary>
/// The one schedule of every team's digest (key <see cref="Key"/>): a durable reminder due at the next digest hour
/// of any team, in its zone, asks each digest that came due to publish itself.
/// </summary>
[Alias("SlaEscalation.Contracts.Digests.IDigestScheduleGrain")]
public interface IDigestScheduleGrain : IGrainWithStringKey
{
    /// <summary>The one key.</summary>
    public const string Key = "digest-schedule";

    /// <summary>Makes sure the reminder is registered; each silo calls it at start.</summary>
    [Alias("Start")]
    Task StartAsync();

    /// <summary>The latest digest date each team's publication was requested for.</summary>
    [Alias("GetRequested")]
    Task<IReadOnlyDictionary<string, string>> GetRequestedAsync();
}
