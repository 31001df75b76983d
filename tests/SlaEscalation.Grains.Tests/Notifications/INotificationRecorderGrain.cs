using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>What a consumer of the bus's notification stream received for one team.</summary>
public interface INotificationRecorderGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<Notification>> GetReceivedAsync();
}
