namespace SlaEscalation.Domain;

/// <summary>Marker for the Domain assembly.</summary>
public static class DomainAssembly;
