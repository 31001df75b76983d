using System.Text;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>
/// One embedded silo whose teams post to a Slack stub: support (lena leads, ana and lena mapped to Slack users) and
/// billing, each in its own channel; tickets at risk after 4 s and breached after 8 s.
/// </summary>
public sealed class SlackSiloFixture : IAsyncLifetime
{
    public const string Connection = "acme-slack";
    public const string SupportChannel = "C0SUPPORT1";
    public const string BillingChannel = "C0BILLING1";

    /// <summary>The levels of the runbook <c>standard</c> unless a test names others: level 1 at risk (the assignee), level 2 breached (the team lead).</summary>
    public const string StandardLevels = """
        - { trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT1H }
              - { trigger: breached, owner: team_lead, actions: [notify, reassign], ackWithin: PT1H }
        """;

    public string SigningSecret { get; } = "slack-signing-" + Guid.NewGuid().ToString("N");

    public SlackStub Slack { get; } = new("xoxb-test-" + Guid.NewGuid().ToString("N")[..12], SupportChannel, BillingChannel);

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var environment = SiloProcess.Environment("slack", "slack-" + Guid.NewGuid().ToString("N")[..6], null);
        environment[$"Adapters__{Connection}__BotToken"] = Slack.Token;
        environment[$"Adapters__{Connection}__SigningSecret"] = SigningSecret;
        environment[$"Adapters__{Connection}__ApiUrl"] = Slack.ApiUrl;
        Silo = await SiloProcess.StartAsync(environment);
        await ConfigureAsync(Silo, $$"""
              support:
                members: [ana, ben]
                lead: lena
                zone: UTC
                slack: { connection: {{Connection}}, channel: {{SupportChannel}}, users: { ana: U0ANA1, lena: U0LENA1 } }
              billing:
                members: [bo]
                lead: bo
                zone: UTC
                slack: { connection: {{Connection}}, channel: {{BillingChannel}}, users: { bo: U0BO1 } }
            """);
    }

    /// <summary>
    /// Puts a configuration of <paramref name="teams"/> (YAML entries under <c>teams:</c>) on connection
    /// <see cref="Connection"/>, with tickets at risk after 4 s and breached after 8 s, following the runbook
    /// <c>standard</c> of <paramref name="levels"/> (YAML entries under <c>levels:</c>, the first line unindented);
    /// <paramref name="connections"/> are further YAML entries under <c>connections:</c>.
    /// </summary>
    public static async Task ConfigureAsync(SiloProcess silo, string teams, string levels = StandardLevels, string connections = "")
    {
        using var document = new StringContent($$"""
            teams:
            {{teams}}
            policies:
              - id: everything
                targets: { high: { first_reply: { target: PT8S, calendar: 24x7 } } }
                atRisk: { first_reply: { percent: 50 } }
                runbook: standard
            runbooks:
              standard:
                levels:
                  {{levels}}
            connections:
              {{Connection}}: { kind: slack }
            {{connections}}
            """, Encoding.UTF8, "application/yaml");
        using var response = await silo.Http.PutAsync(new Uri("/v1/configuration", UriKind.Relative), document);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Slack.Dispose();
    }
}
