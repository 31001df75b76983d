using SlaEscalation.Silo.Api.Simulations;

namespace SlaEscalation.Silo.Tests.Simulations;

public sealed class SimulationTextTests
{
    [Theory]
    [InlineData(null, "-")]
    [InlineData(59L, "59s")]
    [InlineData(238L, "4m")]
    [InlineData(7_170L, "2h 0m")]
    [InlineData(90_000L, "1d 1h")]
    public void Business_times_read_to_the_minute_once_past_one(long? seconds, string expected) =>
        Assert.Equal(expected, SimulationText.Duration(seconds));
}
