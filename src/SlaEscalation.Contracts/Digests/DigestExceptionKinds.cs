namespace SlaEscalation.Contracts.Digests;

/// <summary>The exceptions a digest lists, in the order it lists them (docs/digest.md).</summary>
public static class DigestExceptionKinds
{
    /// <summary>Open tickets without an agent for longer than the team's unassigned limit (measured).</summary>
    public const string UnassignedPastLimit = "unassigned_past_limit";

    /// <summary>Open tickets whose clocks have been paused, unchanged, for <see cref="DigestLimits.PausedForDays"/> days or more (measured).</summary>
    public const string PausedForDays = "paused_for_days";

    /// <summary>Open tickets with a breached metric not yet achieved (measured).</summary>
    public const string BreachedStillOpen = "breached_still_open";

    /// <summary>Escalation levels whose acknowledgement window passed that day.</summary>
    public const string AcknowledgementTimeouts = "acknowledgement_timeouts";

    /// <summary>Tickets reopened that day.</summary>
    public const string Reopened = "reopened";

    /// <summary>Refused requests of ticket events that day that name one of the team's tickets (measured).</summary>
    public const string RejectedEvents = "rejected_events";

    /// <summary>Notifications of the team whose delivery finally failed that day (measured).</summary>
    public const string FailedDeliveries = "failed_deliveries";

    /// <summary>Every kind, in order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [UnassignedPastLimit, PausedForDays, BreachedStillOpen, AcknowledgementTimeouts, Reopened, RejectedEvents, FailedDeliveries];

    /// <summary>The kinds measured from durable records rather than counted from the day's facts.</summary>
    public static IReadOnlyList<string> Measured { get; } =
        [UnassignedPastLimit, PausedForDays, BreachedStillOpen, RejectedEvents, FailedDeliveries];
}
