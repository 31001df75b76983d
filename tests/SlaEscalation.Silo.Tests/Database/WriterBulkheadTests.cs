using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Silo.Database;
using SlaEscalation.Silo.Notifications;

namespace SlaEscalation.Silo.Tests.Database;

/// <summary>
/// The escalation index and the digest fact writer, like the ticket index: a row a table refuses for its data fails
/// none of the writes made with it, is not retried, and is recorded once where the team's digest lists failures
/// (PostgreSQL, with the real column limits).
/// </summary>
public sealed class WriterBulkheadTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

    private readonly ThrowawayDatabase database = new();

    [Fact]
    public async Task An_escalation_owner_too_long_for_its_column_fails_no_other_escalation_and_is_recorded_once()
    {
        var source = await database.CreateAsync("escalation_bulkhead");
        var failures = new PostgresDeliveryFailureLog(source);
        var index = new PostgresEscalationIndex(source, failures, time: new FakeTimeProvider(Start));
        static bool Bad(int i) => i % 7 == 3;
        EscalationView View(int i) => new(
            $"esc_{i:D20}", $"zendesk:{i}", "first_reply", "first_reply", "standard", "support", "open", 1,
            Bad(i) ? "user:" + new string('o', 206) : "team:support", false, null, Start, Start, null, null, [], []);

        // Written together, then each bad one again: the second write completes and records nothing new.
        await Task.WhenAll(Enumerable.Range(0, 70).Select(i => Task.Run(() => index.UpsertAsync(View(i)))));
        await Task.WhenAll(Enumerable.Range(0, 70).Where(Bad).Select(i => index.UpsertAsync(View(i) with { UpdatedAt = Start.AddMinutes(1) })));

        var listed = await index.ListAsync(new EscalationQuery(null, null, null, null, 100));
        Assert.Equal(Enumerable.Range(0, 70).Where(i => !Bad(i)).Select(i => $"esc_{i:D20}"), listed.Select(e => e.Id));
        var recorded = await failures.ListAsync(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(Enumerable.Range(0, 70).Where(Bad).Select(i => $"zendesk:{i}").Order(StringComparer.Ordinal), recorded.Select(f => f.Subject).Order(StringComparer.Ordinal));
        Assert.All(recorded, f => Assert.Equal(
            (PostgresEscalationIndex.RefusedEscalationType, "store:sla_escalations", "support", "22001", Start),
            (f.Type, f.Endpoint, f.Team, f.LastError[..5], f.FailedAt)));
    }

    [Fact]
    public async Task A_digest_fact_too_long_for_its_column_fails_no_other_fact_and_is_recorded_once()
    {
        var source = await database.CreateAsync("fact_bulkhead");
        var failures = new PostgresDeliveryFailureLog(source);
        var ledger = new PostgresDigestLedger(source, failures, time: new FakeTimeProvider(Start));
        static bool Bad(int i) => i % 7 == 3;
        DigestFact Fact(string id, string team, int i) => new(id, DigestFactKinds.New, team, "2026-11-27", $"zendesk:{i}", Start);

        // 200 callers at once, each with two facts; every seventh caller's second fact names a team too long.
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => ledger.AddFactsAsync(
            [Fact($"good-{i:D3}", "support", i), Fact($"second-{i:D3}", Bad(i) ? new string('t', 151) : "support", i)]))));
        var again = await ledger.AddFactsAsync([Fact("second-003", new string('t', 151), 3)]);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => Bad(i) ? 1 : 2), answers.Select(a => a.Count));
        Assert.Empty(again);
        var stored = await ledger.ReadFactsAsync("support", "2026-11-27");
        Assert.Equal(400 - Enumerable.Range(0, 200).Count(Bad), stored.Count);
        var recorded = await failures.ListAsync(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(Enumerable.Range(0, 200).Where(Bad).Select(i => $"zendesk:{i}").Order(StringComparer.Ordinal), recorded.Select(f => f.Subject).Order(StringComparer.Ordinal));
        Assert.All(recorded, f => Assert.Equal(
            (PostgresDigestLedger.RefusedFactType, "store:sla_digest_fact", new string('t', 150), "22001", Start),
            (f.Type, f.Endpoint, f.Team, f.LastError[..5], f.FailedAt)));
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
