using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tickets;
using SlaEscalation.Silo.Database;
using SlaEscalation.Silo.Notifications;

namespace SlaEscalation.Silo.Tests.Database;

/// <summary>
/// A row the ticket index refuses for its data fails no other ticket's write in the same group commit, is not
/// retried, and is recorded where the team's digest lists failures (PostgreSQL, with the real column limits).
/// </summary>
public sealed class TicketIndexBulkheadTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

    private readonly ThrowawayDatabase database = new();

    [Fact]
    public async Task A_row_too_long_for_its_column_fails_none_of_its_neighbours_and_is_recorded_once()
    {
        var source = await DataSourceAsync();
        var failures = new PostgresDeliveryFailureLog(source);
        var index = new PostgresTicketIndex(source, failures, time: new FakeTimeProvider(Start));
        TicketIndexEntry Entry(int i, string team) => new($"zendesk:{i:D3}", team, null, "open", "active", null, Start);
        var tooLong = new string('t', 151);

        // Posted together, so that they share statements: 300 good rows and every seventh row bad.
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() => index.UpsertAsync(Entry(i, i % 7 == 3 ? tooLong : "support")))));

        var listed = await index.ListAsync("active", null, null, 1_000);
        var bad = Enumerable.Range(0, 300).Where(i => i % 7 == 3).Select(i => $"zendesk:{i:D3}").ToArray();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"zendesk:{i:D3}").Except(bad), listed.Select(e => e.Key));
        var recorded = await failures.ListAsync(null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(bad, recorded.Select(f => f.Subject).Order(StringComparer.Ordinal));
        Assert.All(recorded, f => Assert.Equal(
            (PostgresTicketIndex.RefusedRowType, PostgresTicketIndex.RefusedRowEndpoint, new string('t', 150), "22001", Start),
            (f.Type, f.Endpoint, f.Team, f.LastError[..5], f.FailedAt)));
    }

    [Fact]
    public async Task A_refused_row_written_again_completes_and_keeps_its_first_record()
    {
        var source = await DataSourceAsync();
        var failures = new PostgresDeliveryFailureLog(source);
        var clock = new FakeTimeProvider(Start);
        var index = new PostgresTicketIndex(source, failures, time: clock);
        var entry = new TicketIndexEntry("zendesk:1", "support", new string('a', 151), "open", "active", null, Start);

        await index.UpsertAsync(entry);
        clock.Advance(TimeSpan.FromMinutes(1));
        await index.UpsertAsync(entry with { UpdatedAt = Start.AddMinutes(1) });

        Assert.Empty(await index.ListAsync("active", null, null, 10));
        var recorded = Assert.Single(await failures.ListAsync("support", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal(("zendesk:1", Start), (recorded.Subject, recorded.FailedAt));
    }

    [Theory]
    [InlineData("22001", true)]
    [InlineData("22021", true)]
    [InlineData("23505", true)]
    [InlineData("40P01", false)]
    [InlineData("57P01", false)]
    [InlineData("08006", false)]
    public void Only_sqlstate_classes_22_and_23_are_the_data_s_fault(string sqlState, bool dataError) =>
        Assert.Equal(dataError, PostgresErrors.IsDataError(new PostgresException("refused", "ERROR", "ERROR", sqlState)));

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private Task<NpgsqlDataSource> DataSourceAsync() => database.CreateAsync("bulkhead");
}
