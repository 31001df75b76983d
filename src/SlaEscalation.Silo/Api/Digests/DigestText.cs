using System.Globalization;
using NodaTime;
using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Silo.Api.Digests;

/// <summary>How the Markdown and HTML digests say things: local times, rates, names of figures and exceptions.</summary>
public static class DigestText
{
    /// <summary>An instant as local date and time in the digest's zone, e.g. <c>2026-03-02 14:05</c>.</summary>
    public static string Local(DigestReport report, DateTimeOffset? instant)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (instant is null)
        {
            return "";
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(report.Zone) ?? DateTimeZone.Utc;
        return Instant.FromDateTimeOffset(instant.Value).InZone(zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A rate as a whole percentage, or an en dash when there is none.</summary>
    public static string Rate(double? rate) =>
        rate is { } r ? Math.Round(r * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + "%" : "–";

    /// <summary>A count.</summary>
    public static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>The heading of an exception kind.</summary>
    public static string ExceptionTitle(string kind) => kind switch
    {
        DigestExceptionKinds.UnassignedPastLimit => "Unassigned past the team's limit",
        DigestExceptionKinds.PausedForDays => $"Paused for {DigestLimits.PausedForDays} days or more",
        DigestExceptionKinds.BreachedStillOpen => "Breached and still open",
        DigestExceptionKinds.AcknowledgementTimeouts => "Acknowledgement timeouts",
        DigestExceptionKinds.Reopened => "Reopened",
        DigestExceptionKinds.RejectedEvents => "Rejected events",
        DigestExceptionKinds.FailedDeliveries => "Failed deliveries",
        _ => kind,
    };

    /// <summary>What the instant listed with an exception's ticket means.</summary>
    public static string ExceptionInstant(string kind) => kind switch
    {
        DigestExceptionKinds.UnassignedPastLimit => "without an agent since",
        DigestExceptionKinds.PausedForDays => "unchanged since",
        DigestExceptionKinds.BreachedStillOpen => "created",
        DigestExceptionKinds.FailedDeliveries => "failed",
        DigestExceptionKinds.RejectedEvents => "refused",
        _ => "at",
    };

    /// <summary>The path of a ticket in the API (a link in the digest); a subject that is not a ticket key gets none.</summary>
    public static string? TicketPath(string ticketKey) =>
        Events.CloudEventReader.IsTicketKey(ticketKey) ? "/v1/tickets/" + Uri.EscapeDataString(ticketKey) : null;

    /// <summary>The backlog's age buckets as (label, count), youngest first.</summary>
    public static IReadOnlyList<(string Label, int Count)> AgeBuckets(DigestBacklog backlog)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        var buckets = new List<(string, int)>
        {
            ("< 1 day", backlog.Under1Day),
            ("1-3 days", backlog.From1To3Days),
            ("3-7 days", backlog.From3To7Days),
            ("> 7 days", backlog.Over7Days),
        };
        if (backlog.AgeUnknown > 0)
        {
            buckets.Add(("age unknown", backlog.AgeUnknown));
        }

        return buckets;
    }

    /// <summary>The summary figures in the order both formats show them: (key, label, value).</summary>
    public static IReadOnlyList<(string Key, string Label, string Value)> Summary(DigestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var backlog = report.Backlog;
        return
        [
            ("new", "New tickets", Count(report.NewTickets)),
            ("solved", "Solved tickets", Count(report.SolvedTickets)),
            ("open", "Open backlog", backlog is null ? "not measured yet" : Count(backlog.Open)),
            ("at_risk_now", "At risk now", backlog is null ? "not measured yet" : Count(backlog.AtRiskNow)),
            ("breaches", "Breaches", Count(report.Breaches.Total)),
            ("escalations_raised", "Escalations raised", Count(report.Escalations.Raised)),
            ("escalations_acknowledged", "Escalations acknowledged", Count(report.Escalations.Acknowledged)),
            ("escalations_unacknowledged", "Escalations unacknowledged", Count(report.Escalations.Unacknowledged)),
            ("tasks_opened", "Engineering tasks opened", Count(report.Tasks.Opened)),
            ("tasks_closed", "Engineering tasks closed", Count(report.Tasks.Closed)),
        ];
    }

    /// <summary>The line under the title: the zone, the day's bounds, and when it was or will be published.</summary>
    public static string Subtitle(DigestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var published = report.PublishedAt is { } at ? $"published {Local(report, at)}" : $"due {Local(report, report.PublishAt)}, not published yet";
        return $"{report.Zone}, {Local(report, report.From)} to {Local(report, report.To)}; {published}";
    }
}
