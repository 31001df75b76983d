using System.Text.Json;
using Orleans.Streams;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Escalations;

/// <summary>
/// What an escalation or task grain owes others after a change, kept in its durable state until done: audit facts
/// for the ticket's chain and notices for the event bus and the notifier. Every receiver drops repeats (fact keys,
/// notice ids, delivery keys), so a crash between writing state and finishing only repeats, never loses.
/// </summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Escalations.NoticeOutbox")]
public sealed class NoticeOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Id(0)] public List<PendingFact> Facts { get; set; } = [];

    [Id(1)] public List<EscalationNotice> Notices { get; set; } = [];

    /// <summary>Recipients of notices that are also addressed to their owner (a <c>notify</c> action), by notice id.</summary>
    [Id(2)] public Dictionary<string, string> Recipients { get; set; } = [];

    public bool IsEmpty => Facts.Count == 0 && Notices.Count == 0;

    /// <summary>
    /// Records facts on their tickets, then publishes notices on the bus and hands them to <paramref name="notifier"/>.
    /// Stops at the first failure, keeping what is left for the next attempt.
    /// </summary>
    public async Task FlushAsync(IGrainFactory grains, IStreamProvider streams, INotifier notifier)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(notifier);
        while (Facts.Count > 0)
        {
            var fact = Facts[0];
            await grains.GetGrain<ITicketGrain>(fact.Fact.TicketKey ?? throw new InvalidOperationException($"audit fact '{fact.Key}' names no ticket")).RecordAuditAsync(fact.Key, fact.Fact);
            Facts.RemoveAt(0);
        }

        while (Notices.Count > 0)
        {
            var notice = Notices[0];
            await streams.GetStream<EscalationNotice>(StreamId.Create(EscalationNoticeTypes.StreamNamespace, notice.TicketKey)).OnNextAsync(notice);
            await notifier.SendAsync(new Notification(
                notice.NoticeId,
                notice.Type,
                notice.TicketKey,
                notice.At,
                JsonSerializer.Serialize(notice, Json),
                notice.Team,
                Recipients.GetValueOrDefault(notice.NoticeId)));

            Recipients.Remove(notice.NoticeId);
            Notices.RemoveAt(0);
        }
    }
}
