namespace SlaEscalation.Silo.Board;

/// <summary>Durable state of <see cref="BoardSessionsGrain"/>: each ended session and when its record may go.</summary>
[GenerateSerializer, Alias("SlaEscalation.Silo.Board.BoardSessionsState")]
public sealed class BoardSessionsState
{
    [Id(0)] public Dictionary<string, DateTimeOffset> Ended { get; set; } = new(StringComparer.Ordinal);
}
