namespace SlaEscalation.Silo.Hosting;

/// <summary>Valid settings, or every error that stops start-up.</summary>
public sealed record SiloSettingsResult(SiloSettings? Settings, IReadOnlyList<string> Errors);
