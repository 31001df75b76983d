using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SlaEscalation.Testing;

namespace SlaEscalation.Grains.Tests.Bus;

/// <summary>
/// The event bus keeps a message only a short while (<see cref="EventBusRetention.MessagesKeptFor"/>): whatever a
/// consumer has not read by then, it misses, without being told. Run here with the product's proportions on a scale
/// of seconds, while other streams keep the caches purging. With a message kept 1 s, the first case loses the
/// messages behind the failing one.
/// </summary>
public sealed class EventBusRetentionTests : IAsyncLifetime
{
    private static readonly EventBusRetention Short = new(
        StreamForgottenAfter: TimeSpan.FromSeconds(30),
        DeliveryRetriedFor: TimeSpan.FromSeconds(5),
        MessagesKeptFor: TimeSpan.FromSeconds(10));

    private InProcessTestCluster cluster = null!;

    private BusProbe Probe => cluster.Silos[0].ServiceProvider.GetRequiredService<BusProbe>();

    private IBusProbePublisherGrain Publisher => cluster.Client.GetGrain<IBusProbePublisherGrain>(0);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddSlaEventBus(Short);
            silo.Services.AddSingleton<BusProbe>();
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Messages_behind_a_failing_delivery_wait_for_it_and_arrive()
    {
        // The consumer refuses the first message for 3 s: the agent retries it (after about 1 s, then 2 s more) while
        // the stream's next two messages wait behind it and other streams fill and purge the caches.
        Probe.FailFirstUntil["retried"] = DateTimeOffset.UtcNow.AddSeconds(3);
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
        await Publisher.PublishAsync("quiet", 1);
        await Eventually.TrueAsync(() => Probe.Got("quiet", 1), TimeSpan.FromSeconds(15), "the quiet stream's first message");

        // Longer than a message is kept, shorter than a quiet stream stays registered: the first message is purged,
        // the stream's cursor left at its position.
        await BusyTrafficAsync(Short.MessagesKeptFor + TimeSpan.FromSeconds(5));

        await Publisher.PublishAsync("quiet", 2);
        await Eventually.TrueAsync(
            () => Probe.Got("quiet", 2), TimeSpan.FromSeconds(15), "the quiet stream's second message",
            () => $"received [{string.Join(", ", Probe.ValuesOf("quiet"))}]; errors [{string.Join(", ", Probe.Errors)}]");
        Assert.Empty(Probe.Errors);
    }

    [Fact]
    public void A_retention_shorter_than_twice_the_delivery_retries_is_refused()
    {
        var problem = Assert.Throws<ArgumentException>((Short with { MessagesKeptFor = Short.DeliveryRetriedFor * 2 - TimeSpan.FromSeconds(1) }).Validate);
        Assert.Contains("purged unread", problem.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>((Short with { DeliveryRetriedFor = TimeSpan.Zero }).Validate);
        EventBusRetention.Default.Validate();
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
