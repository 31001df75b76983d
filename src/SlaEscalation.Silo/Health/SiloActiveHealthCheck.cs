using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SlaEscalation.Silo.Health;

/// <summary>Ready only while this silo is an active cluster member (not joining, not shutting down).</summary>
public sealed class SiloActiveHealthCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(oracle.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("silo is active")
            : HealthCheckResult.Unhealthy($"silo is {oracle.CurrentStatus}"));
}
