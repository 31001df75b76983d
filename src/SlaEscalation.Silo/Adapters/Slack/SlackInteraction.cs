using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using SlaEscalation.Grains.Slack;

namespace SlaEscalation.Silo.Adapters.Slack;

/// <summary>
/// A button press or menu choice on an escalation's message, read from a <c>block_actions</c> payload: who (the
/// Slack user id), which escalation, what (acknowledge, or hand off to an agent), and where to answer
/// (<c>response_url</c>).
/// </summary>
public sealed record SlackInteraction(string SlackUser, string EscalationId, SlackInteractionKind Kind, string? HandOffTo, Uri? ResponseUrl)
{
    /// <summary>
    /// Reads the form body Slack posts (<c>payload=</c> and the JSON); null for a payload that is not a press on one
    /// of our messages' elements (another type, another action), which is acknowledged and ignored.
    /// </summary>
    /// <exception cref="JsonException">The body holds no JSON payload.</exception>
    public static SlackInteraction? Read(string formBody)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        var form = QueryHelpers.ParseQuery(formBody);
        if (!form.TryGetValue("payload", out var payloads) || payloads.Count != 1 || string.IsNullOrEmpty(payloads[0]))
        {
            throw new JsonException("the body has no payload field");
        }

        using var document = JsonDocument.Parse(payloads[0]!);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != "block_actions"
            || !root.TryGetProperty("user", out var user) || Text(user, "id") is not { } userId
            || !root.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0)
        {
            return null;
        }

        var action = actions[0];
        var responseUrl = Text(root, "response_url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;
        switch (Text(action, "action_id"))
        {
            case SlackEscalationMessage.AcknowledgeAction when Text(action, "value") is { } escalation:
                return new(userId, escalation, SlackInteractionKind.Acknowledge, null, responseUrl);
            case SlackEscalationMessage.HandOffAction
                when Text(action, "block_id") is { } block && block.StartsWith(SlackEscalationMessage.ActionsBlockPrefix, StringComparison.Ordinal)
                && action.TryGetProperty("selected_option", out var option) && option.ValueKind == JsonValueKind.Object && Text(option, "value") is { } agent:
                return new(userId, block[SlackEscalationMessage.ActionsBlockPrefix.Length..], SlackInteractionKind.HandOff, agent, responseUrl);
            default:
                return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
