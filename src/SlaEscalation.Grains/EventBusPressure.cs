namespace SlaEscalation.Grains;

/// <summary>
/// Whether this silo's tickets found the event bus full a moment ago. The bus's queues hold a bounded number of
/// items; when ingest outruns the bus's consumers, every ticket still stores its events and keeps what it could not
/// publish in its outbox, retrying on its reminder. Left alone, those retries and the new tickets behind them keep the
/// queues full; so while the bus is refusing, the gateway refuses new events too (<c>503</c> with
/// <c>Retry-After</c>, nothing applied) and the consumers catch up.
/// </summary>
public sealed class EventBusPressure(TimeProvider time)
{
    /// <summary>How long one refusal holds new events back.</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(5);

    private long refusedUntilTicks;

    /// <summary>Notes that the bus refused an item just now.</summary>
    public void Refused() => Interlocked.Exchange(ref refusedUntilTicks, (time.GetUtcNow() + Hold).UtcTicks);

    /// <summary>How long new events should wait, or null when the bus has not refused anything lately.</summary>
    public TimeSpan? RetryAfter
    {
        get
        {
            var left = Interlocked.Read(ref refusedUntilTicks) - time.GetUtcNow().UtcTicks;
            return left > 0 ? TimeSpan.FromTicks(left) : null;
        }
    }
}
