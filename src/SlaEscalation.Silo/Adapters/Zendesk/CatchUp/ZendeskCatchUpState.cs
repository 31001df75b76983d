namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>The cursor of one connection's catch-up, saved after every page it has fed to the tickets.</summary>
[GenerateSerializer, Alias("SlaEscalation.Silo.Adapters.Zendesk.CatchUp.ZendeskCatchUpState")]
public sealed class ZendeskCatchUpState
{
    /// <summary>The export's <c>start_time</c> (Unix seconds) of the next page; null before the first pass.</summary>
    [Id(0)]
    public long? StartTime { get; set; }

    /// <summary>Canonical events fed to tickets, duplicates included (a ticket drops what it already has).</summary>
    [Id(1)]
    public long EventsFed { get; set; }

    /// <summary>Pages read.</summary>
    [Id(2)]
    public long Pages { get; set; }
}
