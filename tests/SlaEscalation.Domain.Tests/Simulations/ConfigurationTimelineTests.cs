using SlaEscalation.Domain.Simulations;
using static SlaEscalation.Domain.Tests.Simulations.SimulationScript;

namespace SlaEscalation.Domain.Tests.Simulations;

public sealed class ConfigurationTimelineTests
{
    [Theory]
    [InlineData("2026-01-01T00:00:00Z", "current")]
    [InlineData("2026-11-02T14:44:59Z", "current")]
    [InlineData("2026-11-02T14:45:00Z", "loosened")]
    [InlineData("2027-01-01T00:00:00Z", "loosened")]
    public void A_version_is_in_force_from_its_instant_until_the_next_ones(string instant, string expected)
    {
        var timeline = new ConfigurationTimeline(Changed.Reverse());

        Assert.Same(expected == "current" ? Current : Loosened, timeline.At(Builders.TicketHistoryBuilder.At(instant)));
    }
}
