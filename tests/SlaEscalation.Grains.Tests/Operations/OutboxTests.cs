using SlaEscalation.Grains.Operations;

namespace SlaEscalation.Grains.Tests.Operations;

public sealed class OutboxTests
{
    [Fact]
    public async Task Delivers_in_order_and_keeps_the_failed_message_and_those_after_it()
    {
        var outbox = new Outbox<string>();
        outbox.AddRange(["a", "b", "c", "d"]);
        var delivered = new List<string>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => outbox.DeliverAsync(m =>
            m == "c" ? throw new InvalidOperationException("refused") : Record(delivered, m)));

        Assert.Equal(["a", "b"], delivered);
        Assert.Equal(["c", "d"], outbox.Pending);
    }

    [Fact]
    public async Task The_next_attempt_starts_with_the_message_that_failed()
    {
        var outbox = new Outbox<string>();
        outbox.AddRange(["a", "b"]);
        var delivered = new List<string>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => outbox.DeliverAsync(m =>
            m == "a" ? throw new InvalidOperationException("refused") : Record(delivered, m)));

        outbox.Add("c");
        await outbox.DeliverAsync(m => Record(delivered, m));

        Assert.Equal(["a", "b", "c"], delivered);
        Assert.True(outbox.IsEmpty);
    }

    [Fact]
    public async Task Delivers_in_runs_of_at_most_the_given_size_and_keeps_the_failed_run_and_those_after_it()
    {
        var outbox = new Outbox<string>();
        outbox.AddRange(["a", "b", "c", "d", "e"]);
        var runs = new List<string>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => outbox.DeliverInRunsAsync(2, run =>
            run.Contains("c") ? throw new InvalidOperationException("refused") : Record(runs, string.Concat(run))));

        Assert.Equal(["ab"], runs);
        Assert.Equal(["c", "d", "e"], outbox.Pending);

        await outbox.DeliverInRunsAsync(2, run => Record(runs, string.Concat(run)));
        Assert.Equal(["ab", "cd", "e"], runs);
        Assert.True(outbox.IsEmpty);
    }

    [Fact]
    public void Prepended_messages_go_ahead_of_those_pending()
    {
        var outbox = new Outbox<string>();
        outbox.Add("new");
        outbox.Prepend(["old1", "old2"]);

        Assert.Equal(["old1", "old2", "new"], outbox.Pending);
    }

    private static Task Record(List<string> delivered, string message)
    {
        delivered.Add(message);
        return Task.CompletedTask;
    }
}
