namespace SlaEscalation.Silo.Tests.ApiDescription;

/// <summary>One embedded silo for the API description's tests, started from an empty configuration store.</summary>
public sealed class ApiDescriptionSilo : IAsyncLifetime
{
    public SiloProcess Silo { get; private set; } = null!;

    /// <summary>A client with no key at all.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = Silo.Http.BaseAddress };

    /// <summary>A client carrying the key with only <c>tickets:read</c>.</summary>
    public HttpClient Reader()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.ReaderKey);
        return client;
    }

    public async Task InitializeAsync() =>
        Silo = await SiloProcess.StartAsync(SiloProcess.Environment("api-description", "api-description", postgres: null));

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}
