using System.Collections.Concurrent;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>
/// A channel whose attempts go as each test scripts them per delivery key (delivered when unscripted), and that
/// remembers every attempt; <paramref name="inProcess"/> makes it one that delivers inside the silo, as the bus does.
/// </summary>
public sealed class ScriptedChannel(TimeProvider clock, string name = ScriptedChannel.ChannelName, bool inProcess = false) : INotificationChannel
{
    public const string ChannelName = "scripted";

    /// <summary>The name of the scripted channel that delivers inside the silo.</summary>
    public const string InProcessName = "scripted-in-process";

    private readonly ConcurrentDictionary<string, Func<int, DeliveryOutcome>> scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, int Attempt, DateTimeOffset At)> attempts = new();

    public string Name => name;

    public bool DeliversInProcess => inProcess;

    public bool Accepts(string type) => true;

    /// <summary>How each attempt (from 1) of <paramref name="deliveryKey"/> goes; a throwing script makes the attempt throw.</summary>
    public void Script(string deliveryKey, Func<int, DeliveryOutcome> outcomeOfAttempt) => scripts[deliveryKey] = outcomeOfAttempt;

    /// <summary>The attempt numbers and instants seen for <paramref name="deliveryKey"/>, in order.</summary>
    public IReadOnlyList<(int Attempt, DateTimeOffset At)> AttemptsOf(string deliveryKey) =>
        attempts.Where(a => a.Key == deliveryKey).Select(a => (a.Attempt, a.At)).ToArray();

    public Task<DeliveryOutcome> DeliverAsync(Notification notification, int attempt, CancellationToken cancellationToken)
    {
        attempts.Enqueue((notification.DeliveryKey, attempt, clock.GetUtcNow()));
        return Task.FromResult(scripts.TryGetValue(notification.DeliveryKey, out var script) ? script(attempt) : DeliveryOutcome.Delivered);
    }
}
