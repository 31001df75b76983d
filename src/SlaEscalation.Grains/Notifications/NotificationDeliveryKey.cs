using System.Security.Cryptography;
using System.Text;

namespace SlaEscalation.Grains.Notifications;

/// <summary>
/// The key of a <see cref="NotificationDeliveryGrain"/>: <c>{channel}/{SHA-256 of the delivery key, hex}</c>. A delivery
/// key may be 400 characters, but Orleans keeps a reminder's grain id in 150, so the key is hashed; the grain's state
/// holds the notification itself.
/// </summary>
public static class NotificationDeliveryKey
{
    /// <summary>The grain key of <paramref name="deliveryKey"/> on <paramref name="channel"/>.</summary>
    public static string Of(string channel, string deliveryKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(deliveryKey);
        return $"{channel}/{Hash(deliveryKey)}";
    }

    /// <summary>The channel a grain key names.</summary>
    public static string ChannelOf(string grainKey)
    {
        ArgumentNullException.ThrowIfNull(grainKey);
        var slash = grainKey.LastIndexOf('/');
        return slash > 0 ? grainKey[..slash] : throw new ArgumentException($"'{grainKey}' is not a notification delivery key", nameof(grainKey));
    }

    /// <summary>Whether <paramref name="grainKey"/> is the key of <paramref name="deliveryKey"/> on its channel.</summary>
    public static bool Matches(string grainKey, string deliveryKey) =>
        string.Equals(grainKey, Of(ChannelOf(grainKey), deliveryKey), StringComparison.Ordinal);

    private static string Hash(string deliveryKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)));
}
