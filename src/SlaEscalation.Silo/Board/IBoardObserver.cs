using Orleans.Concurrency;

namespace SlaEscalation.Silo.Board;

/// <summary>A silo's board, told of ticket and escalation changes by <see cref="IBoardFeedGrain"/>.</summary>
[Alias("SlaEscalation.Silo.Board.IBoardObserver")]
public interface IBoardObserver : IGrainObserver
{
    [OneWay, Alias("Changed")]
    Task ChangedAsync(IReadOnlyList<BoardTicket> tickets);

    [OneWay, Alias("EscalationsChanged")]
    Task EscalationsChangedAsync(IReadOnlyList<BoardEscalation> escalations);
}
