using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Silo.Api.Documentation;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Tests.ApiDescription;

/// <summary>
/// Every <c>/v1</c> endpoint the silo maps says enough to be described: a new endpoint without a summary, a scope
/// (or a vendor signature) or a success response fails here with its route named.
/// </summary>
public sealed class EndpointDescriptionTests
{
    [Fact]
    public async Task Every_v1_endpoint_has_a_summary_a_scope_and_a_success_response()
    {
        static string Port() => FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        await using var app = await SiloApplication.BuildAsync([$"--Cluster:SiloPort={Port()}", $"--Http:Port={Port()}", "--Sla:SampleConfiguration=false"]);
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1/", StringComparison.Ordinal) == true)
            .ToList();

        var missing = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var metadata = endpoint.Metadata;
            var lacks = new List<string>();
            if (string.IsNullOrWhiteSpace(metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary))
            {
                lacks.Add("a summary (.WithSummary)");
            }

            if ((await EndpointScopes.OfAsync([.. metadata], policies)).Count == 0 && metadata.GetMetadata<SignedWebhook>() is null)
            {
                lacks.Add("a scope (.RequireAuthorization(Scopes.X)) or a vendor signature (.WithSignedWebhook)");
            }

            if (!metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Any(p => p.StatusCode is >= 200 and < 300))
            {
                lacks.Add("a success response (a TypedResults return type or .Produces<T>)");
            }

            if (lacks.Count > 0)
            {
                var methods = string.Join(",", metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]);
                missing.Add($"{methods} {endpoint.RoutePattern.RawText} lacks {string.Join(" and ", lacks)}");
            }
        }

        Assert.True(endpoints.Count >= 40, $"only {endpoints.Count} /v1 endpoints found");
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }
}
