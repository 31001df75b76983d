namespace SlaEscalation.Grains.Digests;

/// <summary>
/// How many requested recounts a silo runs at once. A recount reads every ticket touched since its day began, so
/// without a bound a caller could start one per team and day and keep the silo's database reads busy with them.
/// </summary>
public sealed class RecountSlots(int limit)
{
    /// <summary>The default bound.</summary>
    public const int DefaultLimit = 4;

    private int taken;

    /// <summary>The bound.</summary>
    public int Limit { get; } = limit > 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), limit, "at least one recount must be allowed");

    /// <summary>Takes a slot; false when all are taken.</summary>
    public bool TryTake()
    {
        while (true)
        {
            var now = Volatile.Read(ref taken);
            if (now >= Limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref taken, now + 1, now) == now)
            {
                return true;
            }
        }
    }

    /// <summary>Gives a slot back.</summary>
    public void Release() => Interlocked.Decrement(ref taken);
}
