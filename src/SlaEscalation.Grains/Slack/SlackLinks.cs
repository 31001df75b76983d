namespace SlaEscalation.Grains.Slack;

/// <summary>
/// Where Slack readers reach this service: the public base URL each Slack connection names
/// (<c>Adapters__{connection}__PublicUrl</c>), for links such as the full digest's.
/// </summary>
public sealed record SlackLinks(IReadOnlyDictionary<string, Uri> PublicUrls)
{
    /// <summary>No links: messages name paths only.</summary>
    public static readonly SlackLinks None = new(new Dictionary<string, Uri>(StringComparer.Ordinal));
}
