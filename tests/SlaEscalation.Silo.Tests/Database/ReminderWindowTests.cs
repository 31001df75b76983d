using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.TestingHost;
using SlaEscalation.Silo.Database;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Silo.Tests.Escalations;
using SlaEscalation.Silo.Tests.Notifications;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Database;

/// <summary>
/// The silo's own reminder settings (a short loading window, a refresh every minute, range reads limited to what the
/// window and one refresh reach) on the durable reminder table, with reminders and grains on a fake clock.
/// </summary>
public sealed class ReminderWindowTests
{
    [Fact]
    public async Task A_clock_due_far_beyond_the_loading_window_fires_on_its_deadline()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("reminder_window");
        var created = new DateTimeOffset(2026, 12, 24, 9, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(created);
        var sample = Path.Combine(Path.GetDirectoryName(SiloExecutable.Path)!, "..", "..", "..", "..", "..", "deploy", "config", "sample.json");
        var silo = await NotificationSilo.StartAsync("reminder-window-" + Guid.NewGuid().ToString("N")[..8], database, [$"--Sla:SeedConfigurationFile={sample}"], services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, clock);
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        });
        await using var _ = silo;
        using var http = silo.HttpClient();
        var options = silo.Services.GetRequiredService<IOptions<ReminderOptions>>().Value;
        Assert.Equal(
            (OrleansSiloBuilderExtensions.ReminderLoadingWindow, OrleansSiloBuilderExtensions.ReminderRefreshPeriod),
            (options.ReminderLoadingWindow, options.RefreshReminderListPeriod));

        // The sample's urgent policy: first reply in 2 minutes, resolution in 30, far beyond what a range read returns.
        var ticket = GatewayRequests.Created("helpdesk:7001", "evt-1", created, priority: "urgent");
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostEventsAsync(ticket)).Status);
        var deadline = (DateTimeOffset)Resolution((await http.GetFromJsonAsync<JsonObject>("/v1/tickets/helpdesk:7001"))!)["deadline"]!;
        Assert.Equal(created.AddMinutes(30), deadline);
        Assert.True(deadline - created > PostgresReminderTable.HorizonFor(options));

        // The breach is emitted by the ticket's reminder, at the deadline; a read only shows what was emitted.
        await WalkthroughSilo.AdvanceInStepsAsync(clock, deadline - TimeSpan.FromSeconds(10) - clock.GetUtcNow());
        Assert.Null(ResolutionBreach((await http.GetFromJsonAsync<JsonObject>("/v1/tickets/helpdesk:7001"))!));

        await WalkthroughSilo.AdvanceInStepsAsync(clock, TimeSpan.FromSeconds(10));
        var breach = await Eventually.ValueAsync(
            async () => ResolutionBreach((await http.GetFromJsonAsync<JsonObject>("/v1/tickets/helpdesk:7001"))!),
            emitted =>
            {
                if (emitted is not null)
                {
                    return true;
                }

                clock.Advance(TimeSpan.FromMilliseconds(1));
                return false;
            },
            TimeSpan.FromSeconds(15),
            "the resolution breach emitted",
            emitted => emitted?.ToJsonString() ?? "none yet");
        Assert.Equal(deadline, (DateTimeOffset)breach!["at"]!);
        Assert.InRange((DateTimeOffset)breach["emittedAt"]! - deadline, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    private static JsonNode? ResolutionBreach(JsonNode ticket) =>
        ticket["transitions"]!.AsArray().SingleOrDefault(t => (string?)t!["transitionId"] == "resolution/breached");

    private static JsonNode Resolution(JsonNode ticket) => ticket["metrics"]!.AsArray().Single(m => (string?)m!["metric"] == "resolution")!;
}
