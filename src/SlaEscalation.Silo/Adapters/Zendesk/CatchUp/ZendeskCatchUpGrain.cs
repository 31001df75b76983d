using System.Text.Json;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>
/// Reads one connection's incremental ticket event export on a durable reminder and feeds what it maps to the
/// tickets, the same path a webhook's events take, so that events a webhook lost arrive late instead of never (and
/// those it delivered are dropped by id). It maps under the connection of the same name in the configuration in
/// force, exactly as the webhook does, and passes over a name that is not a Zendesk connection there. The cursor is saved only after a page's events are stored: a crash repeats
/// a page, never skips one.
/// </summary>
public sealed partial class ZendeskCatchUpGrain(
    [PersistentState("slaZendeskCatchUp", OrleansSiloBuilderExtensions.GrainStorageName)] IPersistentState<ZendeskCatchUpState> state,
    IReadOnlyList<ZendeskCatchUpConnection> connections,
    ZendeskExportClient export,
    ISlaConfigurationSource configuration,
    TimeProvider time,
    ILogger<ZendeskCatchUpGrain> logger) : Grain, IZendeskCatchUpGrain, IRemindable
{
    private const string ReminderName = "zendesk-catch-up";

    /// <summary>How far back the first pass of a connection reads.</summary>
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromHours(1);

    /// <summary>
    /// The longest <c>Retry-After</c> waited for within a pass; a longer one ends the pass, and the next tick resumes
    /// from the saved cursor. Kept under the reminder call's timeout.
    /// </summary>
    public static readonly TimeSpan MaxWaitWithinPass = TimeSpan.FromSeconds(20);

    /// <summary>Pages read in one pass at most (Zendesk allows the export 10 requests a minute).</summary>
    public const int MaxPagesPerPass = 8;

    private ZendeskCatchUpConnection Connection =>
        connections.FirstOrDefault(c => c.Name == this.GetPrimaryKeyString())
        ?? throw new InvalidOperationException($"no Zendesk catch-up is configured for '{this.GetPrimaryKeyString()}'");

    public async Task StartAsync() =>
        await this.RegisterOrUpdateReminder(ReminderName, OrleansSiloBuilderExtensions.MinimumReminderPeriod, Connection.Every);

    public Task<ZendeskCatchUpState> GetStatusAsync() => Task.FromResult(state.State);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        if (connections.All(c => c.Name != this.GetPrimaryKeyString()))
        {
            // The token was removed from the settings: the connection no longer catches up.
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        var current = await configuration.GetAsync();
        if (!current.Configuration.Connections.TryGetValue(Connection.Name, out var mapping) || mapping.Kind != ConnectionKind.Zendesk)
        {
            // An API token without its connection: nothing to map with, so the cursor waits for the connection.
            LogNoConnection(logger, Connection.Name);
            return;
        }

        try
        {
            await CatchUpAsync(Connection, mapping);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            // Zendesk is down or refuses the token: the cursor stays, and the next tick tries again.
            LogPassFailed(logger, Connection.Name, ex.Message);
        }
    }

    private async Task CatchUpAsync(ZendeskCatchUpConnection connection, HelpdeskConnection mapping)
    {
        state.State.StartTime ??= (time.GetUtcNow() - FirstLookBack).ToUnixTimeSeconds();
        for (var pages = 0; pages < MaxPagesPerPass; pages++)
        {
            using var page = await export.ReadAsync(connection, state.State.StartTime.Value, time.GetUtcNow(), CancellationToken.None);
            if (page.RetryAfter is { } wait)
            {
                if (wait > MaxWaitWithinPass)
                {
                    LogRateLimited(logger, connection.Name, wait);
                    return;
                }

                await Task.Delay(wait, time);
                continue;
            }

            var ticketEvents = page.TicketEvents.ToArray();
            var requesters = await RequestersAsync(mapping, ticketEvents);
            var mapped = ticketEvents
                .Select(e => (Item: e, Mapping: ZendeskExportMapping.Map(mapping, e, ZendeskExportMapping.TicketId(e) is { } id ? requesters.GetValueOrDefault(id) : null)))
                .ToArray();
            foreach (var (item, refused) in mapped.Where(m => m.Mapping.IsMalformed))
            {
                LogLeftOut(logger, connection.Name, ZendeskExportMapping.TicketId(item), string.Join("; ", refused.Problems.Select(p => $"{p.Pointer}: {p.Detail}")));
            }

            var events = mapped.SelectMany(m => m.Mapping.Events).ToArray();
            await Task.WhenAll(events
                .GroupBy(e => e.TicketKey, StringComparer.Ordinal)
                .Select(ticket => GrainFactory.GetGrain<ITicketGrain>(ticket.Key).ApplyAsync(ticket.Select(e => e.Event).ToArray())));

            var advanced = page.EndTime > state.State.StartTime;
            state.State.StartTime = Math.Max(page.EndTime, state.State.StartTime.Value);
            state.State.EventsFed += events.Length;
            state.State.Pages++;
            await state.WriteStateAsync();

            // A page that does not move the cursor would be read again forever: the next tick tries from here.
            if (page.EndOfStream || !advanced)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The requester of each ticket with a comment in the page: set by the page's own creations, else as the ticket
    /// already knows it (a comment's role depends on it, and the export does not say whether an author is staff).
    /// </summary>
    private async Task<Dictionary<string, string?>> RequestersAsync(HelpdeskConnection mapping, JsonElement[] ticketEvents)
    {
        var requesters = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var e in ticketEvents)
        {
            if (ZendeskExportMapping.TicketId(e) is { } id && ZendeskExportMapping.Requester(e) is { } requester)
            {
                requesters.TryAdd(id, requester);
            }
        }

        var unknown = ticketEvents.Where(ZendeskExportMapping.HasComment).Select(ZendeskExportMapping.TicketId)
            .OfType<string>().Where(id => !requesters.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToArray();
        var known = await Task.WhenAll(unknown.Select(async id =>
            (id, (await GrainFactory.GetGrain<ITicketGrain>(mapping.TicketKey(id)).GetContextAsync())?.Requester)));
        foreach (var (id, requester) in known)
        {
            requesters[id] = requester;
        }

        return requesters;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Zendesk catch-up of {Connection} left out changes of ticket {TicketId} that break our limits: {Problems}")]
    private static partial void LogLeftOut(ILogger logger, string connection, string? ticketId, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Zendesk catch-up of {Connection} has an API token but no zendesk connection of that name in the configuration; it waits for one")]
    private static partial void LogNoConnection(ILogger logger, string connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Zendesk catch-up of {Connection} failed and will retry on its next tick: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string connection, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Zendesk export of {Connection} asked to wait {Wait}; the next tick resumes")]
    private static partial void LogRateLimited(ILogger logger, string connection, TimeSpan wait);
}
