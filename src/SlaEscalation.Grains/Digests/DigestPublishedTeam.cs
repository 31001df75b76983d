using NodaTime;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// What a digest's window and content take from its team (zone, digest hour, unassigned limit), kept with the digest
/// once its publication begins: the published digest of a day keeps them when the team later moves to another zone.
/// </summary>
[GenerateSerializer, Immutable, Alias("SlaEscalation.Grains.Digests.DigestPublishedTeam")]
public sealed record DigestPublishedTeam(
    [property: Id(0)] string Zone,
    [property: Id(1)] int DigestHour,
    [property: Id(2)] TimeSpan UnassignedLimit)
{
    /// <summary>What <paramref name="team"/> is now.</summary>
    public static DigestPublishedTeam Of(DigestTeam team)
    {
        ArgumentNullException.ThrowIfNull(team);
        return new(team.Zone.Id, team.DigestHour, team.UnassignedLimit.ToTimeSpan());
    }

    /// <summary>Team <paramref name="id"/> as it was kept; a zone the time zone database no longer knows is UTC.</summary>
    public DigestTeam For(string id) =>
        new(id, DateTimeZoneProviders.Tzdb.GetZoneOrNull(Zone) ?? DateTimeZone.Utc, DigestHour, Duration.FromTimeSpan(UnassignedLimit));
}
