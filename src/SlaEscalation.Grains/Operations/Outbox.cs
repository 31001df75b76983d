namespace SlaEscalation.Grains.Operations;

/// <summary>
/// Messages a grain owes others, kept in its durable state until delivered. A grain adds messages, writes its state,
/// then delivers: in order, each removed once delivered, stopping at the first failure and keeping the rest for the
/// next attempt. Receivers drop repeats (by message id or key), so a crash between delivering a message and writing
/// its removal repeats it, never loses it.
/// </summary>
/// <typeparam name="TMessage">What is delivered.</typeparam>
[GenerateSerializer, Alias("SlaEscalation.Grains.Operations.Outbox`1")]
public sealed class Outbox<TMessage>
{
    /// <summary>The messages not yet delivered, oldest first.</summary>
    [Id(0)] public List<TMessage> Pending { get; set; } = [];

    public int Count => Pending.Count;

    public bool IsEmpty => Pending.Count == 0;

    /// <summary>Queues <paramref name="message"/> after those already pending.</summary>
    public void Add(TMessage message) => Pending.Add(message);

    /// <summary>Queues <paramref name="messages"/>, in their order, after those already pending.</summary>
    public void AddRange(IEnumerable<TMessage> messages) => Pending.AddRange(messages);

    /// <summary>Puts <paramref name="messages"/>, in their order, ahead of those already pending.</summary>
    public void Prepend(IEnumerable<TMessage> messages) => Pending.InsertRange(0, messages);

    /// <summary>
    /// Hands each pending message to <paramref name="deliver"/>, oldest first, removing it once delivered. A failure
    /// propagates with the failed message and those after it still pending.
    /// </summary>
    public async Task DeliverAsync(Func<TMessage, Task> deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        while (Pending.Count > 0)
        {
            await deliver(Pending[0]);
            Pending.RemoveAt(0);
        }
    }

    /// <summary>
    /// Hands the pending messages to <paramref name="deliver"/> in runs of at most <paramref name="most"/>, oldest
    /// first, removing each run once delivered. A failure propagates with the failed run and those after it still
    /// pending.
    /// </summary>
    public async Task DeliverInRunsAsync(int most, Func<IReadOnlyList<TMessage>, Task> deliver)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(most);
        ArgumentNullException.ThrowIfNull(deliver);
        while (Pending.Count > 0)
        {
            var run = Pending.GetRange(0, Math.Min(most, Pending.Count));
            await deliver(run);
            Pending.RemoveRange(0, run.Count);
        }
    }
}
