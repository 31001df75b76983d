using Npgsql;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SlaEscalation.Grains.Telemetry;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Telemetry;

/// <summary>Wires the silo's metrics, traces and log export (OpenTelemetry) and the management port.</summary>
public static class TelemetryExtensions
{
    /// <summary>The meter Orleans' own instruments live on.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

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

        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Connection.LocalPort == port && context.Request.Path == "/metrics");
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }
}
