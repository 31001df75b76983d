namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// When a delivery is tried again, and when it is given up: exponential backoff with jitter, honouring what a
/// receiver asks for with <c>Retry-After</c>.
/// </summary>
/// <param name="MaxAttempts">Attempts in all, the first included; the delivery fails finally after the last.</param>
/// <param name="InitialDelay">The wait after the first failed attempt; each further failure doubles it.</param>
/// <param name="MaxDelay">The longest wait the doubling reaches.</param>
/// <param name="JitterFraction">Each wait is spread at random over ± this fraction, so receivers that failed together are not retried together.</param>
/// <param name="MaxRetryAfter">The longest <c>Retry-After</c> honoured; a longer one waits this long.</param>
/// <param name="SafetyNetPeriod">
/// The period of the durable reminder each pending delivery keeps. Timers run the retries; the reminder only brings
/// a delivery back after its silo stopped or died, so this bounds how late a retry resumes after a restart.
/// </param>
public sealed record DeliveryRetryPolicy(
    int MaxAttempts,
    TimeSpan InitialDelay,
    TimeSpan MaxDelay,
    double JitterFraction,
    TimeSpan MaxRetryAfter,
    TimeSpan SafetyNetPeriod)
{
    /// <summary>10 attempts over about 14 minutes: waits of 2 s, 4 s, 8 s, ... up to 5 min, ± 20 %; a reminder every minute.</summary>
    public static readonly DeliveryRetryPolicy Default = new(
        MaxAttempts: 10,
        InitialDelay: TimeSpan.FromSeconds(2),
        MaxDelay: TimeSpan.FromMinutes(5),
        JitterFraction: 0.2,
        MaxRetryAfter: TimeSpan.FromHours(1),
        SafetyNetPeriod: TimeSpan.FromMinutes(1));

    /// <summary>
    /// The wait before the next attempt after <paramref name="failedAttempts"/> failed ones (from 1):
    /// <c>min(MaxDelay, InitialDelay × 2^(failedAttempts-1))</c> spread by the jitter (<paramref name="random"/> in
    /// [0, 1) picks where: 0 is the shortest, 0.5 the middle), never above <see cref="MaxDelay"/>, and never shorter than
    /// the receiver's <paramref name="retryAfter"/> (itself capped at <see cref="MaxRetryAfter"/>).
    /// </summary>
    public TimeSpan DelayAfter(int failedAttempts, TimeSpan? retryAfter, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(random, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(random, 1.0);

        // Doubling stops once it passes the cap, so a long run of failures cannot overflow.
        var exponential = InitialDelay;
        for (var n = 1; n < failedAttempts && exponential < MaxDelay; n++)
        {
            exponential *= 2;
        }

        if (exponential > MaxDelay)
        {
            exponential = MaxDelay;
        }

        var spread = exponential * (1 - JitterFraction + (2 * JitterFraction * random));
        var delay = spread < MaxDelay ? spread : MaxDelay;
        if (retryAfter is { } asked)
        {
            var honoured = asked < MaxRetryAfter ? asked : MaxRetryAfter;
            delay = honoured > delay ? honoured : delay;
        }

        return delay;
    }
}
