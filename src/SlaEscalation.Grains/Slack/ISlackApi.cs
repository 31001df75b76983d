using System.Text.Json.Nodes;

namespace SlaEscalation.Grains.Slack;

/// <summary>
/// Slack's Web API as the Slack channel uses it: one method call with a connection's bot token. The silo registers
/// the real one; it keeps to Slack's pace per channel and reads <c>429</c>, <c>Retry-After</c> and Slack's own
/// <c>ok: false</c> answers into a <see cref="Notifications.DeliveryOutcome"/>.
/// </summary>
public interface ISlackApi
{
    /// <summary>
    /// Calls <paramref name="method"/> (<c>chat.postMessage</c>, <c>chat.update</c>, <c>conversations.history</c>)
    /// with <paramref name="arguments"/> as its JSON body, as the bot of <paramref name="connection"/>. Returns how it
    /// went and, when delivered, the message's channel id and <c>ts</c> and Slack's whole answer.
    /// </summary>
    Task<SlackAnswer> CallAsync(string connection, string method, JsonObject arguments, CancellationToken cancellationToken);
}
