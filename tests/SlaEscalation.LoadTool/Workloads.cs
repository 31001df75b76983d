namespace SlaEscalation.LoadTool;

/// <summary>How workloads are cut into batch bodies.</summary>
public static class Workloads
{
    /// <summary>
    /// <paramref name="events"/> events over tickets of <paramref name="perTicket"/> events each, in rounds: every
    /// ticket's first event, then every ticket's second, and so on, so that a batch carries one event for each of
    /// <paramref name="batch"/> different tickets and every event costs its ticket a write of its own.
    /// </summary>
    public static IEnumerable<LoadEvent> Rounds(string prefix, int events, int perTicket, DateTimeOffset start)
    {
        var tickets = (events + perTicket - 1) / perTicket;
        var produced = 0;
        for (var step = 0; step < perTicket; step++)
        {
            for (var ticket = 0; ticket < tickets && produced < events; ticket++, produced++)
            {
                yield return new LoadEvent($"load:{prefix}-{ticket}", step, start.AddMinutes(step));
            }
        }
    }

    /// <summary>The events cut into bodies of at most <paramref name="batch"/> events, written as they are needed.</summary>
    public static IEnumerable<byte[]> Bodies(IEnumerable<LoadEvent> events, int batch) =>
        events.Chunk(batch).Select(CloudEventWriter.Batch);
}
