using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Grains.Configuration;

/// <summary>A validated configuration and the version it was stored under (0 before anything is stored).</summary>
public sealed record VersionedConfiguration(long Version, SlaConfiguration Configuration);
