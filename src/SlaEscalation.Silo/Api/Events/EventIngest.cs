using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Tickets;
using SlaEscalation.Grains;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Silo.Api.Events;

/// <summary>
/// The one path valid ticket events take into the cluster, whichever door they came through (<c>POST /v1/events</c>
/// or a helpdesk adapter): refused with <c>503</c> while the event bus is saturated, else handed to each ticket, and
/// <c>202</c> only once every ticket has durably stored its events. Repeats are dropped by source and id.
/// </summary>
public static partial class EventIngest
{
    /// <summary>Applies <paramref name="events"/> grouped by ticket key and answers for all of them.</summary>
    /// <remarks><paramref name="batch"/>: whether the body was an array of them, so problems point into it by index.</remarks>
    public static async Task<Results<Accepted<EventsApi.IngestResponse>, ProblemHttpResult>> ApplyAsync(
        HttpContext context, GrainReferences references, IEnumerable<(string TicketKey, TicketEventRecord Event)> events, ILogger logger, bool batch = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(references);
        var metrics = context.RequestServices.GetService<SlaMetrics>();
        if (context.RequestServices.GetService<EventBusPressure>()?.RetryAfter is { } wait)
        {
            metrics?.EventsRefused("bus_pressure");
            // Valid, but the bus's consumers are behind: taking more now would only queue more retries behind them.
            context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Event bus saturated",
                detail: "the internal event bus is full and its consumers are catching up; no event of this request was applied: resend it after Retry-After");
        }

        try
        {
            var tickets = events.Select((e, index) => (e.TicketKey, e.Event, Index: index)).GroupBy(e => e.TicketKey, StringComparer.Ordinal).ToArray();
            if (tickets.Length > 1)
            {
                // Each ticket stores its events whole or not at all; asking every one first makes the batch so too.
                var refusals = await Task.WhenAll(tickets
                    .Select(ticket => references.For<ITicketGrain>(ticket.Key).RefusesAsync(ticket.Select(e => e.Event).ToArray())));
                if (HistoryFull(tickets, refusals, batch, stored: 0) is { } none)
                {
                    return none;
                }
            }

            var outcomes = await Task.WhenAll(tickets
                .Select(ticket => references.For<ITicketGrain>(ticket.Key).ApplyAsync(ticket.Select(e => e.Event).ToArray())));
            if (HistoryFull(tickets, [.. outcomes.Select(o => o.Refused)], batch, outcomes.Sum(o => o.Accepted)) is { } full)
            {
                return full;
            }

            var response = new EventsApi.IngestResponse(outcomes.Sum(o => o.Accepted), outcomes.Sum(o => o.Duplicates));
            metrics?.EventsApplied(response.Accepted, response.Duplicates);
            return TypedResults.Accepted((string?)null, response);
        }
        catch (Exception ex) when (Unavailability.IsUnavailable(ex) || ex is OutOfMemoryException)
        {
            // Out of memory: a silo at its memory limit is shedding activations; the resend will find room.
            LogUnavailable(logger, ex);
            metrics?.EventsRefused("unavailable");
            context.Response.Headers.RetryAfter = Unavailability.RetryAfterSeconds;
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unavailable",
                detail: "the events could not all be stored; none is lost by resending the same request, which is safe to repeat");
        }
    }

    /// <summary>
    /// The <c>422</c> naming each ticket whose history has no room for its new events, by a pointer to its first event
    /// in the body, when any has none; null when all fit. <paramref name="stored"/> new events of the others were
    /// stored: none when every ticket was asked first, some only when a concurrent request filled a ticket in between
    /// (resending the whole request is safe then: they are duplicates).
    /// </summary>
    private static ProblemHttpResult? HistoryFull(
        IGrouping<string, (string TicketKey, TicketEventRecord Event, int Index)>[] tickets, int[] refused, bool batch, int stored)
    {
        var errors = tickets.Zip(refused)
            .Where(t => t.Second > 0)
            .Select(t => ProblemError.InBody(
                batch ? string.Create(CultureInfo.InvariantCulture, $"/{t.First.First().Index}/subject") : string.Empty,
                $"ticket {t.First.Key} keeps at most {TicketHistoryLimit.MaxEvents} events: its {t.Second} new event(s) do not fit"))
            .ToArray();
        return errors.Length == 0 ? null : Problems.Invalid("Ticket history full", errors,
            $"{string.Join("; ", errors.Take(3).Select(e => e.ToString()))}; {(stored == 0 ? "no event of this request was stored" : $"the other events of this request ({stored} new) were stored")}.",
            StatusCodes.Status422UnprocessableEntity);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Events could not be stored; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
