using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Silo.Api;

/// <summary>
/// The Orleans dashboard's silo pages take a silo address from the path and hand it to a grain unchecked: a malformed
/// one fails that grain's activation (a <c>500</c>), and one no silo has waits on a silo that never answers (a
/// <c>503</c> saying the cluster is lost). Here an address that is not an active silo of the cluster is a <c>404</c>
/// problem naming it, before the dashboard sees it; placed after authorization, so the dashboard's key still comes first.
/// </summary>
public static class DashboardSiloGuard
{
    /// <summary>The dashboard's pages whose last segments are a silo address.</summary>
    private static readonly string[] SiloPages = ["HistoricalStats", "SiloProperties", "SiloMetadata", "SiloStats", "SiloCounters"];

    public static IApplicationBuilder UseSlaDashboardSiloGuard(this IApplicationBuilder app, string prefix) => app.Use(async (context, next) =>
    {
        if (SiloAddressIn(context.Request.Path, prefix) is { } address && !IsActiveSilo(context.RequestServices, address))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown silo",
                detail: $"'{StoredText.Printable(address, 120)}' is not an active silo of this cluster; the dashboard's silo list names each by its address.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    /// <summary>The silo address a silo page of the dashboard under <paramref name="prefix"/> names; null for any other path.</summary>
    private static string? SiloAddressIn(PathString path, string prefix)
    {
        if (!path.StartsWithSegments(prefix, StringComparison.Ordinal, out var rest) || rest.Value is not { Length: > 1 } tail)
        {
            return null;
        }

        var slash = tail.IndexOf('/', 1);
        return slash > 1 && SiloPages.Contains(tail[1..slash], StringComparer.OrdinalIgnoreCase) && slash + 1 < tail.Length ? tail[(slash + 1)..] : null;
    }

    // Compared as the dashboard writes addresses (ToParsableString), so nothing from the path is ever parsed.
    private static bool IsActiveSilo(IServiceProvider services, string address) =>
        services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
            .Any(m => m.Status == SiloStatus.Active && string.Equals(m.SiloAddress.ToParsableString(), address, StringComparison.Ordinal));
}
