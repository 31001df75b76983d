using System.Threading.Channels;

namespace SlaEscalation.Silo.Board;

/// <summary>One page's connection to <see cref="BoardFeed"/>: the changes it is to hear; disposing it disconnects.</summary>
public sealed class BoardConnection(ChannelReader<BoardTicket> changes, Action disconnect) : IDisposable
{
    public ChannelReader<BoardTicket> Changes => changes;

    public void Dispose() => disconnect();
}
