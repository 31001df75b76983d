using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.TestingHost;
using SlaEscalation.Silo.Tests.Notifications;

namespace SlaEscalation.Silo.Tests.Escalations;

/// <summary>
/// The embedded default (sample configuration included) in this process, its grains, reminders and event bus on a
/// fake clock and the runtime's own loops on real time, so the README's minutes pass in seconds.
/// </summary>
public sealed class WalkthroughSilo : IAsyncDisposable
{
    private readonly WebApplication app;

    private WalkthroughSilo(WebApplication app, FakeTimeProvider clock, HttpClient http)
    {
        this.app = app;
        Clock = clock;
        Http = http;
    }

    /// <summary>The name of the key an embedded silo makes up, which the README's timeline shows as the actor.</summary>
    public const string DevelopmentKeyName = "embedded-development";

    public FakeTimeProvider Clock { get; }

    /// <summary>A client carrying a key with every scope.</summary>
    public HttpClient Http { get; }

    /// <summary>The silo's services (its grain factory, the board feed).</summary>
    public IServiceProvider Services => app.Services;

    public static async Task<WalkthroughSilo> StartAsync(DateTimeOffset start, Action<IServiceCollection>? configure = null)
    {
        var clock = new FakeTimeProvider(start);
        var app = await NotificationSilo.StartAsync("walkthrough-" + Guid.NewGuid().ToString("N")[..8], postgres: null, [$"--Auth:ApiKeys:0:Name={DevelopmentKeyName}"], services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, clock);
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);

            // A reminder due outside the loading window is armed only at the next list refresh.
            services.Configure<ReminderOptions>(o => o.ReminderLoadingWindow = TimeSpan.FromDays(30));
            configure?.Invoke(services);
        });
        return new WalkthroughSilo(app, clock, app.HttpClient());
    }

    /// <summary>Moves the clock as <see cref="AdvanceInStepsAsync"/> does.</summary>
    public Task AdvanceAsync(TimeSpan by) => AdvanceInStepsAsync(Clock, by);

    /// <summary>Moves <paramref name="clock"/> five seconds at a time, giving each step a moment of real time (the bus polls on it).</summary>
    public static async Task AdvanceInStepsAsync(FakeTimeProvider clock, TimeSpan by)
    {
        ArgumentNullException.ThrowIfNull(clock);
        for (var moved = TimeSpan.Zero; moved < by; moved += TimeSpan.FromSeconds(5))
        {
            clock.Advance(by - moved < TimeSpan.FromSeconds(5) ? by - moved : TimeSpan.FromSeconds(5));
            await Task.Delay(10);
        }
    }

    /// <summary>Reads <paramref name="path"/> until <paramref name="condition"/> holds, nudging the clock a millisecond a time; 15 s of real time at most.</summary>
    public async Task<JsonNode> UntilAsync(string path, Func<JsonNode, bool> condition) =>
        (await Eventually.ValueAsync(
            () => Http.GetFromJsonAsync<JsonNode>(path),
            read =>
            {
                if (read is not null && condition(read))
                {
                    return true;
                }

                Clock.Advance(TimeSpan.FromMilliseconds(1));
                return false;
            },
            TimeSpan.FromSeconds(15),
            $"GET {path} as expected",
            read => read?.ToJsonString() ?? "nothing"))!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
