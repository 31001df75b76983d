using System.Net;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Chaos;

/// <summary>
/// The events of the run, posted through the gateways of the ready silos in turn: every ticket's
/// <c>ticket.created</c> before the chaos, then a stream of requester comments (which stop no first-reply clock)
/// all through it. A batch not answered 202 is resent with the same event ids (safe: a repeat is a duplicate) until
/// it is, or until the run ends; what was never acknowledged is counted as such.
/// </summary>
public sealed class EventTraffic(ChaosCluster cluster, TicketLedger ledger, Random random)
{
    private const int CreateBatch = 100;
    private const int CommentBatch = 10;
    private static readonly TimeSpan CommentEvery = TimeSpan.FromMilliseconds(500);
    private readonly Dictionary<string, int> answers = [];
    private int sent;

    /// <summary>How often each answer came: a status code, or the kind of failure when there was none.</summary>
    public IReadOnlyDictionary<string, int> Answers
    {
        get
        {
            lock (answers)
            {
                return new Dictionary<string, int>(answers);
            }
        }
    }

    /// <summary>Posts every ticket's creation, created <paramref name="target"/> before its deadline.</summary>
    public async Task PostCreatedAsync(TimeSpan target)
    {
        var pending = new Queue<Batch>(Enumerable.Range(0, ledger.Count).Chunk(CreateBatch).Select(tickets => new Batch(
            tickets,
            new JsonArray(tickets.Select(i => (JsonNode)GatewayRequests.Created(
                TicketLedger.Key(i), $"chaos:{i}-created", ledger.Deadlines[i] - target, source: "chaos")).ToArray()))));
        var giveUp = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        while (pending.Count > 0)
        {
            var batch = pending.Dequeue();
            if (!await TryPostAsync(batch))
            {
                if (DateTimeOffset.UtcNow > giveUp)
                {
                    throw new InvalidOperationException("the tickets could not be created within 2 minutes, before any chaos");
                }

                pending.Enqueue(batch);
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Posts comments on random tickets until <paramref name="until"/>, then resends what is unacknowledged for a while.</summary>
    public async Task PostCommentsAsync(DateTimeOffset until, TimeSpan resendFor)
    {
        var unacknowledged = new List<Batch>();
        while (DateTimeOffset.UtcNow < until)
        {
            var tickets = Enumerable.Range(0, CommentBatch).Select(_ => random.Next(ledger.Count)).ToArray();
            var now = DateTimeOffset.UtcNow;
            var batch = new Batch(tickets, new JsonArray(tickets.Select(i => (JsonNode)GatewayRequests.Comment(
                TicketLedger.Key(i), $"chaos:{i}-comment-{Interlocked.Increment(ref sent)}", now, "requester", source: "chaos")).ToArray()));
            unacknowledged.Add(batch);
            unacknowledged = await ResendAsync(unacknowledged);
            await Task.Delay(CommentEvery);
        }

        var giveUp = DateTimeOffset.UtcNow + resendFor;
        while (unacknowledged.Count > 0 && DateTimeOffset.UtcNow < giveUp)
        {
            unacknowledged = await ResendAsync(unacknowledged);
            await Task.Delay(CommentEvery);
        }

        ledger.NeverAcknowledged(unacknowledged.SelectMany(b => b.Tickets));
    }

    private async Task<List<Batch>> ResendAsync(List<Batch> batches)
    {
        var left = new List<Batch>();
        foreach (var batch in batches)
        {
            if (!await TryPostAsync(batch))
            {
                left.Add(batch);
            }
        }

        return left;
    }

    private async Task<bool> TryPostAsync(Batch batch)
    {
        var silos = cluster.Ready;
        if (silos.Count == 0)
        {
            Count("no silo ready");
            return false;
        }

        var silo = silos[random.Next(silos.Count)];
        try
        {
            var (status, _) = await silo.Http.PostEventsAsync(batch.Events);
            Count(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (status == HttpStatusCode.Accepted)
            {
                ledger.Acknowledged(batch.Tickets);
                return true;
            }
        }
        catch (HttpRequestException)
        {
            Count("connection failed");
        }
        catch (TaskCanceledException)
        {
            Count("timed out");
        }

        return false;
    }

    private void Count(string answer)
    {
        lock (answers)
        {
            answers[answer] = answers.GetValueOrDefault(answer) + 1;
        }
    }

    private sealed record Batch(int[] Tickets, JsonArray Events);
}
