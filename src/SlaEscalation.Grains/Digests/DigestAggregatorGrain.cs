using System.Globalization;
using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// A team's digest of one local day. Facts arrive from the event bus (through <see cref="DigestFeedGrain"/>) and
/// from recounts; each is stored in the digest ledger under its id before it is counted, so a repeat counts once
/// and a new activation rebuilds the same counts from the ledger. The "now" figures are measured from durable
/// records in the background and kept in state. Publication (requested by the schedule at the team's digest hour)
/// first recounts the day from durable records, then measures once more, then hands <c>digest.published</c> to the
/// notifier; a reminder carries it through crashes.
/// </summary>
public sealed partial class DigestAggregatorGrain(
    [PersistentState("slaDigest", "Default")] IPersistentState<DigestAggregatorState> state,
    IDigestLedger ledger,
    INotifier notifier,
    IDeliveryFailureLog failureLog,
    ISlaConfigurationSource configurationSource,
    IAuditTrail auditTrail,
    TimeProvider time,
    ILogger<DigestAggregatorGrain> logger) : Grain, IDigestAggregatorGrain, IRemindable
{
    /// <summary>The reminder that carries a requested publication through crashes.</summary>
    public const string PublicationReminder = "digest-publish";

    /// <summary>A measurement of a digest not yet published is refreshed when a read finds it older than this.</summary>
    public static readonly TimeSpan MeasurementMaxAge = TimeSpan.FromMinutes(1);

    /// <summary>... or older than this when facts were counted since it was taken (the backlog has likely moved).</summary>
    public static readonly TimeSpan MeasurementMaxAgeAfterFacts = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far before the day a recount looks for changed tickets: an event may be dated up to 5 minutes after the
    /// silo's clock, so its ticket's durable records may have changed that much before the instant it marks.
    /// </summary>
    public static readonly TimeSpan RecountMargin = TimeSpan.FromMinutes(10);

    /// <summary>How often a requested publication that has not finished is tried again.</summary>
    public static readonly TimeSpan PublicationRetry = TimeSpan.FromMinutes(1);

    private const int RecountPage = 50;
    private const int MaxRejectedTickets = 1000;

    private DigestTally tally = new();

    // Interleaved recordings in flight, and the reload of the counts from the ledger that waits for them: a fact
    // stored before the reload read the ledger but counted after it would be counted twice.
    private int recordings;
    private TaskCompletionSource? recordingsDone;
    private Task? reloading;
    private DigestDay day = null!;
    private Queue<string>? recountQueue;
    private DigestReconcileStatus? recount;
    private bool measurementWanted;
    private (DigestTally Tally, int Count, DigestMeasurement? Measurement, DateTimeOffset? PublishedAt, DigestReconcileStatus? Recount, DigestDay Day)? reportKey;
    private DigestReport? report;

    // A report's version is this activation's stamp and how many reports it built: a new activation never repeats
    // a version an earlier one handed out.
    private readonly string activationStamp = Guid.NewGuid().ToString("N")[..12];
    private long reportsBuilt;
    private DateTimeOffset lastCounted = DateTimeOffset.MinValue;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!DigestKey.TryParse(this.GetPrimaryKeyString(), out var team, out var date))
        {
            throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not a digest key ({{team}}/yyyy-MM-dd)");
        }

        var configuration = await configurationSource.GetAsync();
        day = DigestTeam.Of(configuration.Configuration, team).Day(DigestDay.FromDateOnly(date));
        tally = await LoadTallyAsync(cancellationToken);

        if (state.State.PublicationRequested && state.State.PublishedAt is null)
        {
            Continue();
        }
    }

    public async Task<int> RecordAsync(IReadOnlyList<DigestFact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var stranger = facts.FirstOrDefault(f => f.Team != day.Team.Id || f.Date != day.DateText);
        if (stranger is not null)
        {
            throw new ArgumentException($"fact {stranger.FactId} belongs to {DigestKey.Of(stranger.Team, stranger.Date)}, not {day.Key}", nameof(facts));
        }

        while (reloading is not null)
        {
            await reloading;
        }

        recordings++;
        try
        {
            return await CountAsync(facts);
        }
        finally
        {
            if (--recordings == 0)
            {
                recordingsDone?.TrySetResult();
            }
        }
    }

    public async Task<DigestReport> GetAsync() => (await ReadAsync(null)).Report!;

    public async Task<DigestReading> ReadAsync(string? knownVersion)
    {
        // A team's zone or hour may have changed since activation: the day is read as the configuration says now.
        day = DigestTeam.Of((await configurationSource.GetAsync()).Configuration, day.Team.Id).Day(day.Date);
        var measurement = state.State.Measurement;
        var now = time.GetUtcNow();
        if (!state.State.FinalMeasured && !measurementWanted
            && (measurement is null
                || measurement.Backlog.AsOf < now - MeasurementMaxAge
                || (lastCounted > measurement.Backlog.AsOf && measurement.Backlog.AsOf < now - MeasurementMaxAgeAfterFacts)))
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

    public async Task RequestPublicationAsync()
    {
        if (state.State.PublishedAt is not null)
        {
            return;
        }

        if (!state.State.PublicationRequested)
        {
            state.State.PublicationRequested = true;
            await state.WriteStateAsync();
        }

        await this.RegisterOrUpdateReminder(PublicationReminder, PublicationRetry, PublicationRetry);
        Continue();
    }

    public async Task<DigestReconcileStatus> StartReconcileAsync()
    {
        if (recount is not { FinishedAt: null })
        {
            await BeginRecountAsync();
            Continue();
        }

        return recount!;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != PublicationReminder)
        {
            return;
        }

        if (state.State.PublishedAt is not null || !state.State.PublicationRequested)
        {
            await UnregisterPublicationReminderAsync();
            return;
        }

        await ContinueAsync();
    }

    public async Task ContinueAsync()
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
                state.State.Measurement = await MeasureAsync();
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
            }

            LogStepFailed(logger, ex, day.Key);
        }
    }

    /// <summary>Recounts first, then measures once for good, then hands <c>digest.published</c> to the notifier.</summary>
    private async Task PublishAsync()
    {
        if (!state.State.PublicationRecounted)
        {
            await BeginRecountAsync();
            Continue();
            return;
        }

        if (!state.State.FinalMeasured)
        {
            state.State.Measurement = await MeasureAsync();
            state.State.FinalMeasured = true;
            await state.WriteStateAsync();
        }

        var publishedAt = time.GetUtcNow();
        var report = tally.Report(day, state.State.Measurement, publishedAt, state.State.LastReconcile);
        if (notifier is SilentNotifier)
        {
            LogNoNotifier(logger, day.Key);
        }

        await notifier.SendAsync(DigestNotification.Of(report));

        state.State.PublishedAt = publishedAt;
        await state.WriteStateAsync();
        await UnregisterPublicationReminderAsync();
        LogPublished(logger, day.Key, report.NewTickets, report.Breaches.Total);
    }

    /// <summary>
    /// Starts a recount: the counts are rebuilt from the ledger (what is durable, whatever this activation counted),
    /// then every ticket touched since the day began is read, a page per turn.
    /// </summary>
    private async Task BeginRecountAsync()
    {
        recount = new DigestReconcileStatus(time.GetUtcNow(), null, 0, 0);
        var reloaded = new TaskCompletionSource();
        reloading = reloaded.Task;
        try
        {
            while (recordings > 0)
            {
                recordingsDone = new TaskCompletionSource();
                await recordingsDone.Task;
            }

            tally = await LoadTallyAsync(CancellationToken.None);
        }
        finally
        {
            (reloading, recordingsDone) = (null, null);
            reloaded.SetResult();
        }

        recountQueue = new Queue<string>(await ledger.ListTouchedTicketsAsync(day.Team.Id, day.From - RecountMargin));
    }

    private async Task<DigestTally> LoadTallyAsync(CancellationToken cancellationToken)
    {
        var loaded = new DigestTally();
        foreach (var fact in await ledger.ReadFactsAsync(day.Team.Id, day.DateText, cancellationToken))
        {
            loaded.Add(fact);
        }

        return loaded;
    }

    /// <summary>Recounts the next page of tickets; finishes the recount when none are left.</summary>
    private async Task RecountPageAsync()
    {
        var keys = new List<string>(RecountPage);
        while (keys.Count < RecountPage && recountQueue!.TryDequeue(out var key))
        {
            keys.Add(key);
        }

        var configuration = (await configurationSource.GetAsync()).Configuration;
        var results = await Task.WhenAll(keys.Select(k => RecountTicketAsync(k, configuration)));
        await ledger.NoteTicketsAsync(results.Select(r => r.Note).OfType<DigestTicketNote>().ToArray());
        var recovered = await CountAsync(results.SelectMany(r => r.Facts).ToArray());
        recount = recount! with { TicketsExamined = recount.TicketsExamined + keys.Count, FactsRecovered = recount.FactsRecovered + recovered };
        if (recountQueue!.Count > 0)
        {
            return;
        }

        recount = recount with { FinishedAt = time.GetUtcNow() };
        lastCounted = recount.FinishedAt.Value;
        state.State.LastReconcile = recount;
        state.State.PublicationRecounted |= state.State.PublicationRequested;
        await state.WriteStateAsync();
        LogRecounted(logger, day.Key, recount.TicketsExamined, recount.FactsRecovered);
    }

    private async Task<(IReadOnlyList<DigestFact> Facts, DigestTicketNote? Note)> RecountTicketAsync(string key, SlaConfiguration configuration)
    {
        var ticket = await GrainFactory.GetGrain<ITicketGrain>(key).GetAsync();
        if (ticket is null)
        {
            return ([], null);
        }

        var trail = await ReadChainAsync(key);
        var facts = DigestRecount.FactsOf(ticket, trail, team => DigestTeam.Of(configuration, team))
            .Where(f => f.Team == day.Team.Id && f.Date == day.DateText)
            .ToArray();
        return (facts, DigestRecount.NoteOf(ticket));
    }

    /// <summary>The ticket's audit chain, oldest first.</summary>
    private async Task<IReadOnlyList<AuditEntry>> ReadChainAsync(string ticketKey)
    {
        var chain = new List<AuditEntry>();
        long after = 0;
        while (true)
        {
            var entries = await auditTrail.ReadChainAsync(ticketKey, after, 500);
            chain.AddRange(entries);
            if (entries.Count < 500)
            {
                return chain;
            }

            after = entries[^1].Sequence;
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

    private async Task<DigestMeasurement> MeasureAsync()
    {
        var asOf = time.GetUtcNow();
        var measured = await ledger.MeasureAsync(new DigestMeasureRequest(
            day.Team.Id,
            asOf,
            day.Team.UnassignedLimit.ToTimeSpan(),
            TimeSpan.FromDays(DigestLimits.PausedForDays),
            DigestLimits.ListedTickets));
        return measured with { Exceptions = [.. measured.Exceptions, await RejectedEventsAsync(), await FailedDeliveriesAsync()] };
    }

    /// <summary>The day's refused requests of ticket events that name a ticket the team owns now.</summary>
    private async Task<DigestException> RejectedEventsAsync()
    {
        var refusals = new List<(string TicketKey, DateTimeOffset At)>();
        var teams = new Dictionary<string, string?>(StringComparer.Ordinal);
        AuditCursor? cursor = null;
        do
        {
            var page = await auditTrail.QueryAsync(new AuditQuery(From: day.From, To: day.To, Action: AuditAction.EventRejected, After: cursor, Limit: 500));
            foreach (var entry in page.Entries.Where(e => e.TicketKey is not null))
            {
                if (!teams.TryGetValue(entry.TicketKey!, out var team) && teams.Count < MaxRejectedTickets)
                {
                    team = (await GrainFactory.GetGrain<ITicketGrain>(entry.TicketKey!).GetAsync())?.Owner.Team;
                    teams[entry.TicketKey!] = team;
                }

                if (team == day.Team.Id)
                {
                    refusals.Add((entry.TicketKey!, entry.At));
                }
            }

            cursor = page.Next;
        }
        while (cursor is not null);

        return DigestMeasure.Exception(DigestExceptionKinds.RejectedEvents, refusals, DigestLimits.ListedTickets);
    }

    /// <summary>The team's notifications whose delivery finally failed that day.</summary>
    private async Task<DigestException> FailedDeliveriesAsync()
    {
        var failures = await failureLog.ListAsync(day.Team.Id, day.From, day.To);
        return DigestMeasure.Exception(DigestExceptionKinds.FailedDeliveries, failures.Select(f => (f.Subject, f.FailedAt)), DigestLimits.ListedTickets);
    }

    private async Task UnregisterPublicationReminderAsync()
    {
        if (await this.GetReminder(PublicationReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Queues the next background step as a call of its own.</summary>
    private void Continue() => this.AsReference<IDigestAggregatorGrain>().ContinueAsync().Ignore();

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest {Digest} recounted from durable records: {Tickets} tickets read, {Recovered} facts recovered")]
    private static partial void LogRecounted(ILogger logger, string digest, int tickets, int recovered);

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest {Digest} published: {New} new tickets, {Breaches} breaches")]
    private static partial void LogPublished(ILogger logger, string digest, int @new, int breaches);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest {Digest}: no notifier is registered, so digest.published was recorded but sent nowhere")]
    private static partial void LogNoNotifier(ILogger logger, string digest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest {Digest}: a background step failed; it is tried again")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string digest);
}
