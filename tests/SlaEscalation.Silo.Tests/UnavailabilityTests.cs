using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using SlaEscalation.Silo.Api;

namespace SlaEscalation.Silo.Tests;

public sealed class UnavailabilityTests
{
    [Theory]
    [InlineData("22001")] // a value too long for its column
    [InlineData("22P05")] // \u0000 in jsonb
    [InlineData("22021")] // a NUL byte in text
    public void PostgreSQL_refusing_the_data_is_not_an_outage(string sqlState)
    {
        var refused = new PostgresException("refused", "ERROR", "ERROR", sqlState);

        Assert.False(Unavailability.IsUnavailable(refused));
        Assert.False(Unavailability.IsUnavailable(new InvalidOperationException("wrapped", refused)));
        Assert.False(Unavailability.IsUnavailable(new AggregateException(refused, new TimeoutException())));
    }

    [Fact]
    public void A_data_refusal_that_crossed_a_grain_call_is_still_not_an_outage()
    {
        // What a grain's caller gets: the exception as the silo's serializer carries it (Npgsql allowed, as the silo has it).
        var services = new ServiceCollection().AddSerializer();
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        using var provider = services.BuildServiceProvider();
        var serializer = provider.GetRequiredService<Serializer>();
        Exception Crossed(Exception e) => serializer.Deserialize<Exception>(serializer.SerializeToArray(e))!;

        var refused = Crossed(new PostgresException("unsupported Unicode escape sequence", "ERROR", "ERROR", "22P05"));
        var shutDown = Crossed(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"));

        Assert.IsType<PostgresException>(refused);
        Assert.False(Unavailability.IsUnavailable(refused));
        Assert.True(Unavailability.IsUnavailable(shutDown));
    }

    [Fact]
    public void A_database_that_is_down_or_shutting_down_is_an_outage()
    {
        Assert.True(Unavailability.IsUnavailable(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.True(Unavailability.IsUnavailable(new NpgsqlException("Failed to connect")));
        Assert.True(Unavailability.IsUnavailable(new InvalidOperationException("wrapped", new TimeoutException())));
        Assert.False(Unavailability.IsUnavailable(new InvalidOperationException("a bug")));
    }
}
