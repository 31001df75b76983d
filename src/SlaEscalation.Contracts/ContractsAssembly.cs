namespace SlaEscalation.Contracts;

/// <summary>Marker for the Contracts assembly.</summary>
public static class ContractsAssembly;
