namespace SlaEscalation.Grains;

/// <summary>Marker for the Grains assembly.</summary>
public static class GrainsAssembly;
