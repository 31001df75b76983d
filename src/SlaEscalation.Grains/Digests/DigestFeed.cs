using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// Turns what the event bus carries into digest facts and hands each to the aggregator of its team's local day,
/// returning once the aggregator has it durably (a repeat is counted once, by its id). A ticket's transitions come
/// through its <see cref="Escalations.TicketFollowerGrain"/>, which confirms them to the ticket only after this, so
/// a fact that did not reach the ledger is published again; escalation notices come through
/// <see cref="DigestFeedGrain"/>.
/// </summary>
public sealed class DigestFeed(IDigestLedger ledger, ISlaConfigurationSource configurationSource, GrainReferences grains) : IDigestFeed
{
    public async Task RecordAsync(SlaTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        if (DigestFacts.NoteOf(transition) is { } note)
        {
            await ledger.NoteTicketsAsync([note]);
        }

        if (DigestFacts.KindOf(transition.Type) is not { } kind)
        {
            return;
        }

        var onTime = transition.OnTime;
        if (kind == DigestFactKinds.Achieved && onTime is null)
        {
            // Whether the instance breached before is the ticket's to say (its breach may be on an earlier day); a
            // transition queued before they carried it does not, so the ticket is asked.
            var ticket = await grains.For<ITicketGrain>(transition.TicketKey).GetAsync();
            onTime = ticket is null || DigestFacts.AchievedOnTime(ticket, transition.InstanceId);
        }

        var configuration = await configurationSource.GetAsync();
        await RecordAsync(DigestFacts.FromTransition(transition, DigestTeam.Of(configuration.Configuration, transition.Owner.Team), onTime)!);
    }

    public async Task RecordAsync(EscalationNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var configuration = await configurationSource.GetAsync();
        if (DigestFacts.FromNotice(notice, DigestTeam.Of(configuration.Configuration, notice.Team)) is { } fact)
        {
            await RecordAsync(fact);
        }
    }

    private Task<int> RecordAsync(DigestFact fact) =>
        grains.For<IDigestAggregatorGrain>(DigestKey.Of(fact.Team, fact.Date)).RecordAsync([fact]);
}
