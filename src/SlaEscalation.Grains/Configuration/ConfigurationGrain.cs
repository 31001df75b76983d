using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Configuration;

/// <summary>
/// The one durable SLA configuration. Changes are handled one at a time, so the version check of a conditional
/// change and the write that follows it cannot interleave with another change. Reads interleave with a change and
/// answer from what is committed: a change ends by asking SLA repair to start, and repair's tickets read the
/// configuration, so reads that waited for the change would wait for themselves.
/// </summary>
public sealed partial class ConfigurationGrain(
    [PersistentState(ConfigurationGrain.StateName, ConfigurationGrain.StorageName)] IPersistentState<ConfigurationState> state,
    TimeProvider time,
    IOptions<SlaConfigurationOptions> options,
    ILogger<ConfigurationGrain> logger) : Grain, IConfigurationGrain
{
    /// <summary>The state name; unique across grain classes because the storage row ignores the grain type.</summary>
    public const string StateName = "slaConfiguration";

    /// <summary>The grain storage the silo registers for SLA grains.</summary>
    public const string StorageName = "Default";

    private StoredConfiguration current = StoredConfiguration.Empty;

    /// <summary>The state as last stored: what reads answer from while a change is being written.</summary>
    private ConfigurationState committed = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            var stored = StoredConfiguration.Parse(state.State.Document);
            current = stored.IsValid
                ? stored.Value
                : throw new InvalidOperationException(
                    $"The stored SLA configuration (version {state.State.Version}) no longer validates: {string.Join("; ", stored.Errors)}");
            committed = state.State;
        }
        else if (options.Value.SeedConfigurationFile is { Length: > 0 } seedFile)
        {
            await SeedAsync(seedFile);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public Task<ConfigurationSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public Task<ConfigurationSnapshot?> GetNewerThanAsync(long knownVersion) =>
        Task.FromResult(committed.Version > knownVersion ? Snapshot() : null);

    public Task<ConfigurationPart> GetPartAsync(ConfigurationPartKind part, string? partId) =>
        Task.FromResult(new ConfigurationPart(committed.Version, current.Part(part, partId)));

    public Task<ConfigurationChangeResult> ReplaceAsync(ConfigurationChangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChangeAsync(request, () => current.Replace(request.Part, request.PartId, request.Json));
    }

    public Task<ConfigurationChangeResult> DeleteAsync(ConfigurationChangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChangeAsync(request, () => current.Remove(request.Part, request.PartId!));
    }

    public Task<ConfigurationHistoryPage> GetHistoryAsync(int limit, long? before) =>
        Task.FromResult(committed.Page(Math.Clamp(limit, 1, ConfigurationState.MaxHistoryEntries), before));

    private async Task<ConfigurationChangeResult> ChangeAsync(ConfigurationChangeRequest request, Func<ConfigurationEdit> edit)
    {
        var version = state.State.Version;
        if (request.ExpectedVersion is { } expected && expected != version)
        {
            return new ConfigurationChangeResult(ConfigurationChangeOutcome.VersionMismatch, version, []);
        }

        var result = edit();
        if (result.Outcome != ConfigurationChangeOutcome.Applied)
        {
            return new ConfigurationChangeResult(result.Outcome, version, [.. result.Errors.Select(e => new ConfigurationProblem(e.Path, e.Message))]);
        }

        await CommitAsync(result.Next!, new ConfigurationChange(
            version + 1, time.GetUtcNow(), request.Actor, request.Part, request.PartId, result.Before, result.After));
        LogChanged(logger, version + 1, request.Part, request.PartId, request.Actor);

        // SLA repair: open tickets re-price under the new version now, not at their next event. The change is
        // committed already, so a failed request must not report it as failed; tickets still take the new version
        // at their next event or tick, and the next change asks again.
        try
        {
            await GrainFactory.GetGrain<IRepricingGrain>(IRepricingGrain.Key).RequestAsync(version + 1);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
        {
            LogRepairNotRequested(logger, ex, version + 1);
        }
        return new ConfigurationChangeResult(ConfigurationChangeOutcome.Applied, version + 1, []);
    }

    private async Task CommitAsync(StoredConfiguration next, ConfigurationChange change)
    {
        var previous = state.State;
        state.State = previous.With(next.Json, change);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory must not run ahead of storage: the caller sees the failure and the next call starts from
            // what is stored.
            state.State = previous;
            throw;
        }

        // Both at once, with no await between: an interleaved read sees the old pair or the new one.
        current = next;
        committed = state.State;
        await ConfigurationAudit.RecordAsync(GrainFactory, change, logger);
    }

    private async Task SeedAsync(string seedFile)
    {
        var seed = ConfigurationSeed.Read(seedFile);
        if (!seed.IsValid)
        {
            // Serving the empty configuration keeps the API up so an admin can fix things; the silo's start-up
            // check refuses an invalid seed before this is reached.
            LogSeedRefused(logger, seedFile, string.Join("; ", seed.Errors));
            return;
        }

        await CommitAsync(seed.Value, new ConfigurationChange(
            1, time.GetUtcNow(), ConfigurationSeed.Actor, ConfigurationPartKind.Document, null, null, seed.Value.Json));
        LogSeeded(logger, seedFile);
    }

    private ConfigurationSnapshot Snapshot() =>
        new(committed.Version, committed.Document, committed.ChangedAt, committed.ChangedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA configuration version {Version}: {Part} {PartId} changed by {Actor}.")]
    private static partial void LogChanged(ILogger logger, long version, ConfigurationPartKind part, string? partId, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA configuration seeded from {File} as version 1.")]
    private static partial void LogSeeded(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "SLA repair could not be requested for configuration version {Version}")]
    private static partial void LogRepairNotRequested(ILogger logger, Exception exception, long version);

    [LoggerMessage(Level = LogLevel.Error, Message = "SLA configuration seed {File} refused, starting empty: {Errors}")]
    private static partial void LogSeedRefused(ILogger logger, string file, string errors);
}
