using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Silo.Api;
using SlaEscalation.Silo.Api.Documentation;
using SlaEscalation.Silo.Api.Events;

namespace SlaEscalation.Silo.Adapters.Slack;

/// <summary>
/// <c>POST /v1/adapters/slack/{connection}/interactions</c>: the Interactivity Request URL of a Slack app. No API key:
/// Slack's signature with the connection's signing secret is the credential. A press on an escalation's
/// <b>Acknowledge</b> or <b>Hand off to...</b> is answered <c>200</c> at once (Slack gives an app three seconds) and
/// then applied through the same escalation commands as the HTTP API, audited with <c>slack:{connection}:{user}</c>
/// as actor and the agent the Slack user acts for beside it. A user no team maps, or a command the escalation
/// refuses, gets a private answer through the payload's <c>response_url</c> and changes nothing.
/// </summary>
public static partial class SlackInteractionsApi
{
    /// <summary>The reason a hand-off from Slack records.</summary>
    public const string HandOffReason = "handed off in Slack";

    public static IEndpointRouteBuilder MapSlackInteractionsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/adapters/slack/{connection}/interactions", PostAsync)
            .WithSummary("Receive a press on an escalation's Slack message (Acknowledge, Hand off to...)")
            .WithRequestBody("Slack's interaction as Slack sends it: `payload=` with the block_actions JSON, form-encoded (docs/slack.md).", "application/x-www-form-urlencoded")
            .WithSignedWebhook(
                "Slack's form body; no API key: `X-Slack-Signature` (`v0=` hex HMAC-SHA256 over `v0:{timestamp}:{body}` with `Adapters__{connection}__SigningSecret`) within five minutes of `X-Slack-Request-Timestamp` is the credential. Answered 200 at once; the command runs after.",
                SlackSignature.SignatureHeader, SlackSignature.TimestampHeader)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>The actor of a command pressed in Slack.</summary>
    public static string Actor(string connection, string slackUser) => $"slack:{connection}:{slackUser}";

    private static async Task<Results<Ok, ProblemHttpResult>> PostAsync(
        string connection, HttpContext context, IGrainFactory grains, ISlaConfigurationSource configuration,
        IReadOnlyDictionary<string, SlackConnectionSettings> slack, SlackResponder responder, IOptions<IngestOptions> options,
        TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("SlaEscalation.Silo.Adapters.Slack");
        var current = await configuration.GetAsync();
        if (!current.Configuration.Connections.TryGetValue(connection, out var found) || found.Kind != ConnectionKind.Slack)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"There is no slack connection '{(connection.Length > 40 ? connection[..40] + "..." : connection)}' (PUT /v1/connections/{{id}}).");
        }

        using var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
                detail: $"the body is larger than {options.Value.MaxBodyBytes} bytes");
        }

        var secret = slack.TryGetValue(connection, out var settings) ? settings.SigningSecret : null;
        var verdict = secret is null
            ? SignatureVerdict.Refused("no signing secret is configured for this connection")
            : SlackSignature.Verify(context.Request.Headers, body.Memory.Span, secret, time.GetUtcNow());
        if (!verdict.Valid)
        {
            if (secret is null)
            {
                LogNoSecret(logger, connection, SlackConnectionSettings.SigningSecretSetting(connection).Replace(":", "__", StringComparison.Ordinal));
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Signature refused", detail: $"{verdict.Refusal}; nothing was applied");
        }

        SlackInteraction? press;
        try
        {
            press = SlackInteraction.Read(Encoding.UTF8.GetString(body.Memory.Span));
        }
        catch (JsonException ex)
        {
            return Problems.Invalid("Invalid Slack interaction", [ProblemError.InBody("", $"the body is not a Slack interaction (payload=JSON): {ex.Message}")]);
        }

        if (press is not null)
        {
            // Slack waits three seconds for the answer; the command may take longer on a loaded cluster, so it runs
            // after the answer. A silo dying in between loses the press, and the message, not updated, shows it.
            _ = Task.Run(() => ActAsync(connection, press, grains, configuration, responder, logger), CancellationToken.None);
        }

        return TypedResults.Ok();
    }

    private static async Task ActAsync(
        string connection, SlackInteraction press, IGrainFactory grains, ISlaConfigurationSource configuration, SlackResponder responder, ILogger logger)
    {
        try
        {
            // Checked before the grain is named: a blank id is no grain key at all.
            var escalation = EscalationId().IsMatch(press.EscalationId) ? grains.GetGrain<IEscalationGrain>(press.EscalationId) : null;
            if (escalation is null || await escalation.GetAsync() is not { } view)
            {
                await responder.TellAsync(connection, press.ResponseUrl, "That escalation is not known here; nothing was changed.");
                return;
            }

            var teams = (await configuration.GetAsync()).Configuration.Teams;
            if (SlackUsers.AgentOf(teams, connection, view.Team, press.SlackUser) is not { } agent)
            {
                LogNotAllowed(logger, connection, press.SlackUser, press.EscalationId);
                await responder.TellAsync(connection, press.ResponseUrl,
                    "You are not allowed to act on escalations from Slack: your Slack user is not mapped to an agent. Nothing was changed.");
                return;
            }

            var actor = Actor(connection, press.SlackUser);
            EscalationCommandResult result;
            if (press.Kind == SlackInteractionKind.Acknowledge)
            {
                result = await escalation.AcknowledgeAsync(agent, actor);
            }
            else if (teams.TryGetValue(view.Team, out var team) && SlackUsers.IsPersonOf(team, press.HandOffTo!))
            {
                result = await escalation.HandOffAsync($"user:{press.HandOffTo}", agent, HandOffReason, actor);
            }
            else
            {
                result = new EscalationCommandResult(EscalationCommandOutcome.NotFound, view, $"'{press.HandOffTo}' is not a person of team {view.Team}");
            }

            if (result.Outcome != EscalationCommandOutcome.Applied)
            {
                await responder.TellAsync(connection, press.ResponseUrl, $"Nothing was changed: {result.Problem}.");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFailed(logger, ex, connection, press.EscalationId);
            await responder.TellAsync(connection, press.ResponseUrl, "That could not be applied just now; please try again.");
        }
    }

    [GeneratedRegex("^esc_[a-z2-7]{20}$")]
    private static partial Regex EscalationId();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Slack interaction for connection {Connection} was refused: no signing secret is configured ({Setting})")]
    private static partial void LogNoSecret(ILogger logger, string connection, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack connection {Connection}: user {SlackUser} is mapped to no agent; the press on {Escalation} changed nothing")]
    private static partial void LogNotAllowed(ILogger logger, string connection, string slackUser, string escalation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack connection {Connection}: a press on {Escalation} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string connection, string escalation);
}
