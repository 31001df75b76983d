namespace SlaEscalation.Grains.Tickets;

/// <summary>Durable state of the retention grain: the pass under way and what it removed.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Tickets.RetentionState")]
public sealed class RetentionState
{
    /// <summary>The last key of the pass under way; null between passes.</summary>
    [Id(0)] public string? Cursor { get; set; }

    /// <summary>The cutoff of the pass under way, fixed when it started so that its pages agree.</summary>
    [Id(1)] public DateTimeOffset? SolvedBefore { get; set; }

    /// <summary>Tickets removed since retention first ran.</summary>
    [Id(2)] public long TicketsRemoved { get; set; }

    /// <summary>When the last complete pass ended.</summary>
    [Id(3)] public DateTimeOffset? LastPassCompletedAt { get; set; }
}
