namespace SlaEscalation.Domain.Simulations;

/// <summary>Where one replayed clock ended up at the replay's horizon.</summary>
public enum MetricVerdict
{
    /// <summary>Still running or paused, not breached.</summary>
    Running,

    /// <summary>Achieved at or before its deadline.</summary>
    AchievedOnTime,

    /// <summary>Achieved after its deadline: breached, then achieved.</summary>
    AchievedLate,

    /// <summary>Breached and not achieved by the horizon.</summary>
    Breached,

    /// <summary>Stopped by a solve without being achieved or breached (a reply clock of a solved ticket).</summary>
    Cancelled,
}
