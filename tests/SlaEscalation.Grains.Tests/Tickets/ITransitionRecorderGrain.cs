using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>What a consumer of the event bus received for one ticket.</summary>
public interface ITransitionRecorderGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<SlaTransition>> GetReceivedAsync();

    /// <summary>The transition ids of each bus message received, in order.</summary>
    Task<IReadOnlyList<IReadOnlyList<string>>> GetMessagesAsync();
}
