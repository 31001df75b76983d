using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Adapters.Zendesk.CatchUp;
using SlaEscalation.Silo.Notifications;

namespace SlaEscalation.Silo.Adapters.Zendesk.Notes;

/// <summary>
/// Leaves an internal note on the Zendesk ticket when its escalation is raised or acknowledged, for tickets of a
/// connection with <c>Adapters__{connection}__InternalNotes=true</c>; other tickets are skipped. A retry first reads
/// the ticket's newest comments for the note's mark, so a note whose answer was lost is not left twice. Zendesk's
/// <c>429</c> and <c>5xx</c> are retried (honouring <c>Retry-After</c>), any other refusal is final.
/// </summary>
public sealed class ZendeskNoteChannel(IReadOnlyList<ZendeskCatchUpConnection> connections, HttpClient http, TimeProvider time) : INotificationChannel
{
    /// <summary>The channel's name, in delivery grain keys and failure records.</summary>
    public const string ChannelName = "zendesk-note";

    /// <summary>The name of the HTTP client the notes share.</summary>
    public const string HttpClientName = "zendesk-note";

    public string Name => ChannelName;

    public bool Accepts(string type) => type is EscalationNoticeTypes.Raised or EscalationNoticeTypes.Acknowledged;

    public async Task<DeliveryOutcome> DeliverAsync(Notification notification, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var notice = JsonSerializer.Deserialize<EscalationNotice>(notification.DataJson, JsonSerializerOptions.Web)
            ?? throw new JsonException("the notification's data is not an escalation notice");
        foreach (var connection in connections)
        {
            if (ZendeskNote.TicketId(notice.TicketKey, connection.Name) is { } ticket)
            {
                return await NoteAsync(connection, ticket, notice, attempt, cancellationToken);
            }
        }

        return DeliveryOutcome.Delivered;
    }

    private async Task<DeliveryOutcome> NoteAsync(ZendeskCatchUpConnection connection, long ticket, EscalationNotice notice, int attempt, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"api/v2/tickets/{ticket}");
        try
        {
            if (attempt > 1)
            {
                // An earlier attempt may have left the note though its answer never came.
                using var lookup = Request(connection, HttpMethod.Get, path + "/comments.json?sort_order=desc", null);
                using var comments = await http.SendAsync(lookup, cancellationToken);
                var read = WebhookChannel.Classify(comments, time.GetUtcNow());
                if (read.Kind != DeliveryOutcomeKind.Delivered)
                {
                    return read with { Error = $"Zendesk comments of ticket {ticket}: {read.Error}" };
                }

                if (JsonNode.Parse(await comments.Content.ReadAsStringAsync(cancellationToken)) is JsonObject found && ZendeskNote.Holds(found, notice.NoticeId))
                {
                    return DeliveryOutcome.Delivered;
                }
            }

            using var request = Request(connection, HttpMethod.Put, path + ".json", ZendeskNote.Update(ZendeskNote.Text(notice)));
            using var response = await http.SendAsync(request, cancellationToken);
            var outcome = WebhookChannel.Classify(response, time.GetUtcNow());
            return outcome.Kind == DeliveryOutcomeKind.Delivered ? outcome : outcome with { Error = $"Zendesk ticket {ticket}: {outcome.Error}" };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Retry($"Zendesk ticket {ticket}: no answer in time");
        }
        catch (HttpRequestException ex)
        {
            return DeliveryOutcome.Retry($"Zendesk ticket {ticket}: network error {ex.HttpRequestError}");
        }
        catch (JsonException)
        {
            return DeliveryOutcome.Retry($"Zendesk comments of ticket {ticket}: the answer is not JSON");
        }
    }

    private static HttpRequestMessage Request(ZendeskCatchUpConnection connection, HttpMethod method, string path, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, new Uri(connection.BaseUrl, path));
        request.Headers.Authorization = connection.Authorization();
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }
}
