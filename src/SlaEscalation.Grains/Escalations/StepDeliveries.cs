using System.Text.Json;
using Orleans.Streams;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Operations;

namespace SlaEscalation.Grains.Escalations;

/// <summary>
/// What an escalation or task grain owes others after a step, kept in its durable state until done: audit facts for
/// the ticket's chain and notices for the event bus and the notifier. Every receiver drops repeats (fact keys, notice
/// ids, delivery keys), so a crash between writing state and finishing only repeats, never loses.
/// </summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Escalations.StepDeliveries")]
public sealed class StepDeliveries
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Id(0)] public Outbox<PendingFact> Facts { get; set; } = new();

    [Id(1)] public Outbox<PendingNotice> Notices { get; set; } = new();

    public bool IsEmpty => Facts.IsEmpty && Notices.IsEmpty;

    /// <summary>
    /// Records every fact on its ticket, then publishes the notices on the bus and hands them to
    /// <paramref name="notifier"/>, so the ticket's timeline holds a step before anyone hears of it. Stops at the
    /// first failure, keeping what is left for the next attempt.
    /// </summary>
    public async Task DeliverAsync(IGrainFactory grains, IStreamProvider streams, INotifier notifier)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(notifier);
        await Facts.DeliverAsync(fact => grains
            .GetGrain<ITicketGrain>(fact.Fact.TicketKey ?? throw new InvalidOperationException($"audit fact '{fact.Key}' names no ticket"))
            .RecordAuditAsync(fact.Key, fact.Fact));
        await Notices.DeliverAsync(async pending =>
        {
            var notice = pending.Notice;
            await streams.GetStream<EscalationNotice>(StreamId.Create(EscalationNoticeTypes.StreamNamespace, notice.TicketKey)).OnNextAsync(notice);
            await notifier.SendAsync(new Notification(
                notice.NoticeId,
                notice.Type,
                notice.TicketKey,
                notice.At,
                JsonSerializer.Serialize(notice, Json),
                notice.Team,
                pending.Recipient));
        });
    }
}
