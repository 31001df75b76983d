using System.Net;
using SlaEscalation.Silo.Tests.Notifications;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.FirstRun;

/// <summary>A durable silo never invents a key: without one configured it says so once at start, and how to add one.</summary>
public sealed class NoApiKeyTests
{
    public const string Line =
        "No API key is configured: every /v1 request answers 401. Set one with Auth__ApiKeys__0__Name=<name>, " +
        "Auth__ApiKeys__0__Key=<24+ random characters> and Auth__ApiKeys__0__Scopes=<scopes, e.g. " +
        "config:write,events:write,tickets:read,escalations:write,digests:read,operator> (see docs/api.md).";

    [Fact]
    public async Task A_durable_silo_without_keys_says_so_in_one_line_and_answers_401()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("nokey");
        var environment = SiloProcess.Environment("no-key", "no-key", database);
        foreach (var key in environment.Keys.Where(k => k.StartsWith("Auth__", StringComparison.Ordinal)).ToArray())
        {
            environment.Remove(key);
        }

        await using var silo = await SiloProcess.StartAsync(environment);
        using var anonymous = new HttpClient { BaseAddress = silo.Http.BaseAddress };

        var output = await Eventually.ValueAsync(() => Task.FromResult(silo.Output), o => o.Contains(Line, StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the no-key line");
        using var response = await anonymous.GetAsync(new Uri("/v1/configuration", UriKind.Relative));

        Assert.Single(output.Split(Environment.NewLine), l => l.Contains("No API key is configured", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
