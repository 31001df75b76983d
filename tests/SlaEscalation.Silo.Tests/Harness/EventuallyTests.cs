namespace SlaEscalation.Silo.Tests.Harness;

/// <summary>The one wait the tests share: it returns what satisfied it, retries only what means "not yet", and fails naming both.</summary>
public sealed class EventuallyTests
{
    [Fact]
    public async Task A_value_that_comes_is_returned_at_the_read_that_brought_it()
    {
        var reads = 0;

        var value = await Eventually.ValueAsync(() => Task.FromResult(++reads), n => n == 3, TimeSpan.FromSeconds(10), "the third read", pace: TimeSpan.Zero);

        Assert.Equal((3, 3), (value, reads));
    }

    [Fact]
    public async Task A_value_that_never_comes_fails_naming_what_was_awaited_and_the_last_value_read()
    {
        var reads = 0;

        var failure = await Assert.ThrowsAsync<TimeoutException>(() =>
            Eventually.ValueAsync(() => Task.FromResult(++reads), n => n < 0, TimeSpan.FromMilliseconds(100), "a negative count", n => $"count {n}"));

        Assert.Equal($"waited 0.1 s for a negative count; last seen: count {reads}", failure.Message);
    }

    [Fact]
    public async Task A_read_failing_as_not_yet_is_asked_again_and_any_other_failure_ends_the_wait_at_once()
    {
        var reads = 0;
        Task<bool> ReadAsync() => ++reads < 3 ? throw new HttpRequestException("refused") : Task.FromResult(true);

        await Eventually.TrueAsync(ReadAsync, TimeSpan.FromSeconds(10), "a third read", retryOn: ex => ex is HttpRequestException);
        Assert.Equal(3, reads);

        reads = 0;
        await Assert.ThrowsAsync<HttpRequestException>(() => Eventually.TrueAsync(ReadAsync, TimeSpan.FromSeconds(10), "a third read"));
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task A_wait_that_ends_on_a_not_yet_failure_names_it_and_the_state_seen()
    {
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.TrueAsync(
            () => throw new HttpRequestException("refused"), TimeSpan.FromMilliseconds(50), "the silo to answer", () => "no silo",
            retryOn: ex => ex is HttpRequestException));

        Assert.Equal("waited 0.05 s for the silo to answer; last seen: HttpRequestException: refused; no silo", failure.Message);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }
}
