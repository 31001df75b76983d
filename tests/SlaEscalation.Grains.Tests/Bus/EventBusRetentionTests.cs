using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SlaEscalation.Testing;

namespace SlaEscalation.Grains.Tests.Bus;

/// <summary>
/// The event bus keeps a message only a short while (<see cref="EventBusRetention.MessagesKeptFor"/>): whatever a
/// consumer has not read by then, it misses, without being told. Run here with the product's proportions on a scale
/// of seconds, while other streams keep the caches purging. With a message kept 1 s, the retry case loses the
/// messages behind the failing one.
/// </summary>
public sealed class EventBusRetentionTests : IAsyncLifetime
{
    /// <summary>For the retry case: retries long enough for the consumer's 1.5 s refusal (Orleans backs off 1-2 s, then 1-3 s).</summary>
    private static readonly EventBusRetention Retried = new(
        StreamForgottenAfter: TimeSpan.FromSeconds(30),
        DeliveryRetriedFor: TimeSpan.FromSeconds(8),
        MessagesKeptFor: TimeSpan.FromSeconds(16));

    /// <summary>For the quiet stream: messages purged within seconds, the stream registered far longer.</summary>
    private static readonly EventBusRetention Quick = new(
        StreamForgottenAfter: TimeSpan.FromSeconds(30),
        DeliveryRetriedFor: TimeSpan.FromSeconds(2),
        MessagesKeptFor: TimeSpan.FromSeconds(4));

    private InProcessTestCluster? cluster;

    private BusProbe Probe => cluster!.Silos[0].ServiceProvider.GetRequiredService<BusProbe>();

    private IBusProbePublisherGrain Publisher => cluster!.Client.GetGrain<IBusProbePublisherGrain>(0);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Messages_behind_a_failing_delivery_wait_for_it_and_arrive()
    {
        await StartAsync(Retried);

        // The consumer refuses the first message for 1.5 s: the agent retries it while the stream's next two messages
        // wait behind it and other streams fill and purge the caches.
        Probe.FailFirstUntil["retried"] = DateTimeOffset.UtcNow.AddSeconds(1.5);
        await Publisher.PublishAsync("retried", 1);
        await Publisher.PublishAsync("retried", 2);
        await Publisher.PublishAsync("retried", 3);
        await BusyTrafficAsync(TimeSpan.FromSeconds(6));

        await Eventually.TrueAsync(
            () => Probe.ValuesOf("retried").Length == 3, TimeSpan.FromSeconds(20), "the retried stream's three messages",
            () => $"received [{string.Join(", ", Probe.ValuesOf("retried"))}]; errors [{string.Join(", ", Probe.Errors)}]");
        Assert.Equal([1, 2, 3], Probe.ValuesOf("retried"));
        Assert.Empty(Probe.Errors);
    }

    [Fact]
    public async Task A_quiet_registered_stream_gets_its_next_message()
    {
        await StartAsync(Quick);
        await Publisher.PublishAsync("quiet", 1);
        await Eventually.TrueAsync(() => Probe.Got("quiet", 1), TimeSpan.FromSeconds(15), "the quiet stream's first message");

        // Longer than a message is kept, shorter than a quiet stream stays registered: the first message is purged,
        // the stream's cursor left at its position.
        await BusyTrafficAsync(Quick.MessagesKeptFor + TimeSpan.FromSeconds(3));

        await Publisher.PublishAsync("quiet", 2);
        await Eventually.TrueAsync(
            () => Probe.Got("quiet", 2), TimeSpan.FromSeconds(15), "the quiet stream's second message",
            () => $"received [{string.Join(", ", Probe.ValuesOf("quiet"))}]; errors [{string.Join(", ", Probe.Errors)}]");
        Assert.Empty(Probe.Errors);
    }

    [Fact]
    public void A_retention_shorter_than_twice_the_delivery_retries_is_refused()
    {
        var problem = Assert.Throws<ArgumentException>((Retried with { MessagesKeptFor = Retried.DeliveryRetriedFor * 2 - TimeSpan.FromSeconds(1) }).Validate);
        Assert.Contains("purged unread", problem.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>((Retried with { DeliveryRetriedFor = TimeSpan.Zero }).Validate);
        EventBusRetention.Default.Validate();
    }

    private async Task StartAsync(EventBusRetention retention)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddSlaEventBus(retention);
            silo.Services.AddSingleton<BusProbe>();
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    /// <summary>Publishes on 64 other streams every 100 ms for <paramref name="duration"/>, and waits until the last round is read.</summary>
    private async Task BusyTrafficAsync(TimeSpan duration)
    {
        var until = DateTimeOffset.UtcNow + duration;
        var round = 0;
        for (; DateTimeOffset.UtcNow < until; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Publisher.PublishAsync($"busy-{i}", round)));
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        await Eventually.TrueAsync(() => Probe.Got("busy-63", round - 1), TimeSpan.FromSeconds(15), "the busy streams' last round");
    }
}
