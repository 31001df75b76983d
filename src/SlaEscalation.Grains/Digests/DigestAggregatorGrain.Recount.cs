using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// The digest's recount: its counts rebuilt from the ledger (what is durable, whatever this activation counted),
/// then every ticket touched since the day began read from its durable records, a page per turn.
/// </summary>
public sealed partial class DigestAggregatorGrain
{
    /// <summary>
    /// How far before the day a recount looks for changed tickets: an event may be dated up to 5 minutes after the
    /// silo's clock, so its ticket's durable records may have changed that much before the instant it marks.
    /// </summary>
    public static readonly TimeSpan RecountMargin = TimeSpan.FromMinutes(10);

    private const int RecountPage = 50;

    private Queue<string>? recountQueue;
    private DigestReconcileStatus? recount;
    private bool holdsRecountSlot;

    public async Task<DigestReconcileStatus?> StartReconcileAsync()
    {
        if (recount is { FinishedAt: null })
        {
            return recount;
        }

        if (!recountSlots.TryTake())
        {
            return null;
        }

        holdsRecountSlot = true;
        try
        {
            await BeginRecountAsync();
        }
        catch
        {
            ReleaseRecountSlot();
            throw;
        }

        Continue();
        return recount!;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ReleaseRecountSlot();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>Gives back the silo's recount slot this activation holds, if any.</summary>
    private void ReleaseRecountSlot()
    {
        if (holdsRecountSlot)
        {
            holdsRecountSlot = false;
            recountSlots.Release();
        }
    }

    private async Task BeginRecountAsync()
    {
        recount = new DigestReconcileStatus(time.GetUtcNow(), null, 0, 0);
        await gate.ReloadAsync(async () => tally = await LoadTallyAsync(CancellationToken.None));
        recountQueue = new Queue<string>(await ledger.ListTouchedTicketsAsync(day.Team.Id, day.From - RecountMargin));
    }

    private async Task<DigestTally> LoadTallyAsync(CancellationToken cancellationToken)
    {
        var loaded = new DigestTally();
        foreach (var fact in await ledger.ReadFactsAsync(day.Team.Id, day.DateText, cancellationToken))
        {
            loaded.Add(fact);
        }

        return loaded;
    }

    /// <summary>Recounts the next page of tickets; finishes the recount when none are left.</summary>
    private async Task RecountPageAsync()
    {
        var keys = new List<string>(RecountPage);
        while (keys.Count < RecountPage && recountQueue!.TryDequeue(out var key))
        {
            keys.Add(key);
        }

        var configuration = (await configurationSource.GetAsync()).Configuration;
        var results = await Task.WhenAll(keys.Select(k => RecountTicketAsync(k, configuration)));
        await ledger.NoteTicketsAsync(results.Select(r => r.Note).OfType<DigestTicketNote>().ToArray());
        var recovered = await CountAsync(results.SelectMany(r => r.Facts).ToArray());
        recount = recount! with { TicketsExamined = recount.TicketsExamined + keys.Count, FactsRecovered = recount.FactsRecovered + recovered };
        if (recountQueue!.Count > 0)
        {
            return;
        }

        recount = recount with { FinishedAt = time.GetUtcNow() };
        ReleaseRecountSlot();
        lastCounted = recount.FinishedAt.Value;
        state.State.LastReconcile = recount;
        state.State.PublicationRecounted |= state.State.PublicationRequested;
        await state.WriteStateAsync();
        LogRecounted(logger, day.Key, recount.TicketsExamined, recount.FactsRecovered);
        metrics.DigestRecounted(recount.FinishedAt.Value - recount.StartedAt);
    }

    private async Task<(IReadOnlyList<DigestFact> Facts, DigestTicketNote? Note)> RecountTicketAsync(string key, SlaConfiguration configuration)
    {
        var ticket = await GrainFactory.GetGrain<ITicketGrain>(key).GetAsync();
        if (ticket is null)
        {
            return ([], null);
        }

        var trail = await ReadChainAsync(key);
        var facts = DigestRecount.FactsOf(ticket, trail, team => DigestTeam.Of(configuration, team))
            .Where(f => f.Team == day.Team.Id && f.Date == day.DateText)
            .ToArray();
        return (facts, DigestRecount.NoteOf(ticket));
    }

    /// <summary>The ticket's audit chain, oldest first.</summary>
    private async Task<IReadOnlyList<AuditEntry>> ReadChainAsync(string ticketKey)
    {
        var chain = new List<AuditEntry>();
        long after = 0;
        while (true)
        {
            var entries = await auditTrail.ReadChainAsync(ticketKey, after, 500);
            chain.AddRange(entries);
            if (entries.Count < 500)
            {
                return chain;
            }

            after = entries[^1].Sequence;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest {Digest} recounted from durable records: {Tickets} tickets read, {Recovered} facts recovered")]
    private static partial void LogRecounted(ILogger logger, string digest, int tickets, int recovered);
}
