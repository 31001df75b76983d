using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tasks;

namespace SlaEscalation.Silo.Trackers;

/// <summary>
/// Linear through its GraphQL API, authenticated with the API key as the whole <c>Authorization</c> header. A task's
/// issue is made with a client-supplied id derived from the task id (<see cref="TrackerIssueIds.LinearId"/>), which a
/// retry asks for before making anything.
/// </summary>
public sealed class LinearTracker(HttpClient http, TimeProvider time) : ITrackerClient
{
    private const string FindQuery = "query SlaTaskIssue($id: ID!) { issues(filter: { id: { eq: $id } }) { nodes { id identifier url } } }";
    private const string CreateMutation = "mutation SlaTaskCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { id identifier url } } }";
    private const string CommentMutation = "mutation SlaTaskComment($input: CommentCreateInput!) { commentCreate(input: $input) { success } }";

    public string Tracker => "linear";

    public async Task<TrackerCall<ExternalIssueLink>> FindAsync(TrackerConnection connection, EngineeringTaskView task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var (data, failure) = await SendAsync(connection, FindQuery, new JsonObject { ["id"] = TrackerIssueIds.LinearId(task.Id) }, cancellationToken);
        if (failure is not null)
        {
            return TrackerCall<ExternalIssueLink>.Failed(failure);
        }

        if (!data!.Value.TryGetProperty("issues", out var issues) || issues.ValueKind != JsonValueKind.Object
            || !issues.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
        {
            return TrackerCall<ExternalIssueLink>.Failed(DeliveryOutcome.Retry("Linear answered the search without issues.nodes"));
        }

        if (nodes.GetArrayLength() == 0)
        {
            return TrackerCall<ExternalIssueLink>.Of(null);
        }

        return LinkOf(nodes[0]) is { } link
            ? TrackerCall<ExternalIssueLink>.Of(link)
            : TrackerCall<ExternalIssueLink>.Failed(DeliveryOutcome.Retry("Linear answered the search with an issue without its id, identifier and url"));
    }

    public async Task<TrackerCall<ExternalIssueLink>> CreateAsync(
        TrackerConnection connection, TrackerCommand command, EngineeringTaskView task, TaskStory story, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(story);
        var input = new JsonObject
        {
            ["id"] = TrackerIssueIds.LinearId(task.Id),
            ["teamId"] = command.LinearTeamId,
            ["title"] = story.Title,
            ["description"] = story.Markdown(),
        };
        if (command.Priority is { } priority && int.TryParse(priority, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            input["priority"] = number;
        }

        var (data, failure) = await SendAsync(connection, CreateMutation, new JsonObject { ["input"] = input }, cancellationToken);
        if (failure is not null)
        {
            return TrackerCall<ExternalIssueLink>.Failed(failure);
        }

        return data!.Value.TryGetProperty("issueCreate", out var created) && created.ValueKind == JsonValueKind.Object
            && created.TryGetProperty("issue", out var issue) && LinkOf(issue) is { } link
            ? TrackerCall<ExternalIssueLink>.Of(link)
            : TrackerCall<ExternalIssueLink>.Failed(DeliveryOutcome.Retry("Linear answered issueCreate without the issue's id, identifier and url"));
    }

    public async Task<TrackerCall<bool>> CommentAsync(TrackerConnection connection, ExternalIssue issue, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var input = new JsonObject { ["issueId"] = issue.IssueId, ["body"] = text };
        var (_, failure) = await SendAsync(connection, CommentMutation, new JsonObject { ["input"] = input }, cancellationToken);
        return failure is not null ? TrackerCall<bool>.Failed(failure) : TrackerCall<bool>.Of(true);
    }

    /// <summary>An issue's id, identifier and url; null when the answer lacks any of them.</summary>
    private static ExternalIssueLink? LinkOf(JsonElement issue) =>
        TrackerAnswers.Text(issue, "id") is { } id && TrackerAnswers.Text(issue, "identifier") is { } identifier && TrackerAnswers.Text(issue, "url") is { } url
            ? new(id, identifier, url)
            : null;

    /// <summary>
    /// Posts one operation; its <c>data</c>, or the failure. GraphQL errors come with 200 or 400: Linear's
    /// <c>RATELIMITED</c> code is retried like a 429, any other error is final.
    /// </summary>
    private async Task<(JsonElement? Data, DeliveryOutcome? Failure)> SendAsync(
        TrackerConnection connection, string query, JsonObject variables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var body = new JsonObject { ["query"] = query, ["variables"] = variables };
        using var request = new HttpRequestMessage(HttpMethod.Post, connection.BaseUrl)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", connection.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonDocument? document = null;
            try
            {
                document = text.Length > 0 ? JsonDocument.Parse(text) : null;
            }
            catch (JsonException)
            {
                // Not GraphQL: a proxy's page, say. The status decides.
            }

            using (document)
            {
                var root = document?.RootElement;
                if (root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
                {
                    var first = errors[0];
                    var message = TrackerAnswers.Text(first, "message") ?? "";
                    var code = first.ValueKind == JsonValueKind.Object && first.TryGetProperty("extensions", out var ext) ? TrackerAnswers.Text(ext, "code") : null;
                    var error = $"HTTP {(int)response.StatusCode}: {code ?? "GRAPHQL_ERROR"}: {TrackerAnswers.Clip(message)}";
                    return (null, code == "RATELIMITED" || (int)response.StatusCode == 429 || (int)response.StatusCode >= 500
                        ? DeliveryOutcome.Retry(error, response.Headers.RetryAfter?.Delta)
                        : DeliveryOutcome.Rejected(error));
                }

                if (!response.IsSuccessStatusCode)
                {
                    return (null, await TrackerAnswers.FailureOfAsync(response, time.GetUtcNow(), cancellationToken));
                }

                return root is { ValueKind: JsonValueKind.Object } ok && ok.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                    ? (data.Clone(), null)
                    : (null, DeliveryOutcome.Retry(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} without GraphQL data")));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, TrackerAnswers.NoAnswer(ex));
        }
    }
}
