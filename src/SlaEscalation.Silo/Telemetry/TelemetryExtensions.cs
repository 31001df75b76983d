using Npgsql;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SlaEscalation.Grains.Telemetry;
using SlaEscalation.Silo.Health;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Telemetry;

/// <summary>Wires the silo's metrics, traces and log export (OpenTelemetry) and the management port.</summary>
public static class TelemetryExtensions
{
    /// <summary>The meter Orleans' own instruments live on.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Orleans gauges the silo does not export: each reading walks every activation (the sum of their queued requests)
    /// or the whole grain directory cache (its size). Scraped once a second with 360,000 tickets recently touched, the two
    /// took about 8% of the silo's sampled running threads (docs/performance.md, "Thirty minutes"). The activation
    /// count and the directory's own counters stay.
    /// </summary>
    public static readonly IReadOnlyList<string> UnexportedOrleansGauges = ["orleans-messaging-processing-activation-data", "orleans-directory-cache-size"];

    /// <summary>The Orleans activity source of application grain calls (the runtime's own calls stay out of traces).</summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    /// <summary>
    /// Reads <see cref="TelemetrySettings"/> (a bad one stops start-up with one line), then collects the product's,
    /// Orleans', the runtime's, ASP.NET Core's, HttpClient's and Npgsql's meters, always; spans when tracing is on;
    /// the Prometheus exporter when a management port is set and OTLP when its endpoint is.
    /// </summary>
    public static TelemetrySettings AddSlaTelemetry(this WebApplicationBuilder builder, SiloSettings silo)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(silo);
        var (settings, errors) = TelemetrySettings.Load(builder.Configuration, silo);
        if (settings is null)
        {
            throw new StartupFailure(string.Join(" ", errors));
        }

        builder.Services.AddSingleton(settings);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("sla-escalation", serviceInstanceId: silo.SiloName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SlaMetrics.MeterName, OrleansMeter)
                    .AddRuntimeInstrumentation()
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation();
                foreach (var gauge in UnexportedOrleansGauges)
                {
                    // A dropped instrument is not listened to at all: its callback never runs.
                    metrics.AddView(gauge, MetricStreamConfiguration.Drop);
                }

                if (settings.ManagementPort is not null)
                {
                    metrics.AddPrometheusExporter();
                }

                if (settings.Otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (settings.Tracing)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(SlaTracing.SourceName, OrleansApplicationSource)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (settings.Otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }

        if (settings.Otlp)
        {
            telemetry.WithLogging(logging => logging.AddOtlpExporter());
        }

        if (settings.ManagementPort is { } port)
        {
            StartupChecks.AddressIsOwn(settings.ManagementListenAddress, TelemetrySettings.ManagementListenAddressKey,
                "use one it has (0.0.0.0, the default, for every interface)");
            StartupChecks.PortIsFree(settings.ManagementListenAddress, port, TelemetrySettings.ManagementPortKey);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.ManagementListenAddress, port));
        }

        return settings;
    }

    /// <summary>Lets grain calls carry the caller's trace, when tracing is on.</summary>
    public static ISiloBuilder AddSlaTracing(this ISiloBuilder silo, TelemetrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Tracing ? silo.AddActivityPropagation() : silo;
    }

    /// <summary>
    /// Serves <c>/metrics</c> on the management port and nothing else there; first in the pipeline, so neither
    /// authentication nor the API ever sees a management request, and the API's port never serves <c>/metrics</c>.
    /// </summary>
    public static WebApplication UseSlaManagementPort(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<TelemetrySettings>().ManagementPort is not { } port)
        {
            return app;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Connection.LocalPort == port && context.Request.Path == "/metrics"
            && HealthEndpoints.ReadOnly.HttpMethods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase));
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port)
            {
                return next(context);
            }

            // A scrape only reads: any other method on /metrics is told which ones it takes.
            if (context.Request.Path == "/metrics")
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = string.Join(", ", HealthEndpoints.ReadOnly.HttpMethods);
                return Task.CompletedTask;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }
}
