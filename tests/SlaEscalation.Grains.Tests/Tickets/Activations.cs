using Microsoft.Extensions.Time.Testing;
using SlaEscalation.Testing;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>
/// Waits on whether a grain has an activation, moving a fake clock a little at a time meanwhile: the clusters' event
/// bus polls on that clock, so a transition reaches its follower, and a confirmation its ticket, only as it moves.
/// </summary>
public sealed class Activations(IManagementGrain management, FakeTimeProvider time)
{
    public Task UntilActiveAsync(GrainId id, string what) => UntilAsync(id, active: true, what);

    public Task GoneAsync(GrainId id, string what) => UntilAsync(id, active: false, what);

    public async Task<bool> ActiveAsync(GrainId id) => (await management.GetActiveGrains(id.Type)).Contains(id);

    private Task UntilAsync(GrainId id, bool active, string what) =>
        Eventually.ValueAsync(
            () => ActiveAsync(id),
            now =>
            {
                time.Advance(TimeSpan.FromMilliseconds(200));
                return now == active;
            },
            TimeSpan.FromSeconds(10),
            what,
            pace: TimeSpan.FromMilliseconds(50));
}
