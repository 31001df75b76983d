using System.Globalization;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests;

/// <summary>
/// The <c>Ingest__*</c> limits are checked at start: a value the ingest endpoints could not use stops start-up
/// naming the setting, instead of a silo that reports ready and then refuses or fails every post.
/// </summary>
public sealed class IngestSettingsTests
{
    [Theory]
    [InlineData("Ingest:ClockSkewAllowance", "abc", "Ingest__ClockSkewAllowance 'abc' must be a duration from 00:00:00 to 1.00:00:00, written [d.]hh:mm:ss (default 00:05:00).")]
    [InlineData("Ingest:ClockSkewAllowance", "-00:01:00", "Ingest__ClockSkewAllowance '-00:01:00' must be a duration from 00:00:00 to 1.00:00:00, written [d.]hh:mm:ss (default 00:05:00).")]
    [InlineData("Ingest:ClockSkewAllowance", "10675199.00:00:00", "Ingest__ClockSkewAllowance '10675199.00:00:00' must be a duration from 00:00:00 to 1.00:00:00, written [d.]hh:mm:ss (default 00:05:00).")]
    [InlineData("Ingest:MaxEventAge", "00:00:00", "Ingest__MaxEventAge '00:00:00' must be a duration from 1.00:00:00 to 36500.00:00:00, written [d.]hh:mm:ss (default 3650.00:00:00).")]
    [InlineData("Ingest:MaxEventAge", "10675199.00:00:00", "Ingest__MaxEventAge '10675199.00:00:00' must be a duration from 1.00:00:00 to 36500.00:00:00, written [d.]hh:mm:ss (default 3650.00:00:00).")]
    [InlineData("Ingest:MaxBodyBytes", "-5", "Ingest__MaxBodyBytes '-5' must be a whole number of bytes from 65536 to 30000000 (default 4194304).")]
    [InlineData("Ingest:MaxBodyBytes", "4MB", "Ingest__MaxBodyBytes '4MB' must be a whole number of bytes from 65536 to 30000000 (default 4194304).")]
    [InlineData("Ingest:MaxBodyBytes", "30000001", "Ingest__MaxBodyBytes '30000001' must be a whole number of bytes from 65536 to 30000000 (default 4194304).")]
    [InlineData("Ingest:MaxBatchSize", "0", "Ingest__MaxBatchSize '0' must be a whole number from 1 to 10000 (default 1000).")]
    [InlineData("Ingest:MaxBatchSize", "1e3", "Ingest__MaxBatchSize '1e3' must be a whole number from 1 to 10000 (default 1000).")]
    [InlineData("Ingest:MaxBodyByte", "100000", "Ingest__MaxBodyByte is not an Ingest setting: use MaxBatchSize, MaxBodyBytes, ClockSkewAllowance or MaxEventAge.")]
    public async Task A_bad_ingest_setting_stops_start_up_naming_it(string key, string value, string expected)
    {
        var failure = await BuildExpectingFailureAsync($"--{key}={value}");

        Assert.Equal(expected, failure);
    }

    [Fact]
    public async Task Every_bad_ingest_setting_is_named_at_once()
    {
        var failure = await BuildExpectingFailureAsync("--Ingest:MaxBatchSize=0", "--Ingest:ClockSkewAllowance=abc");

        Assert.Equal(
            "Ingest__MaxBatchSize '0' must be a whole number from 1 to 10000 (default 1000). " +
            "Ingest__ClockSkewAllowance 'abc' must be a duration from 00:00:00 to 1.00:00:00, written [d.]hh:mm:ss (default 00:05:00).",
            failure);
    }

    private static async Task<string> BuildExpectingFailureAsync(params string[] settings)
    {
        var failure = await Assert.ThrowsAsync<StartupFailure>(async () =>
        {
            await using var app = await SiloApplication.BuildAsync([.. Basics(), .. settings]);
        });
        return failure.Message;
    }

    private static string[] Basics() =>
    [
        $"--Cluster:SiloPort={FreePorts.Next().ToString(CultureInfo.InvariantCulture)}",
        $"--Http:Port={FreePorts.Next().ToString(CultureInfo.InvariantCulture)}",
        "--Http:ListenAddress=127.0.0.1",
        "--Sla:SampleConfiguration=false",
    ];
}
