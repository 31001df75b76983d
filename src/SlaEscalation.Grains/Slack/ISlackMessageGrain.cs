namespace SlaEscalation.Grains.Slack;

/// <summary>One escalation's Slack message, keyed by the escalation id: posted once, then updated in place.</summary>
[Alias("SlaEscalation.Grains.Slack.ISlackMessageGrain")]
public interface ISlackMessageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Makes Slack show the escalation as it is now: posts its message the first time, updates it in place after, and
    /// sends nothing when Slack shows it already. One attempt; the caller's delivery retries.
    /// </summary>
    Task<SlackMessageOutcome> ShowAsync();
}
