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
/// true. Slack has no idempotency key for posts, so the post carries message metadata naming the escalation and the
/// intent to post is written before the call: a retry after an answer that never came (a timeout, a <c>5xx</c>, a
/// silo that died) first reads the channel's recent history for that message and adopts its <c>ts</c>, and posts
/// again only when it is not there. Only a bot that may not read the history (no <c>channels:history</c>) posts
/// again blind, which can leave a second message; the log says so.
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
        var message = SlackEscalationMessage.Of(view, ticket, team is null ? [] : PeopleOf(team), team?.Zone);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.ToJsonString())));
        if (s.Ts is null)
        {
            var posted = await PostAsync(id, team!.Slack!, message, hash);
            if (posted is not null)
            {
                return posted;
            }
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

    /// <summary>
    /// Posts the message, or finds the one an earlier try posted without an answer; null when that one was found and
    /// is to be updated to what <paramref name="message"/> shows.
    /// </summary>
    private async Task<SlackMessageOutcome?> PostAsync(string id, TeamSlack team, JsonObject message, string hash)
    {
        var s = state.State;
        if (s.PostTriedAt is { } tried)
        {
            var history = await slack.CallAsync(s.Connection ?? team.Connection, "conversations.history", SlackPostMark.HistoryQuery(s.Channel ?? team.Channel, tried), CancellationToken.None);
            if (history.Outcome.Kind == Notifications.DeliveryOutcomeKind.Retry)
            {
                return SlackMessageOutcome.Of(history.Outcome);
            }

            if (history.Body is { } found && SlackPostMark.PostedTs(found, id) is { } ts)
            {
                LogPostFound(logger, id, s.Channel ?? team.Channel, ts);
                s.Channel ??= team.Channel;
                s.Ts = ts;
                s.ShownHash = null;
                s.PostTriedAt = null;
                await state.WriteStateAsync();
                return null;
            }

            if (history.Outcome.Kind == Notifications.DeliveryOutcomeKind.Rejected)
            {
                LogPostRepeated(logger, id, team.Channel, tried, history.Outcome.Error);
            }
        }

        s.Connection = team.Connection;
        s.Channel = team.Channel;
        s.PostTriedAt ??= time.GetUtcNow();
        await state.WriteStateAsync();

        message["channel"] = team.Channel;
        message["metadata"] = SlackPostMark.Metadata(id);
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

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Escalation {Escalation}: the post to Slack channel {Channel} whose answer was lost is message {Ts}; it is updated, not posted again")]
    private static partial void LogPostFound(ILogger logger, string escalation, string channel, string ts);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Escalation {Escalation}: a post to Slack channel {Channel} tried at {TriedAt:o} has no recorded answer and the channel's history cannot be read ({Error}); it is posted again, and Slack may show it twice")]
    private static partial void LogPostRepeated(ILogger logger, string escalation, string channel, DateTimeOffset triedAt, string? error);
}
