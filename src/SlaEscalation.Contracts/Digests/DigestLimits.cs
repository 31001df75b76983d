namespace SlaEscalation.Contracts.Digests;

/// <summary>Bounds of what a digest lists.</summary>
public static class DigestLimits
{
    /// <summary>
    /// At most this many tickets are listed under a figure; its count is always complete. A digest stays a page a
    /// person reads, and reading it costs the same with a million tickets open.
    /// </summary>
    public const int ListedTickets = 100;

    /// <summary>A ticket whose clocks are paused and unchanged for this many days is an exception.</summary>
    public const int PausedForDays = 2;
}
