using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Operations;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains.Escalations;

/// <summary>
/// The consumer of a ticket's transitions: at risk (when the runbook has a level for it), breached and achieved go to
/// the escalation of the metric instance under the ticket's runbook, a solved ticket ends its open escalations, every
/// public transition is handed to the notifier, and every transition to the digest of its team's day (on a silo that
/// runs digests). Then it confirms the transitions to the ticket, which publishes again what is not confirmed.
/// </summary>
/// <remarks>
/// The event bus is memory streams, which lose what a dying silo held; the ticket's confirmation loop makes this path
/// at-least-once, and every receiver drops repeats (escalations by transition id, the notifier by delivery key).
/// </remarks>
[ImplicitStreamSubscription(SlaTransitionTypes.StreamNamespace)]
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class TicketFollowerGrain(
    ISlaConfigurationSource configurationSource,
    IEscalationIndex index,
    INotifier notifier,
    IDigestFeed digest,
    GrainReferences references,
    ILogger<TicketFollowerGrain> logger) : Grain, ITicketFollowerGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<SlaTransition>
{
    /// <summary>
    /// How long a follower stays after a transition it handled, when no other comes: the transitions of one ticket come
    /// in bursts (an event's several clocks, a few events in a row), and a follower that stayed Orleans' two idle
    /// minutes held about as much memory as its ticket (docs/performance.md, "What an active ticket holds").
    /// </summary>
    public static readonly TimeSpan KeptAfterTransition = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IdleRelease? release;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<SlaTransition>().ResumeAsync(this);
    }

    /// <summary>
    /// Handles the transitions of one bus message (what one change of the ticket emitted), in order, then confirms
    /// those handled to the ticket in one call.
    /// </summary>
    public async Task OnNextAsync(IList<SequentialItem<SlaTransition>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return;
        }

        var ticket = references.For<ITicketGrain>(items[0].Item.TicketKey);
        var handled = new List<string>(items.Count);
        foreach (var item in items.Select(i => i.Item))
        {
            using var span = SlaTracing.Follow(item);
            try
            {
                await EscalateAsync(item, ticket);
                await NotifyAsync(item);
                await digest.RecordAsync(item);
                handled.Add(item.TransitionId);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Not confirmed: the ticket publishes it again, and everything downstream drops what it already did.
                LogNotHandled(logger, ex, item.TransitionId);
            }
        }

        if (handled.Count == 0)
        {
            return;
        }

        try
        {
            await ticket.ConfirmAsync(handled);
            ReleaseSoon(items[^1].Item);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogNotHandled(logger, ex, string.Join(", ", handled));
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <summary>
    /// Lets go of this activation (a subscription, no state) soon after a transition instead of after two idle
    /// minutes: at once after an at-risk or a breach, which come from the ticket's reminder with mostly nobody working
    /// on the ticket (the ticket lets go of its own activation the same way), else <see cref="KeptAfterTransition"/>
    /// after the last one.
    /// </summary>
    private void ReleaseSoon(SlaTransition item)
    {
        if (item.Type is SlaTransitionTypes.AtRisk or SlaTransitionTypes.Breached)
        {
            DeactivateOnIdle();
            return;
        }

        (release ??= new IdleRelease(this, DeactivateOnIdle, KeptAfterTransition)).Restart();
    }

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    private async Task EscalateAsync(SlaTransition item, ITicketGrain ticket)
    {
        switch (item.Type)
        {
            case SlaTransitionTypes.AtRisk or SlaTransitionTypes.Breached or SlaTransitionTypes.Achieved when item.InstanceId is not null:
                // A transition queued before they carried their policy does not say it: the ticket does.
                var policyId = item.PolicyId ?? (await ticket.GetContextAsync())?.PolicyId;
                var configuration = (await configurationSource.GetAsync()).Configuration;
                var runbookId = configuration.Policies.FirstOrDefault(p => p.Id == policyId)?.RunbookId;
                if (runbookId is not null && !IgnoresRisk(item, configuration.Runbooks.GetValueOrDefault(runbookId)))
                {
                    var subject = new EscalationSubject(item.TicketKey, item.Metric ?? "", item.InstanceId, runbookId);
                    await references.For<IEscalationGrain>(EscalationIds.Of(item.TicketKey, item.InstanceId, runbookId)).ObserveAsync(subject, item);
                }

                break;
            case SlaTransitionTypes.TicketSolved:
                var open = await index.ListAsync(new EscalationQuery("open", null, item.TicketKey, null, 1000));
                foreach (var escalation in open)
                {
                    var subject = new EscalationSubject(escalation.TicketKey, escalation.Metric, escalation.InstanceId, escalation.RunbookId);
                    await references.For<IEscalationGrain>(escalation.Id).ObserveAsync(subject, item);
                }

                break;
        }
    }

    /// <summary>
    /// Whether <paramref name="item"/> is an at-risk that <paramref name="runbook"/> has no level for: its escalation
    /// would only note it, at the price of an activation, a read and a write per at-risk, and of staying from the risk
    /// to the breach instead of from the breach. The breach starts such an escalation.
    /// </summary>
    private static bool IgnoresRisk(SlaTransition item, EscalationRunbook? runbook) =>
        item.Type == SlaTransitionTypes.AtRisk && runbook is { WatchesRisk: false };

    /// <summary>Hands the public transitions to the notifier (webhooks); the ticket's lifecycle steps stay internal.</summary>
    private async Task NotifyAsync(SlaTransition item)
    {
        if (item.Type is SlaTransitionTypes.TicketCreated or SlaTransitionTypes.TicketSolved or SlaTransitionTypes.TicketReopened)
        {
            return;
        }

        await notifier.SendAsync(new Notification(
            item.TransitionId,
            item.Type,
            item.TicketKey,
            item.At,
            JsonSerializer.Serialize(item, Json),
            item.Owner.Team));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transition(s) {Transition} not handled yet; the ticket publishes them again")]
    private static partial void LogNotHandled(ILogger logger, Exception exception, string transition);
}
