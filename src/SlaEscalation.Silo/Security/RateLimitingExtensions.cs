using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Security;

/// <summary>
/// Limits each API key's requests per silo (<see cref="RateLimitSettings"/>); past its share a key is answered
/// <c>429</c> with <c>Retry-After</c> as a problem, and its request does nothing. Requests without a key (the
/// health probes; everything else is refused with <c>401</c> before this) are not counted.
/// </summary>
public static class RateLimitingExtensions
{
    public static IServiceCollection AddSlaRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var (settings, errors) = RateLimitSettings.Load(configuration);
        if (errors.Count > 0)
        {
            throw new StartupFailure(string.Join(" ", errors));
        }

        services.AddSingleton(settings);
        if (!settings.Enabled)
        {
            return services;
        }

        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.Identity is { IsAuthenticated: true, Name: { } key }
                    ? RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = settings.Burst,
                        TokensPerPeriod = settings.RequestsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = (context, _) => RejectAsync(context);
        });
        return services;
    }

    /// <summary>Adds the limiter to the pipeline, after authentication has named the key.</summary>
    public static IApplicationBuilder UseSlaRateLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.ApplicationServices.GetRequiredService<RateLimitSettings>().Enabled ? app.UseRateLimiter() : app;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var settings = context.RequestServices.GetRequiredService<RateLimitSettings>();
        await TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                detail: string.Create(CultureInfo.InvariantCulture,
                    $"the API key '{context.User.FindFirstValue(ClaimTypes.Name)}' made more than {settings.RequestsPerSecond} requests a second (bursts up to {settings.Burst}) of this silo; nothing was done: resend after Retry-After"))
            .ExecuteAsync(context);
    }
}
