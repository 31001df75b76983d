using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace SlaEscalation.Silo.Health;

/// <summary>
/// Ready only while PostgreSQL answers: without it the silo cannot store state, clocks or membership. The probe's
/// answer is kept for <see cref="CacheFor"/>: <c>/health/ready</c> needs no key, so without it anyone could turn
/// a flood of probes into a flood of database round trips.
/// </summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, TimeProvider time) : IHealthCheck, IDisposable
{
    /// <summary>How long one probe's answer stands for every probe after it.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim probing = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        // One probe at a time: those waiting take its answer.
        await probing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } probed)
            {
                return probed;
            }

            var result = await ProbeAsync(cancellationToken);
            last = (result, time.GetUtcNow());
            return result;
        }
        finally
        {
            probing.Release();
        }
    }

    public void Dispose() => probing.Dispose();

    private HealthCheckResult? Fresh() =>
        last is { } known && time.GetUtcNow() - known.At < CacheFor ? known.Result : null;

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", ex);
        }
    }
}
