using SlaEscalation.Contracts.Escalations;

namespace SlaEscalation.Grains.Escalations;

/// <summary>
/// The shape in which escalation and task states stored their undelivered facts and notices before
/// <see cref="StepDeliveries"/>. Kept only so that such a state still loads: activation moves what it holds into
/// <see cref="StepDeliveries"/> and nothing writes to it any more.
/// </summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Escalations.NoticeOutbox")]
public sealed class LegacyNoticeOutbox
{
    [Id(0)] public List<PendingFact> Facts { get; set; } = [];

    [Id(1)] public List<EscalationNotice> Notices { get; set; } = [];

    /// <summary>Recipients of notices that are also addressed to their owner, by notice id.</summary>
    [Id(2)] public Dictionary<string, string> Recipients { get; set; } = [];

    /// <summary>Moves everything held here ahead of what <paramref name="deliveries"/> holds (it is older) and empties this.</summary>
    public void MoveTo(StepDeliveries deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        deliveries.Facts.Prepend(Facts);
        deliveries.Notices.Prepend(Notices.Select(n => new PendingNotice(n, Recipients.GetValueOrDefault(n.NoticeId))));
        Facts.Clear();
        Notices.Clear();
        Recipients.Clear();
    }
}
