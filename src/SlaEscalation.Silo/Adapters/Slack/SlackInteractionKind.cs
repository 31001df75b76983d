namespace SlaEscalation.Silo.Adapters.Slack;

/// <summary>What a press on an escalation's message asks for.</summary>
public enum SlackInteractionKind
{
    Acknowledge,
    HandOff,
}
