using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SlaEscalation.LoadTool;

/// <summary>
/// Writes a workload as Zendesk webhook payloads (<c>zen:event-type:ticket.*</c>, one event per request, as Zendesk
/// sends them) and signs each as Zendesk does: <c>X-Zendesk-Webhook-Signature</c> = base64 HMAC-SHA256 of
/// <c>X-Zendesk-Webhook-Signature-Timestamp</c> + the raw body, keyed with the webhook's signing secret.
/// </summary>
public static class ZendeskWebhookWriter
{
    /// <summary>The connection every Zendesk workload posts to, and its signing secret.</summary>
    public const string Connection = "load-zd";

    public const string Secret = "load-zendesk-signing-secret-0123456789";

    /// <summary>One event's payload; the ticket id is the number after the ticket key's last '-' plus <paramref name="offset"/>.</summary>
    public static byte[] Payload(LoadEvent e, long offset)
    {
        var ticketId = long.Parse(e.Ticket.AsSpan(e.Ticket.LastIndexOf('-') + 1), CultureInfo.InvariantCulture) + offset;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "zen:event-type:ticket." + e.Step switch
            {
                0 => "created",
                3 => "status_changed",
                _ => "comment_added",
            });
            json.WriteString("account_id", "1000001");
            json.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"zd-{ticketId}-{e.Step}"));
            json.WriteString("subject", string.Create(CultureInfo.InvariantCulture, $"zen:ticket:{ticketId}"));
            json.WriteString("time", e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("zendesk_event_version", "2022-11-06");
            json.WriteStartObject("detail");
            json.WriteString("id", ticketId.ToString(CultureInfo.InvariantCulture));
            json.WriteString("priority", "high");
            json.WriteString("status", e.Step >= 3 ? "pending" : "open");
            json.WriteString("subject", "Load test ticket: the export has been failing since this morning");
            json.WriteString("requester_id", "900");
            json.WriteEndObject();
            json.WriteStartObject("event");
            switch (e.Step)
            {
                case 0:
                    break;
                case 3:
                    json.WriteString("previous", "open");
                    json.WriteString("current", "pending");
                    break;
                default:
                    // Odd steps are the requester writing, even ones an agent answering.
                    json.WriteStartObject("comment");
                    json.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"{ticketId}{e.Step}"));
                    json.WriteBoolean("is_public", true);
                    json.WriteStartObject("author");
                    json.WriteString("id", e.Step % 2 == 1 ? "900" : "31");
                    json.WriteBoolean("is_staff", e.Step % 2 == 0);
                    json.WriteEndObject();
                    json.WriteEndObject();
                    break;
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The body as a request's content, signed now.</summary>
    public static HttpContent Signed(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var prefix = Encoding.UTF8.GetBytes(timestamp);
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.TryAddWithoutValidation("X-Zendesk-Webhook-Signature", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)));
        content.Headers.TryAddWithoutValidation("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
        return content;
    }
}
