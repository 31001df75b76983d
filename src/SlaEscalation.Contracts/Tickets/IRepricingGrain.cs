namespace SlaEscalation.Contracts.Tickets;

/// <summary>
/// SLA repair: after a configuration change, re-derives the clocks of every open ticket under the new version, so a
/// shortened target breaches now and a lengthened one stops a pending breach, without waiting for the next event.
/// </summary>
[Alias("SlaEscalation.Contracts.Tickets.IRepricingGrain")]
public interface IRepricingGrain : IGrainWithStringKey
{
    /// <summary>The one instance's key.</summary>
    public const string Key = "sla-repricing";

    /// <summary>Asks for every open ticket to be re-priced under <paramref name="configurationVersion"/> or later.</summary>
    [Alias("Request")]
    Task RequestAsync(long configurationVersion);

    /// <summary>The last version every open ticket was re-priced under, and whether a pass is running.</summary>
    [Alias("GetStatus")]
    Task<RepricingStatus> GetStatusAsync();
}
