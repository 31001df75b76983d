using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodaTime;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Simulations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Simulations;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Grains.Simulations;

/// <summary>
/// A simulation job: pages through the ticket index in key order, reads each ticket's stored history and what people
/// did to its escalations (read only), asks the Domain to replay it under the configuration versions as they were in
/// force and under the candidate, and tallies both. After every page it saves the cursor and the tally, so a job
/// cut short by a dying silo resumes on another from its cursor (its reminder wakes it) and ends with the tally an
/// undisturbed run has.
/// </summary>
/// <remarks>
/// Live work goes first: a page holds at most <see cref="PageSize"/> tickets, whose histories are read from storage
/// together (a statement or two on PostgreSQL, no ticket activated), and the next page waits
/// <see cref="PauseBetweenPages"/>.
/// </remarks>
public sealed partial class SimulationGrain(
    [PersistentState("slaSimulation", "Default")] IPersistentState<SimulationState> state,
    ITicketIndex index,
    ITicketHistoryReader histories,
    IEscalationIndex escalations,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<SimulationGrain> logger) : Grain, ISimulationGrain, IRemindable
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    public const int PageSize = 100;
    public static readonly TimeSpan PauseBetweenPages = TimeSpan.FromMilliseconds(100);

    private const string Reminder = "sla-simulation";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IGrainTimer? pump;
    private ConfigurationTimeline? current;
    private ConfigurationTimeline? candidate;
    private SimulationTally? tally;

    /// <summary>The tally a job saved, as the Domain's value.</summary>
    public static SimulationTallyState ReadTally(string json) =>
        json.Length == 0 ? SimulationTallyState.Empty : JsonSerializer.Deserialize<SimulationTallyState>(json, Json)!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Request is not null && state.State.Status == Running)
        {
            StartPump();
        }

        return Task.CompletedTask;
    }

    public async Task<SimulationProgress> StartAsync(SimulationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Request is null)
        {
            var store = GrainFactory.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value);
            var history = await store.GetHistoryAsync(500, null);
            var (document, version) = ConfigurationRewind.At(await store.GetAsync(), history.Changes, request.To);
            state.State.Request = request;
            state.State.CurrentDocument = document;
            state.State.ConfigurationVersion = version;
            state.State.Changes = [.. history.Changes.Where(c => c.At <= request.To)];
            state.State.StartedAt = time.GetUtcNow();
            state.State.Total = await index.CountActiveSinceAsync(request.From);
            await state.WriteStateAsync();
            await this.RegisterOrUpdateReminder(Reminder, ReminderCadence.Period, ReminderCadence.Period);
            LogStarted(logger, this.GetPrimaryKeyString(), request.From, request.To, state.State.Total);
            StartPump();
        }

        return Progress();
    }

    public Task<SimulationProgress?> GetAsync() => Task.FromResult(state.State.Request is null ? null : Progress());

    public async Task<bool> CancelAsync()
    {
        if (state.State.Request is null)
        {
            return false;
        }

        if (state.State.Status == Running)
        {
            await FinishAsync(Cancelled, null);
        }

        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Request is not null && state.State.Status == Running)
        {
            StartPump();
        }
        else if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private SimulationProgress Progress() => new(
        this.GetPrimaryKeyString(),
        state.State.Status,
        state.State.Request!,
        state.State.Replayed,
        Math.Max(state.State.Total, state.State.Replayed),
        state.State.ConfigurationVersion,
        tally is null ? state.State.Tally : JsonSerializer.Serialize(tally.ToState(), Json),
        state.State.StartedAt,
        state.State.FinishedAt,
        state.State.Error,
        silo.Name);

    private void StartPump() => pump ??= this.RegisterGrainTimer(PageAsync, TimeSpan.Zero, PauseBetweenPages);

    /// <summary>Replays one page and saves where it got; completes the job on the last page.</summary>
    private async Task PageAsync(CancellationToken cancellationToken)
    {
        var request = state.State.Request!;
        if (state.State.Status != Running || !await ConfigurationsAsync(request))
        {
            return;
        }

        var page = await index.ListActiveSinceAsync(request.From, state.State.Cursor, PageSize, cancellationToken);

        // Read from storage, not from the tickets: asking each ticket would activate it, and a job over a quarter
        // would hold a quarter's tickets in memory until each went idle.
        var records = await histories.ReadAsync(page, cancellationToken);
        var interventions = RecordedInterventions.ByTicket(await escalations.ListForTicketsAsync(page, cancellationToken));

        // Counted in key order, so a resumed job counts as an undisturbed one.
        for (var i = 0; i < page.Count; i++)
        {
            if (Replay(request, page[i], records[i], [.. interventions[page[i]]]) is { } counted)
            {
                tally!.Add(counted.Key, counted.Current, counted.Candidate);
            }
        }

        state.State.Replayed += page.Count;
        state.State.Cursor = page.Count > 0 ? page[^1] : state.State.Cursor;
        state.State.Tally = JsonSerializer.Serialize(tally!.ToState(), Json);
        if (page.Count < PageSize)
        {
            await FinishAsync(Completed, null);
            return;
        }

        // Saved with CancellationToken.None: the pump stopping cancels its token, and a page counted but not saved
        // would be counted again on resume.
        await state.WriteStateAsync(CancellationToken.None);
    }

    /// <summary>Parses both configurations once per activation; fails the job when one no longer parses.</summary>
    private async Task<bool> ConfigurationsAsync(SimulationRequest request)
    {
        if (current is not null)
        {
            return true;
        }

        var after = ConfigurationDocument.ParseJson(request.Candidate);
        if (!after.IsValid)
        {
            await FinishAsync(Failed, "candidate: " + string.Join("; ", after.Errors));
            return false;
        }

        var versions = new List<ConfigurationInForce>();
        foreach (var (since, version, document) in VersionsInForce())
        {
            var parsed = ConfigurationDocument.ParseJson(document);
            if (!parsed.IsValid)
            {
                await FinishAsync(Failed, $"configuration version {version} in force: " + string.Join("; ", parsed.Errors));
                return false;
            }

            versions.Add(new ConfigurationInForce(since, parsed.Value));
        }

        (current, candidate) = (new ConfigurationTimeline(versions), ConfigurationTimeline.Always(after.Value));
        tally = new SimulationTally(ReadTally(state.State.Tally));
        return true;
    }

    /// <summary>
    /// Each configuration version in force up to the window's end, newest first, with the instant it came into force:
    /// the one at the end since the newest change stored before it, each older one rebuilt by undoing a change. The
    /// oldest stored also stands for the time before it (the history keeps the newest 500 changes).
    /// </summary>
    private IEnumerable<(Instant Since, long Version, string Document)> VersionsInForce()
    {
        var (document, version) = (state.State.CurrentDocument, state.State.ConfigurationVersion);
        foreach (var change in state.State.Changes)
        {
            yield return (Instant.FromDateTimeOffset(change.At), version, document);
            (document, version) = ConfigurationRewind.At(new ConfigurationSnapshot(version, document, null, null), [change], change.At.AddTicks(-1));
        }

        yield return (Instant.MinValue, version, document);
    }

    /// <summary>Both replays of one ticket; null when it is outside the window or the teams.</summary>
    private (string Key, TicketOutcome Current, TicketOutcome Candidate)? Replay(
        SimulationRequest request, string key, IReadOnlyList<TicketEventRecord> records, EscalationIntervention[] interventions)
    {
        var history = records.Select(TicketEventMapping.ToDomain).ToArray();
        var (from, to) = (Instant.FromDateTimeOffset(request.From), Instant.FromDateTimeOffset(request.To));
        if (!PolicySimulation.ActiveIn(history, from, to))
        {
            return null;
        }

        var before = PolicySimulation.Replay(current!, key, history, interventions, to);
        var after = PolicySimulation.Replay(candidate!, key, history, interventions, to);
        return request.Teams.Count == 0 || request.Teams.Contains(before.Team) || request.Teams.Contains(after.Team)
            ? (key, before, after)
            : null;
    }

    private async Task FinishAsync(string status, string? error)
    {
        pump?.Dispose();
        pump = null;
        state.State.Status = status;
        state.State.Error = error;
        state.State.FinishedAt = time.GetUtcNow();
        await state.WriteStateAsync(CancellationToken.None);
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        LogFinished(logger, this.GetPrimaryKeyString(), status, state.State.Replayed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation {Id} started over [{From}, {To}): {Total} tickets to look at")]
    private static partial void LogStarted(ILogger logger, string id, DateTimeOffset from, DateTimeOffset to, long total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulation {Id} {Status} after {Replayed} tickets")]
    private static partial void LogFinished(ILogger logger, string id, string status, long replayed);
}
