using Microsoft.Extensions.Configuration;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Tests;

/// <summary><c>Retention__SolvedTicketDays</c>: 400 days unless set, and a bad value stops start-up naming the setting.</summary>
public sealed class RetentionSettingsTests
{
    [Theory]
    [InlineData(null, 400)]
    [InlineData("", 400)]
    [InlineData("30", 30)]
    [InlineData("36500", 36_500)]
    public void The_age_is_the_days_set_or_400(string? value, int days) =>
        Assert.Equal(TimeSpan.FromDays(days), RetentionSettings.Read(Configuration(value)).SolvedTicketAge);

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("36501")]
    [InlineData("1.5")]
    [InlineData("a year")]
    public void A_value_that_is_no_whole_number_of_days_stops_start_up(string value)
    {
        var failure = Assert.Throws<StartupFailure>(() => RetentionSettings.Read(Configuration(value)));
        Assert.StartsWith($"Retention__SolvedTicketDays '{value}' must be a whole number of days", failure.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? days) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [RetentionSettings.SolvedTicketDaysKey] = days }).Build();
}
