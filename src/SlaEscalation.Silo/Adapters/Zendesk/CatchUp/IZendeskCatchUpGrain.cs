namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>The catch-up of one Zendesk connection (the grain's key is the connection's name).</summary>
[Alias("SlaEscalation.Silo.Adapters.Zendesk.CatchUp.IZendeskCatchUpGrain")]
public interface IZendeskCatchUpGrain : IGrainWithStringKey
{
    /// <summary>Keeps the reminder at the connection's period, first tick at once; a repeat only moves the period.</summary>
    [Alias("Start")]
    Task StartAsync();

    /// <summary>Where the export will be read from next and what the catch-up has fed so far.</summary>
    [Alias("GetStatus")]
    Task<ZendeskCatchUpState> GetStatusAsync();
}
