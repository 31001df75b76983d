using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Notifications;

public sealed class DeliveryRetryPolicyTests
{
    private static readonly DeliveryRetryPolicy Policy = DeliveryRetryPolicy.Default with
    {
        InitialDelay = TimeSpan.FromSeconds(2),
        MaxDelay = TimeSpan.FromSeconds(60),
        JitterFraction = 0.2,
        MaxRetryAfter = TimeSpan.FromMinutes(10),
    };

    [Fact]
    public void The_middle_of_the_jitter_doubles_from_the_initial_delay_up_to_the_cap()
    {
        Assert.Equal(
            new[] { 2, 4, 8, 16, 32, 60, 60 }.Select(s => TimeSpan.FromSeconds(s)),
            Enumerable.Range(1, 7).Select(n => Policy.DelayAfter(n, null, 0.5)));
    }

    [Fact]
    public void Jitter_spreads_each_delay_over_plus_or_minus_the_fraction_but_never_past_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(3.2), Policy.DelayAfter(2, null, 0));
        Assert.Equal(TimeSpan.FromSeconds(4.8), Policy.DelayAfter(2, null, 1));
        Assert.Equal(TimeSpan.FromSeconds(48), Policy.DelayAfter(10, null, 0));
        Assert.Equal(TimeSpan.FromSeconds(60), Policy.DelayAfter(10, null, 1));
    }

    [Fact]
    public void Even_with_jitter_each_delay_is_longer_than_the_one_before_until_the_cap()
    {
        var random = new Random(20261127);
        for (var run = 0; run < 1000; run++)
        {
            var delays = Enumerable.Range(1, 5).Select(n => Policy.DelayAfter(n, null, random.NextDouble())).ToArray();
            Assert.All(delays.Zip(delays.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.First} then {pair.Second}"));
        }
    }

    [Fact]
    public void Retry_after_is_honoured_when_longer_up_to_its_own_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), Policy.DelayAfter(1, TimeSpan.FromSeconds(90), 0.5));
        Assert.Equal(TimeSpan.FromSeconds(8), Policy.DelayAfter(3, TimeSpan.FromSeconds(1), 0.5));
        Assert.Equal(TimeSpan.FromMinutes(10), Policy.DelayAfter(1, TimeSpan.FromDays(1), 0.5));
    }

    [Fact]
    public void Many_failures_do_not_overflow()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Policy.DelayAfter(int.MaxValue, null, 0.5));
    }
}
