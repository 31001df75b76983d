namespace SlaEscalation.Domain.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void Domain_assembly_loads() => Assert.Equal("SlaEscalation.Domain", typeof(DomainAssembly).Assembly.GetName().Name);
}
