namespace SlaEscalation.Silo.Adapters.Slack;

/// <summary>
/// Keeps calls into one Slack channel about a second apart, Slack's sustained pace for posting, and holds a channel
/// back for as long as a <c>429</c> asked. Per silo: several silos posting into one channel may still meet a
/// <c>429</c>, which is retried after its <c>Retry-After</c>.
/// </summary>
public sealed class SlackPace(TimeProvider time, TimeSpan gap, TimeSpan longestWait)
{
    /// <summary>About one message per second per channel.</summary>
    public static readonly TimeSpan DefaultGap = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, DateTimeOffset> nextFree = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>
    /// Takes the channel's next free slot and returns how long to wait for it; or, when that is further away than
    /// the longest wait a call may take, takes nothing and returns null with how long to come back after.
    /// </summary>
    public (TimeSpan? Wait, TimeSpan ComeBackAfter) Reserve(string channel)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var slot = nextFree.TryGetValue(channel, out var free) && free > now ? free : now;
            if (slot - now > longestWait)
            {
                return (null, slot - now);
            }

            nextFree[channel] = slot + gap;
            return (slot - now, TimeSpan.Zero);
        }
    }

    /// <summary>Holds <paramref name="channel"/> back for <paramref name="retryAfter"/> (a <c>429</c>'s ask).</summary>
    public void HoldBack(string channel, TimeSpan retryAfter)
    {
        lock (gate)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (!nextFree.TryGetValue(channel, out var free) || free < until)
            {
                nextFree[channel] = until;
            }
        }
    }
}
