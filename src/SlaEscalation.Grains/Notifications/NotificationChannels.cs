namespace SlaEscalation.Grains.Notifications;

/// <summary>The channels this silo delivers through, by name: the event bus, and one per configured webhook endpoint.</summary>
public sealed class NotificationChannels
{
    private readonly Dictionary<string, INotificationChannel> byName = new(StringComparer.Ordinal);

    public NotificationChannels(IEnumerable<INotificationChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        foreach (var channel in channels)
        {
            if (!IsName(channel.Name))
            {
                throw new ArgumentException($"notification channel name '{channel.Name}' must be 1-48 characters of a-z, 0-9, ':', '_', '.' or '-'", nameof(channels));
            }

            if (!byName.TryAdd(channel.Name, channel))
            {
                throw new ArgumentException($"two notification channels are named '{channel.Name}'", nameof(channels));
            }
        }

        All = [.. byName.Values];
    }

    /// <summary>Every channel, in registration order.</summary>
    public IReadOnlyList<INotificationChannel> All { get; }

    /// <summary>The channels that take notifications of <paramref name="type"/>.</summary>
    public IEnumerable<INotificationChannel> For(string type) => All.Where(c => c.Accepts(type));

    /// <summary>The channel named <paramref name="name"/>, if this silo has it.</summary>
    public INotificationChannel? Find(string name) => byName.GetValueOrDefault(name);

    private static bool IsName(string? name) =>
        name is { Length: > 0 and <= 48 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is ':' or '_' or '.' or '-');
}
