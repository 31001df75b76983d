using WireMock.Server;

namespace SlaEscalation.Silo.Tests.Trackers;

/// <summary>A fresh loopback stub of a tracker's API for each test, stopped after it.</summary>
public abstract class VendorStub : IAsyncLifetime
{
    /// <summary>The stub; its log holds every request the silo made.</summary>
    protected WireMockServer Vendor { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Vendor = WireMockServer.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Vendor.Stop();
        Vendor.Dispose();
        return Task.CompletedTask;
    }
}
