using SlaEscalation.Grains.Digests;

namespace SlaEscalation.Grains.Tests.Digests;

public sealed class DigestReloadGateTests
{
    [Fact]
    public Task A_reload_waits_for_the_recording_in_flight_and_the_next_recording_waits_for_the_reload() =>
        // Off the test framework's synchronization context, each continuation runs where its task completes, so the
        // order of the steps is the gate's alone.
        Task.Run(async () =>
        {
            var gate = new DigestReloadGate();
            var steps = new List<string>();
            var stored = new TaskCompletionSource<int>();
            var read = new TaskCompletionSource();

            var first = gate.RecordAsync(async () =>
            {
                steps.Add("first stored");
                var added = await stored.Task;
                steps.Add("first counted");
                return added;
            });
            var reload = gate.ReloadAsync(async () =>
            {
                steps.Add("reload reads");
                await read.Task;
                steps.Add("reload in place");
            });
            var second = gate.RecordAsync(() =>
            {
                steps.Add("second stored");
                return Task.FromResult(1);
            });
            Assert.Equal(["first stored"], steps);

            stored.SetResult(1);
            Assert.Equal(["first stored", "first counted", "reload reads"], steps);

            read.SetResult();
            await Task.WhenAll(first, reload, second);
            Assert.Equal(["first stored", "first counted", "reload reads", "reload in place", "second stored"], steps);
        });

    [Fact]
    public Task Recordings_without_a_reload_run_side_by_side() =>
        Task.Run(async () =>
        {
            var gate = new DigestReloadGate();
            var stored = new TaskCompletionSource<int>();
            var started = 0;

            var recordings = Enumerable.Range(0, 3).Select(_ => gate.RecordAsync(() =>
            {
                started++;
                return stored.Task;
            })).ToArray();
            Assert.Equal(3, started);

            stored.SetResult(2);
            var counted = await Task.WhenAll(recordings);
            Assert.Equal([2, 2, 2], counted);
        });
}
