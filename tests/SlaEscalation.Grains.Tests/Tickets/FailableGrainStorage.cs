using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>
/// The ticket cluster's grain storage: memory storage whose writes fail, on demand, for chosen grains, as a write
/// would while PostgreSQL goes away, or take time on a fake clock, as a write to a busy PostgreSQL does. Nothing fails
/// or waits unless a test asks.
/// </summary>
public sealed class FailableGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public const string InnerName = "DefaultInner";

    private static readonly HashSet<GrainId> Failing = [];

    private static readonly ConcurrentDictionary<GrainId, int> Writes = new();

    private static readonly ConcurrentDictionary<GrainId, int> FailedWrites = new();

    private static readonly ConcurrentDictionary<GrainId, (FakeTimeProvider Clock, TimeSpan By)> Slow = new();

    /// <summary>How many writes of <paramref name="grain"/> were stored.</summary>
    public static int WritesOf(GrainId grain) => Writes.GetValueOrDefault(grain);

    /// <summary>How many writes of <paramref name="grain"/> were made to fail.</summary>
    public static int FailedWritesOf(GrainId grain) => FailedWrites.GetValueOrDefault(grain);

    /// <summary>Makes every write of <paramref name="grain"/> fail until <see cref="Recover"/>.</summary>
    public static void FailWrites(GrainId grain)
    {
        lock (Failing)
        {
            Failing.Add(grain);
        }
    }

    /// <summary>Makes every write of <paramref name="grain"/> from now on move <paramref name="clock"/> on by <paramref name="by"/>.</summary>
    public static void SlowWrites(GrainId grain, FakeTimeProvider clock, TimeSpan by) => Slow[grain] = (clock, by);

    public static void Recover(GrainId grain)
    {
        lock (Failing)
        {
            Failing.Remove(grain);
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (Failing)
        {
            if (Failing.Contains(grainId))
            {
                FailedWrites.AddOrUpdate(grainId, 1, (_, n) => n + 1);
                throw new TimeoutException($"test: writes of {grainId} fail");
            }
        }

        if (Slow.TryGetValue(grainId, out var slow))
        {
            // Off the grain's thread: moving a fake clock runs the callbacks of the timers it passes.
            await Task.Run(() => slow.Clock.Advance(slow.By));
        }

        Writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
