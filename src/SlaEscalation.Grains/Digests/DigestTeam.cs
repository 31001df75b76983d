using NodaTime;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// What the digest needs of a team: its zone, digest hour and unassigned limit. A team the configuration does not
/// define (the fallback queue, or a team only a helpdesk names) gets UTC, hour 8 and one hour, the configuration's
/// defaults.
/// </summary>
public sealed record DigestTeam(string Id, DateTimeZone Zone, int DigestHour, Duration UnassignedLimit)
{
    /// <summary>The digest hour of a team the configuration does not define.</summary>
    public const int DefaultDigestHour = 8;

    /// <summary>The unassigned limit of a team the configuration does not define.</summary>
    public static readonly Duration DefaultUnassignedLimit = Duration.FromHours(1);

    /// <summary>The team as <paramref name="configuration"/> defines it, or with the defaults.</summary>
    public static DigestTeam Of(SlaConfiguration configuration, string team)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.Teams.TryGetValue(team, out var definition)
            ? new DigestTeam(team, definition.Zone, definition.DigestHour, definition.UnassignedLimit)
            : new DigestTeam(team, DateTimeZone.Utc, DefaultDigestHour, DefaultUnassignedLimit);
    }

    /// <summary>The local day <paramref name="instant"/> falls on in the team's zone.</summary>
    public LocalDate DateOf(DateTimeOffset instant) => Instant.FromDateTimeOffset(instant).InZone(Zone).Date;

    /// <summary>The team's digest of <paramref name="date"/>.</summary>
    public DigestDay Day(LocalDate date) => new(this, date);

    /// <summary>
    /// The latest day whose digest is due at or before <paramref name="now"/>: yesterday once today's digest hour has
    /// come, else the day before.
    /// </summary>
    public LocalDate LatestDue(DateTimeOffset now)
    {
        var yesterday = DateOf(now).PlusDays(-1);
        return Day(yesterday).PublishAt <= now ? yesterday : yesterday.PlusDays(-1);
    }
}
