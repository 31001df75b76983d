using System.Collections.Concurrent;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace SlaEscalation.Grains.Tests.Bus;

/// <summary>Publishes numbers on the event bus, each on the stream it names in <see cref="BusProbe.StreamNamespace"/>.</summary>
public interface IBusProbePublisherGrain : IGrainWithIntegerKey
{
    Task PublishAsync(string stream, int value);
}

/// <summary>What the probe's consumers received: (stream, number), in arrival order.</summary>
public sealed class BusProbe
{
    public const string StreamNamespace = "bus-probe";

    public ConcurrentQueue<(string Stream, int Value)> Received { get; } = new();

    /// <summary>What the consumers were told went wrong (a message the bus could no longer read), by stream.</summary>
    public ConcurrentQueue<(string Stream, string Error)> Errors { get; } = new();

    /// <summary>Until when each stream's consumer fails its first message (a consumer that needs retries).</summary>
    public ConcurrentDictionary<string, DateTimeOffset> FailFirstUntil { get; } = new();

    public bool Got(string stream, int value) => Received.Contains((stream, value));

    public int[] ValuesOf(string stream) => Received.Where(r => r.Stream == stream).Select(r => r.Value).ToArray();
}

public sealed class BusProbePublisherGrain : Grain, IBusProbePublisherGrain
{
    public Task PublishAsync(string stream, int value) =>
        this.GetStreamProvider(EventBus.ProviderName)
            .GetStream<int>(StreamId.Create(BusProbe.StreamNamespace, stream))
            .OnNextAsync(value);
}

/// <summary>One per probe stream, subscribed implicitly as the product's consumers are.</summary>
[ImplicitStreamSubscription(BusProbe.StreamNamespace)]
public sealed class BusProbeConsumerGrain(BusProbe probe) : Grain, IGrainWithStringKey, IStreamSubscriptionObserver, IAsyncObserver<int>
{
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<int>().ResumeAsync(this);
    }

    public Task OnNextAsync(int item, StreamSequenceToken? token = null)
    {
        if (item == 1 && probe.FailFirstUntil.TryGetValue(this.GetPrimaryKeyString(), out var until) && DateTimeOffset.UtcNow < until)
        {
            throw new InvalidOperationException($"{this.GetPrimaryKeyString()} refuses its first message until {until:O}");
        }

        probe.Received.Enqueue((this.GetPrimaryKeyString(), item));
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        probe.Errors.Enqueue((this.GetPrimaryKeyString(), ex.GetType().Name));
        return Task.CompletedTask;
    }
}
