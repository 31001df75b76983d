using NodaTime;

namespace SlaEscalation.Domain.Calendars;

/// <summary>Instants as Unix nanoseconds: exact, and cheap to add and compare on the hot paths.</summary>
internal static class UnixNanos
{
    public static long From(Instant instant) => (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();

    public static Instant ToInstant(long nanos) => NodaConstants.UnixEpoch.PlusNanoseconds(nanos);
}
