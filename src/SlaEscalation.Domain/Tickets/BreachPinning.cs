using NodaTime;

namespace SlaEscalation.Domain.Tickets;

/// <summary>Which emitted breaches an evaluation must keep whatever its clocks now say.</summary>
public static class BreachPinning
{
    /// <summary>
    /// The breaches emitted under a configuration older than <paramref name="configurationVersion"/>, by clock
    /// instance, at the instant emitted; null when there are none. Only those are pinned: a policy edit never
    /// un-happens a breach, while late or out-of-order events re-derive the clocks from what really happened.
    /// </summary>
    /// <param name="emitted">Each emitted transition's key, the instant it marked and the configuration version it was emitted under.</param>
    /// <param name="configurationVersion">The version the clocks are now evaluated under.</param>
    public static Dictionary<string, Instant>? Pinned(
        IEnumerable<(string Key, Instant At, long ConfigurationVersion)> emitted,
        long configurationVersion)
    {
        ArgumentNullException.ThrowIfNull(emitted);
        Dictionary<string, Instant>? pinned = null;
        foreach (var (key, at, version) in emitted)
        {
            if (version < configurationVersion && TransitionKey.BreachedInstance(key) is { } instance)
            {
                (pinned ??= new Dictionary<string, Instant>(StringComparer.Ordinal))[instance] = at;
            }
        }

        return pinned;
    }
}
