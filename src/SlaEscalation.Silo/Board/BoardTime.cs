using System.Globalization;

namespace SlaEscalation.Silo.Board;

/// <summary>Instants as the board's script reads them: UTC, milliseconds, the one form every browser parses.</summary>
public static class BoardTime
{
    public static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
