using System.Diagnostics;

namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>Waits (in real time, bounded) for work the silo does asynchronously after a call or a clock move.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException($"waited 15 s for {what}; last seen: {value}");
            }

            await Task.Delay(20);
        }
    }
}
