namespace SlaEscalation.Silo.Board;

/// <summary>
/// The cluster's one board feed (key 0): each silo's board subscribes, and each silo publishes the ticket and
/// escalation changes its grains wrote, which the feed passes to every subscribed board.
/// </summary>
[Alias("SlaEscalation.Silo.Board.IBoardFeedGrain")]
public interface IBoardFeedGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes (or renews) <paramref name="board"/>; a subscription not renewed lapses after <see cref="BoardFeedGrain.SubscriptionLifetime"/>.</summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(IBoardObserver board);

    [Alias("Publish")]
    Task PublishAsync(IReadOnlyList<BoardTicket> tickets);

    [Alias("PublishEscalations")]
    Task PublishEscalationsAsync(IReadOnlyList<BoardEscalation> escalations);
}
