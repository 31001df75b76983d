namespace SlaEscalation.Grains;

/// <summary>
/// How long the event bus's pulling agents hold what passed through them. Orleans' defaults keep every message 30
/// minutes behind the newest one and every stream registered 30 minutes after its last message: at the rate a silo
/// takes new tickets (a transition stream each), that was the silo's largest use of memory after its activations
/// (docs/performance.md, "What the event bus held").
/// </summary>
/// <param name="StreamForgottenAfter">
/// How long a stream stays registered in its pulling agent after its last message (Orleans'
/// <c>StreamInactivityPeriod</c>, default 30 minutes): the registration is its consumer's data, cursor and handshake
/// state, about 650 bytes per ticket, and every read of the agent's queue walks all of them (Orleans checks that none
/// is still registering). A stream is forgotten only once nothing for it waits in the cache; its next message
/// registers it again with a handshake with its consumer. A stream still registered when its messages were purged
/// reads its next message from the oldest one kept (<c>EventBusRetentionTests</c>).
/// </param>
/// <param name="DeliveryRetriedFor">
/// How long the agent retries delivering a message its consumer failed (Orleans' <c>MaxEventDeliveryTime</c>, default
/// a minute); the stream's later messages wait behind it.
/// </param>
/// <param name="MessagesKeptFor">
/// How long a message stays in the agent's cache (<c>DataMinTimeInCache</c> and <c>DataMaxAgeInCache</c>): past it, a
/// cursor still behind the message can no longer read it, and the consumer misses it. A stream's messages wait at most
/// <see cref="DeliveryRetriedFor"/> behind a failing one, plus the retries' own back-off, so it must be at least twice
/// that; any longer only holds memory.
/// </param>
public sealed record EventBusRetention(TimeSpan StreamForgottenAfter, TimeSpan DeliveryRetriedFor, TimeSpan MessagesKeptFor)
{
    /// <summary>
    /// What every silo uses: a stream forgotten after a minute, deliveries retried for a minute, a message kept 2
    /// minutes (twice that). A ticket's transitions come in bursts, and its at-risk and breach are minutes apart: a
    /// registration kept longer than a burst is mostly walked, not used (docs/performance.md, "Thirty minutes"). A
    /// ticket publishes again what its follower has not confirmed 20 seconds after it was published, so a message the
    /// bus drops is sent again within half a minute.
    /// </summary>
    public static EventBusRetention Default { get; } = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));

    /// <summary>Throws when the times cannot work together (see <see cref="MessagesKeptFor"/>).</summary>
    public void Validate()
    {
        if (StreamForgottenAfter <= TimeSpan.Zero || DeliveryRetriedFor <= TimeSpan.Zero || MessagesKeptFor <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The event bus's retention times must be positive: {this}.");
        }

        if (MessagesKeptFor < DeliveryRetriedFor * 2)
        {
            throw new ArgumentException(
                $"The event bus must keep a message ({MessagesKeptFor}) at least twice as long as it retries a delivery ({DeliveryRetriedFor}): the messages waiting behind a failing one would be purged unread.");
        }
    }
}
