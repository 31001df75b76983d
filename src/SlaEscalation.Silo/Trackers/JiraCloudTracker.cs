using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tasks;

namespace SlaEscalation.Silo.Trackers;

/// <summary>
/// Jira Cloud through its REST API v3, authenticated with <c>Basic email:api-token</c>. A task's issue carries the
/// label <c>sla-{task id}</c>, which a JQL search finds again.
/// </summary>
public sealed class JiraCloudTracker(HttpClient http, TimeProvider time) : ITrackerClient
{
    public string Tracker => "jira";

    public async Task<TrackerCall<ExternalIssueLink>> FindAsync(TrackerConnection connection, EngineeringTaskView task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(task);
        var body = new JsonObject
        {
            ["jql"] = $"labels = \"{TrackerIssueIds.JiraLabel(task.Id)}\"",
            ["fields"] = new JsonArray("summary"),
            ["maxResults"] = 1,
        };
        var (answer, failure) = await SendAsync(connection, "rest/api/3/search/jql", body, cancellationToken);
        if (failure is not null)
        {
            return TrackerCall<ExternalIssueLink>.Failed(failure);
        }

        using (answer)
        {
            var issues = answer!.RootElement.TryGetProperty("issues", out var list) && list.ValueKind == JsonValueKind.Array ? list : default;
            if (issues.ValueKind != JsonValueKind.Array || issues.GetArrayLength() == 0)
            {
                return TrackerCall<ExternalIssueLink>.Of(null);
            }

            return LinkOf(connection, issues[0]) is { } link
                ? TrackerCall<ExternalIssueLink>.Of(link)
                : TrackerCall<ExternalIssueLink>.Failed(DeliveryOutcome.Retry("Jira answered the search with an issue without its id and key"));
        }
    }

    public async Task<TrackerCall<ExternalIssueLink>> CreateAsync(
        TrackerConnection connection, TrackerCommand command, EngineeringTaskView task, TaskStory story, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(story);
        var fields = new JsonObject
        {
            ["project"] = new JsonObject { ["key"] = command.Project },
            ["issuetype"] = new JsonObject { ["name"] = command.IssueType },
            ["summary"] = story.Title,
            ["description"] = story.Adf(),
            ["labels"] = new JsonArray(TrackerIssueIds.JiraLabel(task.Id)),
        };
        if (command.Priority is { } priority)
        {
            fields["priority"] = new JsonObject { ["name"] = priority };
        }

        var (answer, failure) = await SendAsync(connection, "rest/api/3/issue", new JsonObject { ["fields"] = fields }, cancellationToken);
        if (failure is not null)
        {
            return TrackerCall<ExternalIssueLink>.Failed(failure);
        }

        // Made but unreadable: the retry's search finds the issue by its label instead of making a second.
        using (answer)
        {
            return LinkOf(connection, answer!.RootElement) is { } link
                ? TrackerCall<ExternalIssueLink>.Of(link)
                : TrackerCall<ExternalIssueLink>.Failed(DeliveryOutcome.Retry("Jira answered the new issue without its id and key"));
        }
    }

    public async Task<TrackerCall<bool>> CommentAsync(TrackerConnection connection, ExternalIssue issue, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var path = $"rest/api/3/issue/{Uri.EscapeDataString(issue.IssueKey ?? issue.IssueId!)}/comment";
        var (answer, failure) = await SendAsync(connection, path, new JsonObject { ["body"] = TaskStory.AdfParagraph(text) }, cancellationToken);
        answer?.Dispose();
        return failure is not null ? TrackerCall<bool>.Failed(failure) : TrackerCall<bool>.Of(true);
    }

    /// <summary>An issue's id and key and its page; null when the answer lacks them.</summary>
    private static ExternalIssueLink? LinkOf(TrackerConnection connection, JsonElement issue) =>
        TrackerAnswers.Text(issue, "id") is { } id && TrackerAnswers.Text(issue, "key") is { } key
            ? new ExternalIssueLink(id, key, new Uri(Directory(connection.SiteUrl ?? connection.BaseUrl), "browse/" + Uri.EscapeDataString(key)).ToString())
            : null;

    /// <summary>The URL as a directory, so a relative path extends it (<c>.../ex/jira/{cloudId}/rest/...</c>) rather than replacing its last segment.</summary>
    private static Uri Directory(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    private async Task<(JsonDocument? Answer, DeliveryOutcome? Failure)> SendAsync(
        TrackerConnection connection, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Directory(connection.BaseUrl), path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", TrackerAnswers.Basic(connection.Email!, connection.Token));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, await TrackerAnswers.FailureOfAsync(response, time.GetUtcNow(), cancellationToken));
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
            }
            catch (JsonException)
            {
                // A proxy's or a login page with a 2xx: the answer is not Jira's, and the next attempt may be.
                return (null, DeliveryOutcome.Retry($"HTTP {(int)response.StatusCode} with a body that is not JSON"));
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, DeliveryOutcome.Retry($"HTTP {(int)response.StatusCode} with JSON that is not an object"));
            }

            return (document, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, TrackerAnswers.NoAnswer(ex));
        }
    }
}
