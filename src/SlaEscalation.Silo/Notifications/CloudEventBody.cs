using System.Buffers;
using System.Globalization;
using System.Text.Json;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Notifications;

/// <summary>
/// A notification as a CloudEvents 1.0 structured-mode JSON body: <c>specversion</c>, <c>id</c> (the delivery key),
/// <c>source</c>, <c>type</c>, <c>subject</c>, <c>time</c> (RFC 3339, UTC), <c>datacontenttype</c>
/// (<c>application/json</c>), the extensions <c>team</c> and <c>recipient</c> when set, and <c>data</c> (the
/// notification's JSON as it is). The same notification always gives the same bytes, so every attempt sends one body.
/// </summary>
public static class CloudEventBody
{
    public static byte[] Write(Notification notification, string source)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var buffer = new ArrayBufferWriter<byte>(512 + notification.DataJson.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("specversion", "1.0");
            json.WriteString("id", notification.DeliveryKey);
            json.WriteString("source", source);
            json.WriteString("type", notification.Type);
            json.WriteString("subject", notification.Subject);
            json.WriteString("time", notification.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            json.WriteString("datacontenttype", "application/json");
            if (notification.Team is not null)
            {
                json.WriteString("team", notification.Team);
            }

            if (notification.Recipient is not null)
            {
                json.WriteString("recipient", notification.Recipient);
            }

            json.WritePropertyName("data");
            json.WriteRawValue(notification.DataJson);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
