using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Tests.Notifications;

public sealed class InMemoryDeliveryFailureLogTests : DeliveryFailureLogContractTests
{
    protected override Task<IDeliveryFailureLog> CreateAsync() => Task.FromResult<IDeliveryFailureLog>(new InMemoryDeliveryFailureLog());
}
