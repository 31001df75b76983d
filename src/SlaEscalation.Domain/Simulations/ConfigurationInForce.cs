using NodaTime;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Domain.Simulations;

/// <summary>A configuration version and the instant it came into force.</summary>
/// <param name="Since">When it came into force (it stays until the next version's).</param>
/// <param name="Configuration">The configuration.</param>
public sealed record ConfigurationInForce(Instant Since, SlaConfiguration Configuration);
