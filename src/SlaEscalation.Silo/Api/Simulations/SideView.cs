using SlaEscalation.Domain.Simulations;

namespace SlaEscalation.Silo.Api.Simulations;

/// <summary>One side of a row; durations in seconds of business time.</summary>
public sealed record SideView(
    long Clocks,
    long Breaches,
    long AtRisk,
    long AchievedOnTime,
    long AchievedLate,
    double? OnTimeRate,
    long? MedianSeconds,
    long? P90Seconds,
    long? TargetSeconds,
    IReadOnlyDictionary<int, long> Escalations,
    long Tasks)
{
    public static SideView Of(SimulationSide side)
    {
        ArgumentNullException.ThrowIfNull(side);
        return new SideView(
            side.Clocks, side.Breaches, side.AtRisk, side.AchievedOnTime, side.AchievedLate, side.OnTimeRate,
            side.MedianSeconds, side.P90Seconds, side.TargetSeconds, side.Escalations, side.Tasks);
    }
}
