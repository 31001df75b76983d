using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Operations;

namespace SlaEscalation.Grains.Tasks;

/// <summary>Durable state of an engineering task.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Tasks.EngineeringTaskState")]
public sealed class EngineeringTaskState
{
    /// <summary>The task; null until opened.</summary>
    [Id(0)] public EngineeringTaskView? Task { get; set; }

    /// <summary>
    /// Where states written before <see cref="Outbox"/> kept their undelivered facts and notices; read only, and
    /// emptied into <see cref="Outbox"/> by <see cref="UpgradeOutbox"/>.
    /// </summary>
    [Id(1)] public LegacyNoticeOutbox LegacyOutbox { get; set; } = new();

    /// <summary>Audit facts and notices not yet delivered.</summary>
    [Id(2)] public StepDeliveries Outbox { get; set; } = new();

    /// <summary>
    /// What the task asks of its team's tracker (<see cref="TrackerCommand"/>), written with the change that asks it
    /// and removed once its delivery grain has recorded it.
    /// </summary>
    [Id(3)] public Outbox<Notification> Tracker { get; set; } = new();

    /// <summary>
    /// The instant of the newest tracker event taken (its issue's webhook), so an older one delivered late, or a
    /// replay, never overwrites the status a newer one set.
    /// </summary>
    [Id(4)] public DateTimeOffset? LatestTrackerEventAt { get; set; }

    /// <summary>
    /// Comments asked while the task's issue is not made yet: they wait here, not in a delivery that would spend its
    /// attempts, and go to <see cref="Tracker"/> once the issue is linked. At most
    /// <see cref="EngineeringTaskGrain.MaxCommentsAwaitingLink"/>.
    /// </summary>
    [Id(5)] public List<Notification> CommentsAwaitingLink { get; set; } = [];

    /// <summary>Moves what a state written before <see cref="Outbox"/> still owes into it; done on activation.</summary>
    public void UpgradeOutbox() => LegacyOutbox.MoveTo(Outbox);
}
