namespace SlaEscalation.Silo.Api.Events;

/// <summary>Limits of <c>POST /v1/events</c> (configuration section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Largest batch accepted in one request.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Largest request body, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How far ahead of this silo's clock an event's <c>time</c> may be (helpdesk clocks drift).</summary>
    public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back an event's <c>time</c> may be.</summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(3650);
}
