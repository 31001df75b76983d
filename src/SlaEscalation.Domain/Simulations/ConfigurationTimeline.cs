using NodaTime;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Domain.Simulations;

/// <summary>
/// The configuration versions as they were in force over time: each from its <see cref="ConfigurationInForce.Since"/>
/// until the next one's. The oldest also covers every instant before it (nothing older is known).
/// </summary>
public sealed class ConfigurationTimeline
{
    private readonly ConfigurationInForce[] versions;

    /// <summary>A timeline of <paramref name="versions"/>, in any order; at least one.</summary>
    public ConfigurationTimeline(IEnumerable<ConfigurationInForce> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        this.versions = [.. versions.OrderBy(v => v.Since)];
        if (this.versions.Length == 0)
        {
            throw new ArgumentException("a timeline needs at least one configuration", nameof(versions));
        }
    }

    /// <summary>One configuration in force at every instant (a candidate).</summary>
    public static ConfigurationTimeline Always(SlaConfiguration configuration) => new([new ConfigurationInForce(Instant.MinValue, configuration)]);

    /// <summary>How many versions the timeline holds.</summary>
    public int Count => versions.Length;

    /// <summary>The configuration in force at <paramref name="instant"/>.</summary>
    public SlaConfiguration At(Instant instant) => versions[IndexAt(instant)].Configuration;

    /// <summary>
    /// The versions in force over [<paramref name="from"/>, <paramref name="to"/>], oldest first, each with the
    /// instant the next one took over (null for the last).
    /// </summary>
    internal IReadOnlyList<(SlaConfiguration Configuration, Instant? Until)> Over(Instant from, Instant to)
    {
        var spans = new List<(SlaConfiguration, Instant?)>();
        for (var i = IndexAt(from); i < versions.Length; i++)
        {
            var next = i + 1 < versions.Length && versions[i + 1].Since <= to ? versions[i + 1].Since : (Instant?)null;
            spans.Add((versions[i].Configuration, next));
            if (next is null)
            {
                break;
            }
        }

        return spans;
    }

    private int IndexAt(Instant instant)
    {
        var index = 0;
        while (index + 1 < versions.Length && versions[index + 1].Since <= instant)
        {
            index++;
        }

        return index;
    }
}
