using System.Diagnostics;
using Npgsql;
using Orleans.Dashboard;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Tickets;
using SlaEscalation.Grains.Telemetry;
using SlaEscalation.Silo.Adapters;
using SlaEscalation.Silo.Adapters.Slack;
using SlaEscalation.Silo.Adapters.Zendesk.CatchUp;
using SlaEscalation.Silo.Adapters.Zendesk.Notes;
using SlaEscalation.Silo.Api;
using SlaEscalation.Silo.Api.Digests;
using SlaEscalation.Silo.Api.Documentation;
using SlaEscalation.Silo.Api.Events;
using SlaEscalation.Silo.Board;
using SlaEscalation.Silo.Database;
using SlaEscalation.Silo.Health;
using SlaEscalation.Silo.Notifications;
using SlaEscalation.Silo.Security;
using SlaEscalation.Silo.Trackers;
using SlaEscalation.Silo.Telemetry;

namespace SlaEscalation.Silo.Hosting;

/// <summary>Builds and runs the one process: Orleans silo, gateway HTTP API, dashboard.</summary>
public static partial class SiloApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var started = Stopwatch.GetTimestamp();
        await using var app = await BuildAsync(args);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SlaEscalation.Silo");
        var settings = app.Services.GetRequiredService<SiloSettings>();
        if (settings.Mode == StorageMode.Embedded)
        {
            LogEmbedded(logger);
        }

        foreach (var ignored in settings.Notifications.IgnoredTypes)
        {
            LogIgnoredWebhookType(logger, ignored);
        }

        await app.StartAsync();
        LogReady(logger, settings.SiloName, settings.Mode, settings.HttpListenAddress.ToString(), settings.HttpPort,
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (app.Services.GetRequiredService<ApiKeyRing>().Count == 0)
        {
            LogNoApiKey(logger);
        }

        if (app.Services.GetService<AuditAnchorKey>() is null)
        {
            LogNoAnchorKey(logger);
        }

        if (app.Services.GetService<DevelopmentKey>() is { } key)
        {
            await output.WriteLineAsync($"Development API key for this run (every scope): {key.Value}");
        }

        if (app.Services.GetService<SampleConfiguration>() is { } sample)
        {
            await output.WriteLineAsync($"Sample configuration loaded (teams support and platform, runbook 'walkthrough' for urgent tickets): {sample.Path}");
        }

        await app.WaitForShutdownAsync();
        return SiloCommandLine.ExitOk;
    }

    /// <summary>Validates everything, then builds the application. Throws <see cref="StartupFailure"/> on bad set-up.</summary>
    public static Task<WebApplication> BuildAsync(string[] args) => BuildAsync(args, _ => { });

    /// <summary>
    /// As <see cref="BuildAsync(string[])"/>, with the last word on the services: a test puts a fake clock in here
    /// (<paramref name="configureServices"/> runs after every registration of the silo's own).
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<IServiceCollection> configureServices)
    {
        ArgumentNullException.ThrowIfNull(configureServices);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        var (settings, errors) = SiloSettings.Load(builder.Configuration);
        if (settings is null)
        {
            throw new StartupFailure(string.Join(" ", errors));
        }

        StartupChecks.AddressesAreOwn(settings);
        StartupChecks.PortsAreFree(settings);
        var sample = UseSampleConfiguration(builder.Configuration, settings);
        var anchorKey = AuditAnchorSettings.Read(builder.Configuration, settings.Mode);
        if (anchorKey is not null)
        {
            builder.Services.AddSingleton(anchorKey);
        }

        if (settings.Mode == StorageMode.Durable)
        {
            var dataSource = NpgsqlDataSource.Create(OrleansSiloBuilderExtensions.ForProviders(settings.PostgresConnectionString!));
            await StartupChecks.DatabaseIsReadyAsync(dataSource, CancellationToken.None);
            builder.Services.AddPostgres(dataSource);
            builder.Services.AddSingleton<ITicketIndex, PostgresTicketIndex>();
            builder.Services.AddSingleton<IAuditTrail>(new PostgresAuditTrail(dataSource, anchorKey));
            builder.Services.AddSingleton<IEscalationIndex, PostgresEscalationIndex>();
            builder.Services.AddSingleton<IDigestLedger, PostgresDigestLedger>();
        }
        else
        {
            builder.Services.AddSingleton<ITicketIndex, InMemoryTicketIndex>();
            builder.Services.AddSingleton<IAuditTrail>(new InMemoryAuditTrail(anchorKey));
            builder.Services.AddSingleton<IEscalationIndex, InMemoryEscalationIndex>();
        }

        builder.Services.AddHostedService<OpenEscalationsGauge>();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<ITicketHistoryReader>(s => new StoredTicketHistory(s.GetRequiredService<IGrainFactory>(), s.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(OrleansSiloBuilderExtensions.GrainStorageName)));
        var telemetry = builder.AddSlaTelemetry(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSlaNotifications(settings);
        builder.Services.AddSlaTrackers(builder.Configuration, settings.Notifications.AttemptTimeout);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.HttpListenAddress, settings.HttpPort));
        var siloCertificate = SiloTls.Load(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.AddSlaCluster(settings);
            silo.AddSlaTracing(telemetry);
            if (siloCertificate is not null)
            {
                silo.UseSlaTls(siloCertificate);
            }

            // The trace streams the silo's live log to the browser: ticket keys and names included, so it is opt-in.
            silo.AddDashboard(o => o.HideTrace = !settings.DashboardShowsTrace);
            silo.AddSlaDigests();
        });

        if (sample is not null)
        {
            builder.Services.AddSingleton(sample);
        }

        var developmentKey = builder.Services.AddSlaSecurity(builder.Configuration, settings);
        if (developmentKey is not null)
        {
            builder.Services.AddSingleton(new DevelopmentKey(developmentKey));
        }

        builder.Services.AddSlaRateLimits(builder.Configuration);
        builder.Services.AddSingleton(RetentionSettings.Read(builder.Configuration));
        builder.Services.AddHostedService<RetentionStarter>();
        builder.Services.AddExceptionHandler<UnavailableExceptionHandler>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.ListFrameworkError);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(IngestOptions.Load(builder.Configuration)));
        builder.Services.AddSlaHealth(settings);
        builder.Services.AddSingleton<RenderedDigests>();
        builder.Services.AddSlaZendeskCatchUp(builder.Configuration);
        builder.Services.AddSlaZendeskNotes(builder.Configuration);
        builder.Services.AddSlaSlack(builder.Configuration, settings.Notifications.AttemptTimeout);
        var digestSettings = DigestSettings.Load(builder.Configuration);
        builder.Services.AddSingleton(digestSettings);
        builder.Services.AddSingleton(new RecountSlots(digestSettings.MaxConcurrentRecounts));
        builder.Services.AddSingleton<TeamAdditions>();
        builder.Services.AddSlaBoard(builder.Configuration);
        builder.Services.AddSlaApiDocumentation();
        configureServices(builder.Services);

        var app = builder.Build();
        app.UseSlaManagementPort();
        app.UseExceptionHandler();
        app.UseSlaStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseSlaRateLimits();
        app.UseSlaQueryGuard();
        app.UseSlaDashboardSiloGuard("/dashboard");
        app.MapSlaHealth();
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(Scopes.Operator);
        app.MapOperationsApi();
        app.MapConfigurationApi();
        app.MapEventsApi();
        app.MapAdaptersApi();
        app.MapTrackerWebhooksApi();
        app.MapSlackInteractionsApi();
        app.MapTicketsApi();
        app.MapAuditApi();
        app.MapEscalationsApi();
        app.MapTasksApi();
        app.MapDigestsApi();
        app.MapSimulationsApi();
        app.MapSlaBoard();
        app.MapSlaApiDocumentation();
        return app;
    }

    /// <summary>
    /// The embedded default starts with the sample configuration (deploy/config/sample.json: two teams, a runbook with
    /// minute-long targets for urgent tickets) so the README's walkthrough works at once, unless a seed file is named
    /// or <c>Sla__SampleConfiguration=false</c>. A durable store never gets it: it starts empty or from its seed.
    /// </summary>
    private static SampleConfiguration? UseSampleConfiguration(ConfigurationManager configuration, SiloSettings settings)
    {
        var seedKey = $"{SlaConfigurationOptions.Section}:{nameof(SlaConfigurationOptions.SeedConfigurationFile)}";
        var sampleKey = $"{SlaConfigurationOptions.Section}:SampleConfiguration";
        var wanted = true;
        if (configuration[sampleKey] is { } raw && !string.IsNullOrWhiteSpace(raw) && !bool.TryParse(raw.Trim(), out wanted))
        {
            // Anything but "false" used to mean true: "no" or "0" loaded the sample into a store meant to start empty.
            throw new StartupFailure($"{SiloSettings.Env(sampleKey)} '{raw}' must be true or false.");
        }

        if (settings.Mode != StorageMode.Embedded || !string.IsNullOrEmpty(configuration[seedKey]) || !wanted)
        {
            return null;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "sample-configuration.json");
        configuration[seedKey] = path;
        return new SampleConfiguration(path);
    }

    /// <summary>The sample configuration an embedded run seeded its store with.</summary>
    private sealed record SampleConfiguration(string Path);

    /// <summary>The key made for an embedded run without configured keys.</summary>
    private sealed record DevelopmentKey(string Value);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Embedded mode: clustering, grain state, reminders and streams live in this process's memory. " +
        "SLA clocks are NOT durable and are lost when it stops. Set ConnectionStrings__Postgres to run durably.")]
    private static partial void LogEmbedded(ILogger logger);

    // Durable mode never invents a key, so a first run without one would otherwise meet only 401s.
    [LoggerMessage(Level = LogLevel.Warning, Message =
        "No API key is configured: every /v1 request answers 401. Set one with Auth__ApiKeys__0__Name=<name>, " +
        "Auth__ApiKeys__0__Key=<24+ random characters> and Auth__ApiKeys__0__Scopes=<scopes, e.g. config:write,events:write,tickets:read,escalations:write,digests:read,operator> (see docs/api.md).")]
    private static partial void LogNoApiKey(ILogger logger);

    // Durable mode cannot make a key up (every silo and audit verify must share it), and refusing to start would stop
    // every existing deployment on upgrade; the hash chains still hold, only truncation and deletion go unseen.
    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Audit__AnchorKey is not set: audit chain heads are not anchored, so deleting a chain's newest entries or a whole chain goes unseen by 'audit verify'. " +
        "Set it to 32+ random characters, the same on every silo (see docs/audit.md).")]
    private static partial void LogNoAnchorKey(ILogger logger);

    // Logged, not refused: a deployment whose filter held a typo before filters were checked must still start.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogIgnoredWebhookType(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Silo {SiloName} ready ({Mode}) on http://{Address}:{Port} in {ElapsedMs} ms; dashboard at /dashboard (operator key).")]
    private static partial void LogReady(ILogger logger, string siloName, StorageMode mode, string address, int port, long elapsedMs);
}
