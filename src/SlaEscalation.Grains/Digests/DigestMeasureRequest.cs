namespace SlaEscalation.Grains.Digests;

/// <summary>What to measure of a team's open tickets, as of when.</summary>
/// <param name="Team">The team.</param>
/// <param name="AsOf">The instant ages and limits are measured from.</param>
/// <param name="UnassignedLimit">Longer without an agent is an exception.</param>
/// <param name="PausedFor">Paused and unchanged for this long is an exception.</param>
/// <param name="ListLimit">At most this many tickets listed per exception.</param>
public sealed record DigestMeasureRequest(string Team, DateTimeOffset AsOf, TimeSpan UnassignedLimit, TimeSpan PausedFor, int ListLimit);
