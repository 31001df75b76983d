using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace SlaEscalation.LoadTool;

/// <summary>Writes workloads as CloudEvents batch bodies and the one policy every workload runs under.</summary>
public static class CloudEventWriter
{
    /// <summary>A batch body for <c>POST /v1/events</c>.</summary>
    public static byte[] Batch(IEnumerable<LoadEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var e in events)
            {
                Write(json, e);
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// One policy for every ticket on the 24x7 calendar. At-risk at half the first-reply target, so for tickets
    /// created long enough ago it is emitted on ingest and the deadline window carries breaches only. With a
    /// <paramref name="runbook"/>, the policy escalates under it.
    /// </summary>
    public static byte[] Policies(TimeSpan firstReply, string? runbook = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("id", "load");
            if (runbook is not null)
            {
                json.WriteString("runbook", runbook);
            }

            json.WriteStartObject("targets");
            foreach (var priority in (string[])["low", "normal", "high", "urgent"])
            {
                json.WriteStartObject(priority);
                Target(json, "first_reply", System.Xml.XmlConvert.ToString(firstReply));
                Target(json, "next_reply", "PT8H");
                Target(json, "resolution", "P3D");
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartObject("atRisk");
            json.WriteStartObject("first_reply");
            json.WriteNumber("percent", 50);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Target(Utf8JsonWriter json, string metric, string duration)
    {
        json.WriteStartObject(metric);
        json.WriteString("target", duration);
        json.WriteString("calendar", "24x7");
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, LoadEvent e)
    {
        json.WriteStartObject();
        json.WriteString("specversion", "1.0");
        json.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"{e.Ticket}#{e.Step}"));
        json.WriteString("source", "load");
        json.WriteString("type", e.Step switch
        {
            0 => "ticket.created",
            3 => "ticket.updated",
            _ => "ticket.comment_added",
        });
        json.WriteString("subject", e.Ticket);
        json.WriteString("time", e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        json.WriteStartObject("data");
        switch (e.Step)
        {
            case 0:
                json.WriteString("priority", "high");
                json.WriteString("team", "support");
                json.WriteString("subject", "Load test ticket: the export has been failing since this morning");
                json.WriteString("requester", "customer@example.com");
                json.WriteString("channel", "email");
                break;
            case 3:
                json.WriteString("status", "pending");
                break;
            default:
                // Odd steps are the requester writing, even ones an agent answering.
                json.WriteString("authorRole", e.Step % 2 == 1 ? "requester" : "agent");
                json.WriteBoolean("public", true);
                break;
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
