using System.Diagnostics;

namespace SlaEscalation.Testing;

/// <summary>
/// Waits, in real time and up to a deadline, for what the system does in the background: a delivery, a recount, a
/// reminder's tick, a silo joining. It asks again every few milliseconds and returns as soon as the answer is the
/// awaited one, so a test waits only as long as the system takes; a timeout names what was awaited and the last
/// answer seen.
/// </summary>
public static class Eventually
{
    /// <summary>The pause between two asks when the caller names none.</summary>
    public static readonly TimeSpan DefaultPace = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with a <see cref="TimeoutException"/> after <paramref name="within"/>.</summary>
    /// <param name="condition">Asked at once, then every <paramref name="pace"/>.</param>
    /// <param name="within">How long the condition may take, in real time.</param>
    /// <param name="because">What is awaited, as the failure names it ("the recount of desk-ny 2026-05-05").</param>
    /// <param name="lastSeen">Describes, when the wait fails, the state the condition was asked of.</param>
    /// <param name="pace">The pause between two asks.</param>
    /// <param name="retryOn">Exceptions of an ask that mean "not yet" (a silo still starting or being declared dead).</param>
    public static Task TrueAsync(
        Func<Task<bool>> condition, TimeSpan within, string because,
        Func<string>? lastSeen = null, TimeSpan? pace = null, Func<Exception, bool>? retryOn = null) =>
        WaitAsync(condition, holds => holds, within, because, lastSeen is null ? null : _ => lastSeen(), lastSeen, pace, retryOn);

    /// <summary>Waits until <paramref name="condition"/>, asked of the test's own records, holds.</summary>
    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, TimeSpan, string, Func{string}?, TimeSpan?, Func{Exception, bool}?)"/>
    public static Task TrueAsync(
        Func<bool> condition, TimeSpan within, string because, Func<string>? lastSeen = null, TimeSpan? pace = null) =>
        TrueAsync(() => Task.FromResult(condition()), within, because, lastSeen, pace);

    /// <summary>
    /// Reads until the value <paramref name="satisfies"/> the awaited state, and returns that value; fails with a
    /// <see cref="TimeoutException"/> after <paramref name="within"/>, naming the last value read.
    /// </summary>
    /// <param name="read">Asked at once, then every <paramref name="pace"/>.</param>
    /// <param name="satisfies">Whether a value is the awaited one.</param>
    /// <param name="within">How long the value may take, in real time.</param>
    /// <param name="because">What is awaited, as the failure names it.</param>
    /// <param name="describe">Renders the last value for the failure (its <see cref="object.ToString"/> otherwise).</param>
    /// <param name="pace">The pause between two reads.</param>
    /// <param name="retryOn">Exceptions of a read that mean "not yet" (a silo still starting or being declared dead).</param>
    public static Task<T> ValueAsync<T>(
        Func<Task<T>> read, Func<T, bool> satisfies, TimeSpan within, string because,
        Func<T, string>? describe = null, TimeSpan? pace = null, Func<Exception, bool>? retryOn = null) =>
        WaitAsync(read, satisfies, within, because, describe, null, pace, retryOn);

    /// <param name="describe">Renders the last value read for the failure.</param>
    /// <param name="state">Renders, when the last read failed, what the failure reports besides the exception.</param>
    private static async Task<T> WaitAsync<T>(
        Func<Task<T>> read, Func<T, bool> satisfies, TimeSpan within, string because,
        Func<T, string>? describe, Func<string>? state, TimeSpan? pace, Func<Exception, bool>? retryOn)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(satisfies);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            T last = default!;
            Exception? failure = null;
            try
            {
                var value = await read();
                if (satisfies(value))
                {
                    return value;
                }

                last = value;
            }
            catch (Exception ex) when (retryOn?.Invoke(ex) == true)
            {
                failure = ex;
            }

            if (clock.Elapsed >= within)
            {
                // Described only now: some descriptions read a silo's whole output.
                var seen = failure is not null ? $"{failure.GetType().Name}: {failure.Message}" + (state is null ? "" : "; " + state())
                    : describe is null ? $"{last}" : describe(last);
                throw new TimeoutException($"waited {within.TotalSeconds:0.###} s for {because}; last seen: {seen}", failure);
            }

            await Task.Delay(pace ?? DefaultPace);
        }
    }
}
