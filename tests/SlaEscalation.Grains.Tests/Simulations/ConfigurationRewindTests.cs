using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Grains.Simulations;

namespace SlaEscalation.Grains.Tests.Simulations;

public sealed class ConfigurationRewindTests
{
    // Version 1 at 08:00 set the policies to [a]; version 2 at 09:00 added calendar c; version 3 at 10:00 changed the policies to [b].
    private static readonly ConfigurationSnapshot Today = new(3, """{"calendars":{"c":{"zone":"UTC"}},"policies":[{"id":"b"}]}""", null, null);

    private static readonly ConfigurationChange[] NewestFirst =
    [
        new(3, At("10:00"), "ops", ConfigurationPartKind.Policies, null, """[{"id":"a"}]""", """[{"id":"b"}]"""),
        new(2, At("09:00"), "ops", ConfigurationPartKind.Calendar, "c", null, """{"zone":"UTC"}"""),
        new(1, At("08:00"), "seed", ConfigurationPartKind.Document, null, null, """{"policies":[{"id":"a"}]}"""),
    ];

    [Theory]
    [InlineData("11:00", 3, """{"calendars":{"c":{"zone":"UTC"}},"policies":[{"id":"b"}]}""")]
    [InlineData("10:00", 3, """{"calendars":{"c":{"zone":"UTC"}},"policies":[{"id":"b"}]}""")]
    [InlineData("09:30", 2, """{"calendars":{"c":{"zone":"UTC"}},"policies":[{"id":"a"}]}""")]
    [InlineData("08:30", 1, """{"calendars":{},"policies":[{"id":"a"}]}""")]
    [InlineData("07:00", 0, "{}")]
    public void Each_change_after_the_instant_puts_its_part_back(string instant, long version, string document) =>
        Assert.Equal((document, version), ConfigurationRewind.At(Today, NewestFirst, At(instant)));

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse($"2026-11-02T{time}:00Z", System.Globalization.CultureInfo.InvariantCulture);
}
