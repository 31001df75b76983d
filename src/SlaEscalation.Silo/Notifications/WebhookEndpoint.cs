using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Notifications;

/// <summary>
/// One configured webhook receiver. Its <see cref="Url"/> and <see cref="Secret"/> are never logged or written to
/// grain state (a Slack-style URL is itself a secret): deliveries and failures name the endpoint by <see cref="Name"/>.
/// </summary>
/// <param name="Name">Stable name: the channel is <c>webhook:{Name}</c>, so renaming it starts its deliveries afresh.</param>
/// <param name="Url">Where deliveries are POSTed (absolute http or https).</param>
/// <param name="Secret">The HMAC-SHA256 key the signatures use.</param>
/// <param name="Types">Type filter: exact types, <c>prefix.*</c>, or <c>*</c>; empty takes every type.</param>
public sealed record WebhookEndpoint(string Name, Uri Url, string Secret, IReadOnlyList<string> Types)
{
    /// <summary>Whether this endpoint takes notifications of <paramref name="type"/>.</summary>
    public bool Accepts(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Types.Count == 0 || Types.Any(filter => NotificationTypes.Takes(filter, type));
    }

    /// <summary>Names the endpoint only: the generated form would print the secret.</summary>
    public override string ToString() => $"webhook endpoint {Name}";
}
