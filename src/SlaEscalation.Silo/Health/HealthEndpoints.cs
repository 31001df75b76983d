using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Npgsql;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Health;

/// <summary>
/// <c>/health/live</c>: the process serves requests. <c>/health/ready</c>: the silo is active and, when durable,
/// PostgreSQL answers. Both stay open without a key (probes carry none) and reveal nothing but the status.
/// </summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    /// <summary>The methods a read-only operator endpoint takes.</summary>
    public static readonly HttpMethodMetadata ReadOnly = new([HttpMethods.Get, HttpMethods.Head]);

    public static IServiceCollection AddSlaHealth(this IServiceCollection services, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var checks = services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo", tags: [ReadyTag]);
        if (settings.Mode == StorageMode.Durable)
        {
            // One instance, so its cached answer serves every probe.
            services.AddSingleton<PostgresHealthCheck>();
            checks.AddCheck<PostgresHealthCheck>("postgres", failureStatus: null, tags: [ReadyTag]);
        }

        return services;
    }

    public static IEndpointRouteBuilder MapSlaHealth(this IEndpointRouteBuilder endpoints)
    {
        // A probe reads: any other method is a 405 naming the two it takes, as for /metrics on the management port.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithMetadata(ReadOnly);
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).WithMetadata(ReadOnly);
        return endpoints;
    }

    /// <summary>Registers the data source the durable checks use (the Orleans providers keep their own pools).</summary>
    public static IServiceCollection AddPostgres(this IServiceCollection services, NpgsqlDataSource dataSource) =>
        services.AddSingleton(dataSource);
}
