using System.Text.Json.Nodes;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Slack;

/// <summary>
/// Slack's answer to one call: how it went and, for a message posted or updated, its channel id and <c>ts</c>;
/// <see cref="Body"/> is the whole answer when Slack said <c>ok</c> (a history lookup reads its messages).
/// </summary>
public sealed record SlackAnswer(DeliveryOutcome Outcome, string? Channel = null, string? Ts = null, JsonObject? Body = null);
