using System.Threading.Channels;

namespace SlaEscalation.Silo.Board;

/// <summary>One page's connection to <see cref="BoardFeed"/>: the changes it is to hear; disposing it disconnects.</summary>
public sealed class BoardConnection(ChannelReader<BoardChange> changes, Action disconnect) : IDisposable
{
    public ChannelReader<BoardChange> Changes => changes;

    public void Dispose() => disconnect();
}

/// <summary>One change a page hears: a ticket of the Now page or an escalation, exactly one of the two.</summary>
public readonly record struct BoardChange(BoardTicket? Ticket, BoardEscalation? Escalation);
