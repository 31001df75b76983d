using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Slack;

/// <summary>
/// One escalation's Slack message. The first showing posts it (<c>chat.postMessage</c>) to the team's channel and
/// records its channel id and <c>ts</c>; every later one renders the escalation as it is now and updates that
/// message in place (<c>chat.update</c>), or sends nothing when Slack shows it already.
/// </summary>
/// <remarks>
/// One activation takes one showing at a time, so two notices delivered together never post twice. Each showing
/// renders the escalation's current state, so notices delivered out of order or retried late still end on what is
/// true. The intent to post is written before the call: when a silo dies between Slack's answer and the write of
/// its <c>ts</c>, the retry knows a post may have landed and posts again, which is the one case that leaves a
/// second message (Slack has no idempotency key for posts, and finding the first would take a history scope and a
/// method Slack now limits to about one call a minute). The log says when that happened.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class SlackMessageGrain(
    [PersistentState("slaSlackMessage", "Default")] IPersistentState<SlackMessageState> state,
    ISlaConfigurationSource configurationSource,
    ISlackApi slack,
    TimeProvider time,
    ILogger<SlackMessageGrain> logger) : Grain, ISlackMessageGrain
{
    public async Task<SlackMessageOutcome> ShowAsync()
    {
        var id = this.GetPrimaryKeyString();
        var view = await GrainFactory.GetGrain<IEscalationGrain>(id).GetAsync();
        if (view is null)
        {
            return SlackMessageOutcome.Shown;
        }

        var configuration = (await configurationSource.GetAsync()).Configuration;
        var team = configuration.Teams.GetValueOrDefault(view.Team);
        var s = state.State;
        if (s.Ts is null && team?.Slack is null)
        {
            // The team does not use Slack. One that stopped after the post still gets its message kept current.
            return SlackMessageOutcome.Shown;
        }

        var ticket = await GrainFactory.GetGrain<ITicketGrain>(view.TicketKey).GetContextAsync();
        var message = SlackEscalationMessage.Of(view, ticket, team is null ? [] : PeopleOf(team));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.ToJsonString())));
        if (s.Ts is null)
        {
            return await PostAsync(id, team!.Slack!, message, hash);
        }

        if (s.ShownHash == hash)
        {
            return SlackMessageOutcome.Shown;
        }

        message["channel"] = s.Channel;
        message["ts"] = s.Ts;
        var answer = await slack.CallAsync(s.Connection!, "chat.update", message, CancellationToken.None);
        if (answer.Outcome.Kind == Notifications.DeliveryOutcomeKind.Delivered)
        {
            s.ShownHash = hash;
            s.Updates++;
            await state.WriteStateAsync();
        }

        return SlackMessageOutcome.Of(answer.Outcome);
    }

    private async Task<SlackMessageOutcome> PostAsync(string id, TeamSlack team, JsonObject message, string hash)
    {
        var s = state.State;
        if (s.PostTriedAt is { } tried)
        {
            LogPostRepeated(logger, id, team.Channel, tried);
        }

        s.Connection = team.Connection;
        s.Channel = team.Channel;
        s.PostTriedAt ??= time.GetUtcNow();
        await state.WriteStateAsync();

        message["channel"] = team.Channel;
        var answer = await slack.CallAsync(team.Connection, "chat.postMessage", message, CancellationToken.None);
        if (answer.Outcome.Kind == Notifications.DeliveryOutcomeKind.Delivered && answer.Ts is not null)
        {
            s.Channel = answer.Channel ?? team.Channel;
            s.Ts = answer.Ts;
            s.ShownHash = hash;
            s.PostTriedAt = null;
            await state.WriteStateAsync();
        }
        else if (answer.Outcome.Kind != Notifications.DeliveryOutcomeKind.Retry || answer.Outcome.RetryAfter is not null)
        {
            // Slack answered, and it was not a post: nothing landed, so the next try is a first post again.
            s.PostTriedAt = null;
            await state.WriteStateAsync();
        }

        return SlackMessageOutcome.Of(answer.Outcome);
    }

    /// <summary>Whom an escalation can be handed to from Slack: the team's members, lead and on-call agent.</summary>
    private static List<string> PeopleOf(TeamDefinition team) =>
        [.. team.Members, .. team.Lead is { } lead ? [lead] : Array.Empty<string>(), .. team.OnCall is { } onCall ? [onCall] : Array.Empty<string>()];

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Escalation {Escalation}: a post to Slack channel {Channel} tried at {TriedAt:o} has no recorded answer; it is posted again, and Slack may show it twice")]
    private static partial void LogPostRepeated(ILogger logger, string escalation, string channel, DateTimeOffset triedAt);
}
