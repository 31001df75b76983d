using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Tests.Notifications;

/// <summary>What every <see cref="IDeliveryFailureLog"/> does, run against each implementation.</summary>
public abstract class DeliveryFailureLogContractTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    protected abstract Task<IDeliveryFailureLog> CreateAsync();

    [Fact]
    public async Task A_recorded_failure_reads_back_exactly_with_its_time_kept_to_the_microsecond_in_utc()
    {
        var log = await CreateAsync();
        var failure = Failure("k1", "webhook:ops", "support", Day.AddHours(9)) with
        {
            FailedAt = new DateTimeOffset(2026, 11, 27, 10, 30, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567),
            LastError = "network error: ConnectionError (Connection refused) ünïcødé",
        };

        await log.RecordAsync(failure);

        var read = Assert.Single(await log.ListAsync(null, Day, Day.AddDays(1)));
        Assert.Equal(failure with { FailedAt = new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.Zero).AddTicks(1_234_560) }, read);
        Assert.Equal(TimeSpan.Zero, read.FailedAt.Offset);
    }

    [Fact]
    public async Task Recording_the_same_key_and_endpoint_again_keeps_the_first_record()
    {
        var log = await CreateAsync();
        var first = Failure("k1", "webhook:ops", "support", Day.AddHours(9));

        await log.RecordAsync(first);
        await log.RecordAsync(first with { Attempts = 9, LastError = "HTTP 503", FailedAt = Day.AddHours(10) });
        await log.RecordAsync(first with { Endpoint = "bus" });

        Assert.Equal([first with { Endpoint = "bus" }, first], await log.ListAsync("support", Day, Day.AddDays(1)));
    }

    [Fact]
    public async Task Lists_filter_by_team_and_half_open_time_range_oldest_first_then_by_key_and_endpoint()
    {
        var log = await CreateAsync();
        var nine = Day.AddHours(9);
        var a = Failure("b-key", "webhook:ops", "support", nine);
        var b = Failure("a-key", "webhook:ops", "support", nine);
        var c = Failure("a-key", "bus", "support", nine);
        var d = Failure("c-key", "webhook:ops", "billing", nine.AddMinutes(1));
        var e = Failure("d-key", "webhook:ops", null, nine.AddMinutes(2));
        var f = Failure("e-key", "webhook:ops", "support", Day.AddDays(1));
        foreach (var failure in new[] { f, e, d, c, b, a })
        {
            await log.RecordAsync(failure);
        }

        Assert.Equal([c, b, a, d, e], await log.ListAsync(null, Day, Day.AddDays(1)));
        Assert.Equal([c, b, a], await log.ListAsync("support", Day, Day.AddDays(1)));
        Assert.Equal([c, b, a, f], await log.ListAsync("support", Day, Day.AddDays(1).AddTicks(10)));
        Assert.Equal([d], await log.ListAsync("billing", nine.AddMinutes(1), nine.AddMinutes(2)));
        Assert.Empty(await log.ListAsync("support", nine.AddTicks(10), Day.AddDays(1)));
        Assert.Empty(await log.ListAsync("nobody", Day, Day.AddDays(2)));
    }

    private static DeliveryFailure Failure(string key, string endpoint, string? team, DateTimeOffset at) =>
        new(key, "sla.breached", team, "zendesk:1", endpoint, 3, "HTTP 500", at);
}
