using System.Text;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>One embedded silo with a Zendesk connection's secret set, shared by the adapter tests.</summary>
public sealed class AdapterSiloFixture : IAsyncLifetime
{
    public const string Secret = "zendesk-eu-signing-secret-0123456789";

    /// <summary>A Jira Service Management connection whose secret is set; a test that uses it declares it.</summary>
    public const string JiraConnection = "jsm-eu";

    public const string JiraSecret = "jsm-eu-webhook-secret-0123456789";

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await StartAsync(postgres: null);

    public async Task DisposeAsync() => await Silo.DisposeAsync();

    /// <summary>A silo with the connection's secret (and <paramref name="settings"/>) and a configuration whose breach raises an escalation.</summary>
    public static async Task<SiloProcess> StartAsync(string? postgres, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = SiloProcess.Environment("adapters", "adapters-" + Guid.NewGuid().ToString("N")[..6], postgres);
        environment["Adapters__zendesk-eu__Secret"] = Secret;
        environment[$"Adapters__{JiraConnection}__Secret"] = JiraSecret;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var silo = await SiloProcess.StartAsync(environment);
        using var document = new StringContent("""
            teams:
              support-eu: { members: [dieter, eva], lead: eva, zone: Europe/Berlin }
              support-us: { members: [alice], lead: alice, zone: America/New_York }
            policies:
              - id: everything
                targets:
                  high: { first_reply: { target: PT10M, calendar: 24x7 }, resolution: { target: PT8H, calendar: 24x7 } }
                  urgent: { first_reply: { target: PT10M, calendar: 24x7 }, resolution: { target: PT4H, calendar: 24x7 } }
                runbook: standard
            runbooks:
              standard:
                levels:
                  - { trigger: breached, owner: team_lead, actions: [notify], ackWithin: PT1H }
            connections:
              zendesk-eu:
                kind: zendesk
                teams: { "100": support-eu, "200": support-us }
                agents: { "9001": dieter }
            """, Encoding.UTF8, "application/yaml");
        using var response = await silo.Http.PutAsync(new Uri("/v1/configuration", UriKind.Relative), document);
        response.EnsureSuccessStatusCode();
        return silo;
    }
}
