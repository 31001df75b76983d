using System.Diagnostics;

namespace SlaEscalation.Silo.Tests.Notifications;

/// <summary>Waits (in real time, bounded) for what the silo does in the background: deliveries, retries, records.</summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > (within ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"waited {clock.Elapsed.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(20);
        }
    }
}
