namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>The tests that share one <see cref="TicketCluster"/>; they run one at a time because they move its clock.</summary>
[CollectionDefinition(Name)]
public sealed class TicketCollection : ICollectionFixture<TicketCluster>
{
    public const string Name = "ticket cluster";
}
