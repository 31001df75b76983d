namespace SlaEscalation.Grains.Slack;

/// <summary>Durable state of one escalation's Slack message.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Slack.SlackMessageState")]
public sealed class SlackMessageState
{
    /// <summary>The connection whose bot posted it (or is posting it).</summary>
    [Id(0)] public string? Connection { get; set; }

    /// <summary>The channel id it is in, as Slack answered it.</summary>
    [Id(1)] public string? Channel { get; set; }

    /// <summary>The message's <c>ts</c>: its id within the channel. Null until Slack answered the post.</summary>
    [Id(2)] public string? Ts { get; set; }

    /// <summary>SHA-256 of what Slack shows now, so an update that changes nothing is not sent.</summary>
    [Id(3)] public string? ShownHash { get; set; }

    /// <summary>When a post was first tried; set before the call, so a retry knows one may have reached Slack.</summary>
    [Id(4)] public DateTimeOffset? PostTriedAt { get; set; }

    /// <summary>How many times the message was updated in place.</summary>
    [Id(5)] public int Updates { get; set; }
}
