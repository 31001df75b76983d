using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Orleans.Streams.Core;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// Subscribes implicitly to a ticket's transitions and escalation notices on the event bus and hands each fact to
/// the aggregator of its team's local day, waiting until the aggregator has it durably: a delivery that fails is
/// retried by the stream, and a repeat is counted once by its id. It keeps no state of its own. On a silo that does
/// not run digests (no <see cref="IDigestLedger"/>) it ignores the bus.
/// </summary>
[ImplicitStreamSubscription(SlaTransitionTypes.StreamNamespace)]
[ImplicitStreamSubscription(EscalationNoticeTypes.StreamNamespace)]
[CollectionAgeLimit(Minutes = 2)]
public sealed class DigestFeedGrain(IServiceProvider services, ISlaConfigurationSource configurationSource)
    : Grain, IDigestFeedGrain, IStreamSubscriptionObserver
{
    private readonly IDigestLedger? ledger = services.GetService<IDigestLedger>();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        if (ledger is null)
        {
            return;
        }

        if (handleFactory.StreamId.GetNamespace() == SlaTransitionTypes.StreamNamespace)
        {
            await handleFactory.Create<SlaTransition>().ResumeAsync((transition, _) => OnTransitionAsync(transition));
        }
        else
        {
            await handleFactory.Create<EscalationNotice>().ResumeAsync((notice, _) => OnNoticeAsync(notice));
        }
    }

    private async Task OnTransitionAsync(SlaTransition transition)
    {
        if (DigestFacts.NoteOf(transition) is { } note)
        {
            await ledger!.NoteTicketsAsync([note]);
        }

        if (DigestFacts.KindOf(transition.Type) is not { } kind)
        {
            return;
        }

        bool? onTime = null;
        if (kind == DigestFactKinds.Achieved)
        {
            // Whether the instance breached before is the ticket's to say: its breach may be on an earlier day.
            var ticket = await GrainFactory.GetGrain<ITicketGrain>(transition.TicketKey).GetAsync();
            onTime = ticket is null || DigestFacts.AchievedOnTime(ticket, transition.InstanceId);
        }

        var configuration = await configurationSource.GetAsync();
        var fact = DigestFacts.FromTransition(transition, DigestTeam.Of(configuration.Configuration, transition.Owner.Team), onTime)!;
        await RecordAsync(fact);
    }

    private async Task OnNoticeAsync(EscalationNotice notice)
    {
        var configuration = await configurationSource.GetAsync();
        if (DigestFacts.FromNotice(notice, DigestTeam.Of(configuration.Configuration, notice.Team)) is { } fact)
        {
            await RecordAsync(fact);
        }
    }

    private Task<int> RecordAsync(DigestFact fact) =>
        GrainFactory.GetGrain<IDigestAggregatorGrain>(DigestKey.Of(fact.Team, fact.Date)).RecordAsync([fact]);
}
