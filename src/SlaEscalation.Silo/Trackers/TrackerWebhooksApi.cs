using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Tasks;
using SlaEscalation.Silo.Adapters;
using SlaEscalation.Silo.Api.Documentation;
using SlaEscalation.Silo.Api.Events;

namespace SlaEscalation.Silo.Trackers;

/// <summary>
/// Status coming back from the trackers: <c>POST /v1/adapters/linear/{connection}</c> (Linear's webhook) and
/// <c>POST /v1/adapters/jira/{connection}/tracker</c> (a Jira webhook for issue events, apart from the Jira Service
/// Management helpdesk's <c>/v1/adapters/jira/{connection}</c>). No API key: the tracker's signature with the
/// connection's <c>Adapters__{connection}__Tracker__Secret</c> is the credential. An issue event of one of our tasks
/// moves the task to the status its status category means; anything else is answered <c>200</c> and ignored, so the
/// tracker never counts it as a failure.
/// </summary>
public static class TrackerWebhooksApi
{
    /// <summary>How many events moved a task, and how many were not ours to take.</summary>
    public sealed record TrackerWebhookResponse(int Applied, int Ignored);

    public static IEndpointRouteBuilder MapTrackerWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/adapters/linear/{connection}", (string connection, HttpContext context, IGrainFactory grains,
            ISlaConfigurationSource configuration, IConfiguration settings, IOptions<IngestOptions> options, TimeProvider time) =>
            PostAsync(ConnectionKind.Linear, connection, context, grains, configuration, settings, options.Value, time))
            .WithSummary("Receive a Linear issue webhook: the issue's status back to its engineering task")
            .WithRequestBody("Linear's own issue webhook payload, byte for byte as Linear signed it (docs/trackers.md).", "application/json")
            .WithSignedWebhook(
                "Linear's payload; no API key: `Linear-Signature` (hex HMAC-SHA256 of the raw body with `Adapters__{connection}__Tracker__Secret`) is the credential, and `webhookTimestamp` must be within a minute.",
                LinearSignature.Header)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        endpoints.MapPost("/v1/adapters/jira/{connection}/tracker", (string connection, HttpContext context, IGrainFactory grains,
            ISlaConfigurationSource configuration, IConfiguration settings, IOptions<IngestOptions> options, TimeProvider time) =>
            PostAsync(ConnectionKind.Jira, connection, context, grains, configuration, settings, options.Value, time))
            .WithSummary("Receive a Jira issue webhook: the issue's status back to its engineering task")
            .WithRequestBody("Jira's own issue webhook payload, byte for byte as Jira signed it (docs/trackers.md).", "application/json")
            .WithSignedWebhook(
                "Jira's payload; no API key: `X-Hub-Signature: sha256=` (hex HMAC-SHA256 of the raw body with `Adapters__{connection}__Tracker__Secret`) is the credential, and `timestamp` must be at most an hour old.",
                HubSignature.Header)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return endpoints;
    }

    private static async Task<Results<Ok<TrackerWebhookResponse>, ProblemHttpResult>> PostAsync(
        ConnectionKind kind, string connection, HttpContext context, IGrainFactory grains, ISlaConfigurationSource configuration,
        IConfiguration settings, IngestOptions limits, TimeProvider time)
    {
        var current = (await configuration.GetAsync()).Configuration;
        if (!current.Connections.TryGetValue(connection, out var found) || found.Kind != kind)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"There is no {kind.ToWire()} connection '{(connection.Length <= 40 ? connection : connection[..40] + "...")}' (PUT /v1/connections/{{id}}).");
        }

        if (AdaptersApi.RefusedMediaType(context.Request, kind) is { } refused)
        {
            return refused;
        }

        using var body = await RequestBody.ReadAsync(context.Request, limits.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
                detail: $"the body is larger than {limits.MaxBodyBytes} bytes");
        }

        var secret = settings[TrackerConnection.SecretSetting(connection)];
        var verdict = string.IsNullOrEmpty(secret)
            ? SignatureVerdict.Refused($"no tracker signing secret is configured for this connection (Adapters__{connection}__Tracker__Secret)")
            : kind == ConnectionKind.Linear
                ? LinearSignature.Verify(context.Request.Headers, body.Memory.Span, secret, time.GetUtcNow())
                : JiraWebhookSignature.Verify(context.Request.Headers, body.Memory.Span, secret, time.GetUtcNow());
        if (!verdict.Valid)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Signature refused",
                detail: $"{verdict.Refusal}; nothing was applied");
        }

        IssueStatus? status;
        try
        {
            using var document = JsonDocument.Parse(body.Memory, new JsonDocumentOptions { MaxDepth = 64 });
            status = kind == ConnectionKind.Linear ? IssueStatus.OfLinear(document.RootElement) : IssueStatus.OfJira(document.RootElement);
        }
        catch (JsonException ex)
        {
            return Api.Problems.Invalid("Invalid tracker payload", [Api.ProblemError.InBody("", $"the body is not valid JSON: {ex.Message}")],
                "1 problem(s) found; nothing of this payload was applied.");
        }

        if (status is null)
        {
            return TypedResults.Ok(new TrackerWebhookResponse(0, 1));
        }

        var grain = grains.GetGrain<IEngineeringTaskGrain>(status.TaskId);
        if (await grain.GetAsync() is not { External: { } external } || external.Connection != connection || !status.IsOf(external))
        {
            return TypedResults.Ok(new TrackerWebhookResponse(0, 1));
        }

        var taken = await grain.TrackerStatusAsync(new TaskUpdate(status.Status, null, status.By, status.Note), $"adapter:{connection}", status.At);
        return TypedResults.Ok(taken ? new TrackerWebhookResponse(1, 0) : new TrackerWebhookResponse(0, 1));
    }

    /// <summary>
    /// What an issue event says of one of our tasks: its id, the status it means, who moved it and to what, the issue
    /// it is of, and when it happened.
    /// </summary>
    private sealed record IssueStatus(string TaskId, string Status, string By, string Note, string? IssueId, string? IssueKey, DateTimeOffset At)
    {
        private const int MaxText = 200;

        /// <summary>
        /// Whether the event is of the task's linked issue, not merely one carrying its mark (Jira's Clone copies the
        /// labels): by the issue id, which survives a move between projects, else by the key; any issue while none is
        /// linked yet.
        /// </summary>
        public bool IsOf(ExternalIssue external) =>
            external.IssueId is { } id ? id == IssueId : external.IssueKey is not { } key || key == IssueKey;

        public static IssueStatus? OfLinear(JsonElement root)
        {
            // Only an update whose updatedFrom names stateId moved the issue: any other edit (a comment, a title, an
            // assignee) carries the issue's state as it was, and taking it would undo a status set here since.
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "type") != "Issue"
                || Text(root, "action") != "update"
                || !root.TryGetProperty("updatedFrom", out var updatedFrom) || updatedFrom.ValueKind != JsonValueKind.Object
                || !updatedFrom.TryGetProperty("stateId", out _)
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !TrackerIssueIds.TryTaskOfLinearId(Text(data, "id"), out var taskId)
                || !data.TryGetProperty("state", out var state) || state.ValueKind != JsonValueKind.Object
                || TrackerStatuses.OfLinearStateType(Text(state, "type")) is not { } status)
            {
                return null;
            }

            // The issue's own updatedAt orders its events; webhookTimestamp (checked with the signature) is when it was sent.
            var at = DateTimeOffset.TryParse(Text(data, "updatedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updatedAt)
                ? updatedAt
                : root.TryGetProperty("webhookTimestamp", out var sent) && sent.ValueKind == JsonValueKind.Number && sent.TryGetInt64(out var ms) && ms is > 0 and < 253402300799999
                    ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                    : (DateTimeOffset?)null;
            if (at is null)
            {
                return null;
            }

            var by = root.TryGetProperty("actor", out var actor) && actor.ValueKind == JsonValueKind.Object ? Text(actor, "name") : null;
            return new(
                taskId, status, Clean(by ?? "linear"), Clean($"Linear {Text(data, "identifier") ?? "issue"} is {Text(state, "name") ?? status}"),
                Text(data, "id"), Text(data, "identifier"), at.Value);
        }

        public static IssueStatus? OfJira(JsonElement root)
        {
            // Jira sends jira:issue_updated for every edit, comments included (ours among them); only one whose
            // changelog has a status item moved the issue. A created issue is one this service made for the task, so
            // its first status is no news.
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "webhookEvent") != "jira:issue_updated"
                || !StatusChanged(root)
                || !root.TryGetProperty("issue", out var issue) || issue.ValueKind != JsonValueKind.Object
                || !issue.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Object
                || !fields.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Array
                || !fields.TryGetProperty("status", out var jiraStatus) || jiraStatus.ValueKind != JsonValueKind.Object
                || !jiraStatus.TryGetProperty("statusCategory", out var category) || category.ValueKind != JsonValueKind.Object
                || TrackerStatuses.OfJiraCategory(Text(category, "key")) is not { } status)
            {
                return null;
            }

            string? taskId = null;
            foreach (var label in labels.EnumerateArray())
            {
                if (label.ValueKind == JsonValueKind.String && TrackerIssueIds.TryTaskOfJiraLabel(label.GetString(), out var id))
                {
                    taskId = id;
                    break;
                }
            }

            if (taskId is null)
            {
                return null;
            }

            if (!root.TryGetProperty("timestamp", out var stamp) || stamp.ValueKind != JsonValueKind.Number || !stamp.TryGetInt64(out var ms) || ms is <= 0 or >= 253402300799999)
            {
                return null;
            }

            var by = root.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object ? Text(user, "displayName") : null;
            return new(
                taskId, status, Clean(by ?? "jira"), Clean($"Jira {Text(issue, "key") ?? "issue"} is {Text(jiraStatus, "name") ?? status}"),
                Text(issue, "id"), Text(issue, "key"), DateTimeOffset.FromUnixTimeMilliseconds(ms));
        }

        /// <summary>Whether a Jira event's <c>changelog.items</c> has an item of the field <c>status</c>.</summary>
        private static bool StatusChanged(JsonElement root) =>
            root.TryGetProperty("changelog", out var changelog) && changelog.ValueKind == JsonValueKind.Object
            && changelog.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            && items.EnumerateArray().Any(item => item.ValueKind == JsonValueKind.Object && (Text(item, "fieldId") ?? Text(item, "field")) == "status");

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        // Vendor text reaches the audit trail: no control characters, and a bounded length.
        private static string Clean(string text)
        {
            var clean = new string([.. text.Where(c => !char.IsControl(c) && !char.IsSurrogate(c))]).Trim();
            return clean.Length == 0 ? "tracker" : clean.Length <= MaxText ? clean : clean[..MaxText];
        }
    }
}
