namespace SlaEscalation.Grains;

/// <summary>The internal event bus: an Orleans stream provider every silo registers under this name.</summary>
public static class EventBus
{
    public const string ProviderName = "EventBus";
}
