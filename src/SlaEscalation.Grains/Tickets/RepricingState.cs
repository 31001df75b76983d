namespace SlaEscalation.Grains.Tickets;

/// <summary>Durable progress of SLA repair, so a pass cut short by a crash resumes where it was.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Tickets.RepricingState")]
public sealed class RepricingState
{
    [Id(0)] public long CompletedVersion { get; set; }

    [Id(1)] public long TargetVersion { get; set; }

    /// <summary>The last ticket key re-priced in the running pass; null at its start.</summary>
    [Id(2)] public string? Cursor { get; set; }

    [Id(3)] public long TicketsRepriced { get; set; }
}
