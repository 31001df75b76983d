using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Configuration;

/// <summary>One embedded silo process shared by a test class; tests use ids of their own.</summary>
public sealed class EmbeddedSiloFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Silo = await SiloProcess.StartAsync(SiloProcess.Environment("config-api", "config-api", postgres: null));

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}
