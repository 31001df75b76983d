using Microsoft.AspNetCore.Builder;
using SlaEscalation.Silo.Tests.Notifications;

namespace SlaEscalation.Silo.Tests.Limits;

/// <summary>
/// One embedded silo with tight limits: an adapter key limited to the source <c>zendesk</c>, digests kept 30 days and
/// back to a day before a team was added, one recount at a time.
/// </summary>
public sealed class LimitedSiloFixture : IAsyncLifetime
{
    public const string AdapterKey = "test-zendesk-adapter-key-0123456789";

    public WebApplication Silo { get; private set; } = null!;

    /// <summary>The operator key: every scope, any source.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await NotificationSilo.StartAsync("limits-" + Guid.NewGuid().ToString("N")[..8], postgres: null,
        [
            "--Sla:SampleConfiguration=false",
            "--Digests:RetentionDays=30",
            "--Digests:BackfillDays=1",
            "--Digests:MaxConcurrentRecounts=1",
            "--Auth:ApiKeys:1:Name=zendesk-adapter",
            $"--Auth:ApiKeys:1:Key={AdapterKey}",
            "--Auth:ApiKeys:1:Scopes=events:write",
            "--Auth:ApiKeys:1:Sources=zendesk",
        ]);
        Http = Silo.HttpClient();
    }

    /// <summary>A client carrying <paramref name="key"/>.</summary>
    public HttpClient With(string key)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Silo.StopAsync();
        await Silo.DisposeAsync();
    }
}
