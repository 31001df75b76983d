using System.Collections.Concurrent;
using Orleans.Storage;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>
/// The ticket cluster's grain storage: memory storage whose writes fail, on demand, for chosen grains, as a write
/// would while PostgreSQL goes away. Nothing fails unless a test asks.
/// </summary>
public sealed class FailableGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public const string InnerName = "DefaultInner";

    private static readonly HashSet<GrainId> Failing = [];

    private static readonly ConcurrentDictionary<GrainId, int> Writes = new();

    /// <summary>How many writes of <paramref name="grain"/> were stored.</summary>
    public static int WritesOf(GrainId grain) => Writes.GetValueOrDefault(grain);

    /// <summary>Makes every write of <paramref name="grain"/> fail until <see cref="Recover"/>.</summary>
    public static void FailWrites(GrainId grain)
    {
        lock (Failing)
        {
            Failing.Add(grain);
        }
    }

    public static void Recover(GrainId grain)
    {
        lock (Failing)
        {
            Failing.Remove(grain);
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (Failing)
        {
            if (Failing.Contains(grainId))
            {
                throw new TimeoutException($"test: writes of {grainId} fail");
            }
        }

        Writes.AddOrUpdate(grainId, 1, (_, n) => n + 1);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
