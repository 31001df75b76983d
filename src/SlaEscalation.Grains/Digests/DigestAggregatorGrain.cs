using System.Globalization;
using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// A team's digest of one local day. Facts arrive from the event bus (through <see cref="DigestFeed"/>) and from
/// recounts; each is stored in the digest ledger under its id before it is counted, so a repeat counts once and a
/// new activation rebuilds the same counts from the ledger. The "now" figures are measured from durable records
/// (<see cref="DigestMeasurer"/>) in the background and kept in state. Publication (requested by the schedule at
/// the team's digest hour) first recounts the day from durable records, then measures once more, then hands
/// <c>digest.published</c> to the notifier; a reminder carries it through crashes.
/// </summary>
/// <remarks>
/// This file holds the counting and reading; the publication and the recount each have a file of their own.
/// Background work (a page of a recount, a measurement, the publication) goes one step per turn, so facts keep
/// arriving between steps.
/// </remarks>
public sealed partial class DigestAggregatorGrain(
    [PersistentState("slaDigest", "Default")] IPersistentState<DigestAggregatorState> state,
    IDigestLedger ledger,
    DigestMeasurer measurer,
    INotifier notifier,
    ISlaConfigurationSource configurationSource,
    IAuditTrail auditTrail,
    RecountSlots recountSlots,
    TimeProvider time,
    ILogger<DigestAggregatorGrain> logger,
    SlaMetrics metrics) : Grain, IDigestAggregatorGrain, IRemindable
{
    private readonly DigestReloadGate gate = new();
    private DigestTally tally = new();
    private DigestDay day = null!;
    private bool measurementWanted;
    private DateTimeOffset lastCounted = DateTimeOffset.MinValue;

    private (DigestTally Tally, int Count, DigestMeasurement? Measurement, DateTimeOffset? PublishedAt, DigestReconcileStatus? Recount, DigestDay Day)? reportKey;
    private DigestReport? report;

    // A report's version is this activation's stamp and how many reports it built: a new activation never repeats
    // a version an earlier one handed out.
    private readonly string activationStamp = Guid.NewGuid().ToString("N")[..12];
    private long reportsBuilt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!DigestKey.TryParse(this.GetPrimaryKeyString(), out var team, out var date))
        {
            throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not a digest key ({{team}}/yyyy-MM-dd)");
        }

        day = await DayAsync(team, DigestDay.FromDateOnly(date));
        tally = await LoadTallyAsync(cancellationToken);

        if (state.State.PublicationRequested && state.State.PublishedAt is null)
        {
            Continue();
        }
    }

    public Task<int> RecordAsync(IReadOnlyList<DigestFact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var stranger = facts.FirstOrDefault(f => f.Team != day.Team.Id || f.Date != day.DateText);
        if (stranger is not null)
        {
            throw new ArgumentException($"fact {stranger.FactId} belongs to {DigestKey.Of(stranger.Team, stranger.Date)}, not {day.Key}", nameof(facts));
        }

        return gate.RecordAsync(() => CountAsync(facts));
    }

    public async Task<DigestReport> GetAsync() => (await ReadAsync(null)).Report!;

    public async Task<DigestReading> ReadAsync(string? knownVersion)
    {
        // A team's zone or hour may have changed since activation: a day not yet being published follows it.
        day = await DayAsync(day.Team.Id, day.Date);
        var measurement = state.State.Measurement;
        if (!state.State.FinalMeasured && !measurementWanted && DigestMeasurer.IsStale(measurement, lastCounted, time.GetUtcNow()))
        {
            measurementWanted = true;
            Continue();
        }

        // Reads outnumber changes: the report is built again only when something it shows changed.
        var key = (tally, tally.Count, measurement, state.State.PublishedAt, recount ?? state.State.LastReconcile, day);
        if (report is null || !key.Equals(reportKey))
        {
            report = tally.Report(day, measurement, state.State.PublishedAt, recount ?? state.State.LastReconcile);
            reportKey = key;
            reportsBuilt++;
        }

        var version = string.Create(CultureInfo.InvariantCulture, $"{activationStamp}-{reportsBuilt}");
        return new DigestReading(version, version == knownVersion ? null : report);
    }

    /// <summary>
    /// The team's day: as the team was when the publication began, once it has (a published digest keeps its window
    /// and content whatever the team's zone becomes), else as the configuration says now.
    /// </summary>
    private async Task<DigestDay> DayAsync(string team, NodaTime.LocalDate date) =>
        (state.State.PublishedTeam?.For(team) ?? DigestTeam.Of((await configurationSource.GetAsync()).Configuration, team)).Day(date);

    /// <summary>Queues the next background step as a turn of its own.</summary>
    private void Continue()
    {
        IGrainTimer? step = null;
        step = this.RegisterGrainTimer(
            async _ =>
            {
                step!.Dispose();
                await StepAsync();
            },
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>Carries the background work one step on; does nothing when there is nothing to do.</summary>
    private async Task StepAsync()
    {
        try
        {
            if (recount is { FinishedAt: null })
            {
                await RecountPageAsync();
                Continue();
            }
            else if (state.State.PublicationRequested && state.State.PublishedAt is null)
            {
                await PublishAsync();
            }
            else if (measurementWanted && !state.State.FinalMeasured)
            {
                state.State.Measurement = await measurer.MeasureAsync(day, time.GetUtcNow());
                measurementWanted = false;
                await state.WriteStateAsync();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A publication is retried by its reminder, a measurement by the next read; a recount stops, saying why.
            measurementWanted = false;
            if (recount is { FinishedAt: null })
            {
                recount = recount with { FinishedAt = time.GetUtcNow(), Error = ex.Message };
                ReleaseRecountSlot();
            }

            LogStepFailed(logger, ex, day.Key);
        }
    }

    /// <summary>Stores the facts in the ledger and counts those that were new.</summary>
    private async Task<int> CountAsync(IReadOnlyList<DigestFact> facts)
    {
        if (facts.Count == 0)
        {
            return 0;
        }

        IReadOnlyList<DigestFact> added;
        try
        {
            added = await ledger.AddFactsAsync(facts);
        }
        catch
        {
            // The facts may be stored though the answer was lost: a new activation counts what the ledger holds.
            this.DeactivateOnIdle();
            throw;
        }

        foreach (var fact in added)
        {
            tally.Add(fact);
        }

        if (added.Count > 0)
        {
            lastCounted = time.GetUtcNow();
        }

        return added.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest {Digest}: a background step failed; it is tried again")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string digest);
}
