using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>
/// A digest takes many recordings at once (every ticket of the team's day reports to it), and a recount reloads its
/// counts from the ledger meanwhile: each fact is counted once all the same.
/// </summary>
public sealed class DigestConcurrencyTests(RecoveryCluster cluster) : IClassFixture<RecoveryCluster>
{
    private const string Team = "ops-busy";
    private const string Day = "2026-05-05";

    [Fact]
    public async Task Facts_recorded_at_once_while_a_recount_reloads_the_counts_are_each_counted_once()
    {
        await cluster.ConfigureAsync(ConfigurationPartKind.Team, Team, """{"zone": "UTC", "digestHour": 8}""");
        var digest = cluster.Client.GetGrain<IDigestAggregatorGrain>(DigestKey.Of(Team, Day));
        Assert.Equal(0, (await digest.GetAsync()).NewTickets);
        var run = Guid.NewGuid().ToString("N")[..6];
        var facts = Enumerable.Range(0, 40)
            .Select(i => new DigestFact($"busy{run}:{i}/created#0", DigestFactKinds.New, Team, Day, $"busy{run}:{i}", cluster.Start.AddMinutes(i)))
            .ToArray();

        // Every fact is stored and its answer held, all at once (and each twice); then a recount starts.
        var release = new TaskCompletionSource();
        cluster.Ledger.HoldAnswers = release.Task;
        var recordings = facts.Concat(facts).Select(f => digest.RecordAsync([f])).ToArray();
        await UntilStoredAsync(facts.Length);
        var recount = digest.StartReconcileAsync();
        // The recount gets a moment to start while the answers are held: the overlap is what the test is about, and
        // nothing outside the grain shows how far the recount got.
        await Task.Delay(200);
        cluster.Ledger.HoldAnswers = null;
        release.SetResult();

        var counted = await Task.WhenAll(recordings);
        var started = (await recount)!;
        Assert.Equal(facts.Length, counted.Sum());
        var report = await UntilRecountedAsync(digest, started.StartedAt);
        Assert.Equal(facts.Length, report.NewTickets);
    }

    private Task UntilStoredAsync(int count) =>
        Eventually.ValueAsync(
            () => cluster.Ledger.ReadFactsAsync(Team, Day),
            facts => facts.Count >= count,
            TimeSpan.FromSeconds(30),
            "every recording at the ledger at once (not one after another)",
            facts => $"{facts.Count} facts stored");

    private static Task<DigestReport> UntilRecountedAsync(IDigestAggregatorGrain digest, DateTimeOffset startedAt) =>
        Eventually.ValueAsync(
            digest.GetAsync,
            report => report.Reconcile is { FinishedAt: not null } status && status.StartedAt == startedAt,
            TimeSpan.FromSeconds(30),
            "the recount to finish",
            pace: TimeSpan.FromMilliseconds(50));
}
