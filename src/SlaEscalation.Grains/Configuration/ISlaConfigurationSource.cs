namespace SlaEscalation.Grains.Configuration;

/// <summary>
/// The SLA configuration in force, as each silo sees it. Ticket grains ask it on every evaluation, so it answers
/// from a per-silo cache; a caller that knows of a newer version (a re-pricing request) asks for at least that one.
/// </summary>
public interface ISlaConfigurationSource
{
    /// <summary>The current configuration, at least <paramref name="minimumVersion"/>.</summary>
    ValueTask<VersionedConfiguration> GetAsync(long minimumVersion = 0);
}
