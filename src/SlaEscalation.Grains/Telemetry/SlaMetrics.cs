using System.Diagnostics;
using System.Diagnostics.Metrics;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Domain.Tickets;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Telemetry;

/// <summary>
/// The product's own instruments, on the meter <see cref="MeterName"/>: what the SLA promises look like from the
/// outside (transitions and how late they were detected, ingest, escalations, deliveries, reminders, digests).
/// Labels are few and bounded (team, metric, priority, kind, reason, level, channel); a ticket key is never one, so a
/// million tickets make the same handful of series.
/// </summary>
/// <remarks>
/// Each method is one call at the place the product acts, so a grain reads as before with one line per fact. Values
/// that go up and down (open escalations, pending deliveries) are changes seen by this silo: an escalation raised on
/// one silo and resolved on another makes +1 there and -1 here, and the sum over the cluster is the truth.
/// </remarks>
public sealed class SlaMetrics
{
    /// <summary>The meter's name, which an exporter subscribes to.</summary>
    public const string MeterName = "SlaEscalation";

    /// <summary>
    /// Detection lag buckets, in seconds: a breach is promised on its deadline, so the interesting range is from a few
    /// milliseconds (a reminder on time) to minutes (a silo taking over a dead one's reminders).
    /// </summary>
    public static readonly IReadOnlyList<double> LagBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Counter<long> transitions;
    private readonly Histogram<double> detectionLag;
    private readonly Counter<long> ingested;
    private readonly Counter<long> duplicates;
    private readonly Counter<long> refused;
    private readonly Counter<long> acknowledgementTimeouts;
    private readonly Counter<long> tasksOpened;
    private readonly Counter<long> tasksClosed;
    private readonly Counter<long> deliveryAttempts;
    private readonly Counter<long> deliverySuccesses;
    private readonly UpDownCounter<long> deliveriesPending;
    private readonly Counter<long> deliveriesFailed;
    private readonly Counter<long> reminderTicks;
    private readonly Histogram<double> reminderLateness;
    private readonly Counter<long> digestPublications;
    private readonly Histogram<double> recountDuration;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    /// <param name="meters">The host's meter factory (one per service provider, so test clusters do not mix).</param>
    /// <param name="configuration">The silo's configuration source, whose version in force is observed; none in a bare test.</param>
    public SlaMetrics(IMeterFactory meters, SlaConfigurationSource? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(new MeterOptions(MeterName));
        transitions = meter.CreateCounter<long>("sla.transitions", "{transition}", "SLA transitions emitted, by kind (at_risk, breached, achieved), metric, priority and team.");
        detectionLag = meter.CreateHistogram(
            "sla.detection_lag", "s", "Emission time minus the instant the transition marks (the deadline of a breach), by kind, metric, priority and team.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        ingested = meter.CreateCounter<long>("sla.events.ingested", "{event}", "Ticket events stored (new ones; repeats are counted as duplicates).");
        duplicates = meter.CreateCounter<long>("sla.events.duplicates", "{event}", "Ticket events dropped as repeats of one already stored.");
        refused = meter.CreateCounter<long>("sla.events.refused", "{request}", "Event requests refused, by reason (invalid, source_not_allowed, too_large, unsupported_media_type, bus_pressure, unavailable).");
        acknowledgementTimeouts = meter.CreateCounter<long>("sla.escalations.acknowledgement_timeouts", "{escalation}", "Escalation levels not acknowledged in time.");
        tasksOpened = meter.CreateCounter<long>("sla.tasks.opened", "{task}", "Engineering tasks opened by escalations.");
        tasksClosed = meter.CreateCounter<long>("sla.tasks.closed", "{task}", "Engineering tasks moved to done or wont_do.");
        deliveryAttempts = meter.CreateCounter<long>("sla.deliveries.attempts", "{attempt}", "Delivery attempts through a notification channel.");
        deliverySuccesses = meter.CreateCounter<long>("sla.deliveries.succeeded", "{delivery}", "Deliveries that reached their receiver.");
        deliveriesPending = meter.CreateUpDownCounter<long>("sla.deliveries.pending", "{delivery}", "Deliveries accepted and not yet delivered or failed (changes seen by this silo; sum over the cluster).");
        deliveriesFailed = meter.CreateCounter<long>("sla.deliveries.failed", "{delivery}", "Deliveries that failed finally (refused, or every attempt spent).");
        reminderTicks = meter.CreateCounter<long>("sla.reminders.ticks", "{tick}", "Clock reminder ticks received by tickets.");
        reminderLateness = meter.CreateHistogram(
            "sla.reminders.lateness", "s", "How long after its due instant a ticket's clock reminder fired (a silo taking over a dead one's reminders shows here).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        digestPublications = meter.CreateCounter<long>("sla.digest.publications", "{digest}", "Daily digests published, by team.");
        recountDuration = meter.CreateHistogram(
            "sla.digest.recount.duration", "s", "How long a digest's recount from durable records took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900] });
        if (configuration is not null)
        {
            meter.CreateObservableGauge("sla.configuration.version", () => configuration.VersionInForce, "{version}", "The SLA configuration version this silo evaluates with.");
        }
    }

    /// <summary>
    /// Counts an SLA transition the ticket emitted at <paramref name="now"/> and records its detection lag, how long
    /// after <paramref name="at"/> it was found. Lifecycle and owner transitions are not SLA transitions and are ignored.
    /// </summary>
    public void TransitionEmitted(TicketTransitionKind kind, string metric, string? priority, string team, DateTimeOffset at, DateTimeOffset now)
    {
        var name = kind switch
        {
            TicketTransitionKind.AtRisk => "at_risk",
            TicketTransitionKind.Breached => "breached",
            TicketTransitionKind.Achieved => "achieved",
            _ => null,
        };
        if (name is null)
        {
            return;
        }

        var tags = new TagList { { "kind", name }, { "metric", metric }, { "priority", priority ?? "none" }, { "team", team } };
        transitions.Add(1, tags);
        detectionLag.Record(Math.Max(0, (now - at).TotalSeconds), tags);
    }

    /// <summary>Counts what one ingest call stored and dropped.</summary>
    public void EventsApplied(int accepted, int duplicate)
    {
        ingested.Add(accepted);
        duplicates.Add(duplicate);
    }

    /// <summary>Counts a refused event request with its reason (a short snake_case word).</summary>
    public void EventsRefused(string reason) => refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>
    /// Follows an escalation's step: an acknowledgement timeout is counted. (How many are open is counted from the
    /// escalation index by <see cref="OpenEscalationsGauge"/>, not from the steps one silo happened to see.)
    /// </summary>
    public void EscalationStepped(RunbookStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Kind == RunbookStepKind.AcknowledgementTimedOut)
        {
            acknowledgementTimeouts.Add(1, Level(step.Level));
        }
    }

    /// <summary>Counts an engineering task opened.</summary>
    public void TaskOpened() => tasksOpened.Add(1);

    /// <summary>Counts a task's status change when it closes the task.</summary>
    public void TaskStatusChanged(string before, string after)
    {
        if (!Contracts.Tasks.TaskStatuses.IsClosed(before) && Contracts.Tasks.TaskStatuses.IsClosed(after))
        {
            tasksClosed.Add(1);
        }
    }

    /// <summary>Counts a delivery accepted for <paramref name="channel"/> as pending.</summary>
    public void DeliveryAccepted(string channel) => deliveriesPending.Add(1, Channel(channel));

    /// <summary>Counts an attempt and, when it ended the delivery, its success or final failure.</summary>
    public void DeliveryAttempted(string channel, DeliveryProgress progress)
    {
        var tag = Channel(channel);
        deliveryAttempts.Add(1, tag);
        if (progress == DeliveryProgress.Pending)
        {
            return;
        }

        deliveriesPending.Add(-1, tag);
        (progress == DeliveryProgress.Delivered ? deliverySuccesses : deliveriesFailed).Add(1, tag);
    }

    /// <summary>
    /// Counts a ticket's clock reminder tick and, when the ticket had asked to be woken at <paramref name="due"/> and
    /// that has passed, how late the tick came. A tick before its due instant is the reminder's period, not lateness.
    /// </summary>
    public void ReminderTicked(DateTimeOffset? due, DateTimeOffset now)
    {
        reminderTicks.Add(1);
        if (due is { } instant && instant <= now)
        {
            reminderLateness.Record((now - instant).TotalSeconds);
        }
    }

    /// <summary>Counts a digest published for <paramref name="team"/>.</summary>
    public void DigestPublished(string team) => digestPublications.Add(1, new KeyValuePair<string, object?>("team", team));

    /// <summary>Records how long a recount took.</summary>
    public void DigestRecounted(TimeSpan took) => recountDuration.Record(took.TotalSeconds);

    private static KeyValuePair<string, object?> Level(int level) => new("level", level);

    private static KeyValuePair<string, object?> Channel(string channel) => new("channel", channel);
}
