namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>The tests that share one <see cref="NotificationCluster"/>; one at a time, because they move its clock.</summary>
[CollectionDefinition(Name)]
public sealed class NotificationCollection : ICollectionFixture<NotificationCluster>
{
    public const string Name = "notification cluster";
}
