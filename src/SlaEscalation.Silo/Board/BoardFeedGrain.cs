using Orleans.Utilities;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// Passes ticket and escalation changes on to every silo's board. It holds nothing durable: subscriptions are renewed every
/// <see cref="BoardFeed.RenewEvery"/>, so after a move to another silo the boards are back within that time.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class BoardFeedGrain(ILogger<BoardFeedGrain> logger) : Grain, IBoardFeedGrain
{
    /// <summary>How long a subscription lasts without renewal: three renewals, so one lost call drops nothing.</summary>
    public static readonly TimeSpan SubscriptionLifetime = 3 * BoardFeed.RenewEvery;

    private readonly ObserverManager<IBoardObserver> boards = new(SubscriptionLifetime, logger);

    public Task SubscribeAsync(IBoardObserver board)
    {
        boards.Subscribe(board, board);
        return Task.CompletedTask;
    }

    public Task PublishAsync(IReadOnlyList<BoardTicket> tickets)
    {
        boards.Notify(board => board.ChangedAsync(tickets));
        return Task.CompletedTask;
    }

    public Task PublishEscalationsAsync(IReadOnlyList<BoardEscalation> escalations)
    {
        boards.Notify(board => board.EscalationsChangedAsync(escalations));
        return Task.CompletedTask;
    }
}
