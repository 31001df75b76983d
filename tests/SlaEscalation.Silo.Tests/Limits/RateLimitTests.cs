using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using SlaEscalation.Silo.Security;
using SlaEscalation.Silo.Tests.Notifications;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Limits;

/// <summary>Each API key gets its own share of a silo's requests; past it, <c>429</c> with <c>Retry-After</c>.</summary>
public sealed class RateLimitTests
{
    private const string ThrottledKey = "test-throttled-key-0123456789abcdef";

    [Fact]
    public async Task A_key_past_its_burst_gets_429_with_retry_after_while_another_key_goes_on()
    {
        // One request a second, bursts of three: ten requests sent at once would need seven seconds to all pass.
        var silo = await NotificationSilo.StartAsync("rate-" + Guid.NewGuid().ToString("N")[..8], postgres: null,
        [
            "--RateLimits:RequestsPerSecond=1",
            "--RateLimits:Burst=3",
            "--Auth:ApiKeys:1:Name=throttled",
            $"--Auth:ApiKeys:1:Key={ThrottledKey}",
            "--Auth:ApiKeys:1:Scopes=tickets:read",
        ]);
        try
        {
            using var operatorHttp = silo.HttpClient();
            using var throttled = new HttpClient { BaseAddress = operatorHttp.BaseAddress };
            throttled.DefaultRequestHeaders.Add("X-Api-Key", ThrottledKey);

            var answers = new List<(HttpStatusCode Status, string? RetryAfter, string? MediaType, string Body)>();
            for (var i = 0; i < 10; i++)
            {
                using var response = await throttled.GetAsync(new Uri($"/v1/tickets/zendesk:{i}", UriKind.Relative));
                answers.Add((response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                    response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()));
            }

            using var other = await operatorHttp.GetAsync(new Uri("/v1/tickets/zendesk:1", UriKind.Relative));

            Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], answers.Take(3).Select(a => a.Status));
            var refused = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToArray();
            Assert.NotEmpty(refused);
            Assert.All(refused, a =>
            {
                Assert.Equal("1", a.RetryAfter);
                Assert.Equal("application/problem+json", a.MediaType);
                Assert.Contains("the API key 'throttled' made more than 1 requests a second (bursts up to 3)", a.Body, StringComparison.Ordinal);
            });
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
        finally
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_probes_carry_no_key_and_are_never_limited()
    {
        var silo = await NotificationSilo.StartAsync("rate-" + Guid.NewGuid().ToString("N")[..8], postgres: null,
            ["--RateLimits:RequestsPerSecond=1", "--RateLimits:Burst=1"]);
        try
        {
            using var operatorHttp = silo.HttpClient();
            using var anonymous = new HttpClient { BaseAddress = operatorHttp.BaseAddress };
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
            {
                using var response = await anonymous.GetAsync(new Uri("/health/live", UriKind.Relative));
                statuses.Add(response.StatusCode);
            }

            Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), statuses);
        }
        finally
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(null, null, 5000, 10000, "")]
    [InlineData("10", null, 10, 20, "")]
    [InlineData("10", "15", 10, 15, "")]
    [InlineData("0", null, 0, 1, "")]
    [InlineData("10", "5", 10, 5, "RateLimits:Burst 5 is below RateLimits:RequestsPerSecond 10: a key could never use its second's share at once.")]
    [InlineData("-1", null, 5000, 10000, "RateLimits:RequestsPerSecond '-1' must be a whole number from 0 to 1000000.")]
    [InlineData("many", "0", 5000, 10000, "RateLimits:RequestsPerSecond 'many' must be a whole number from 0 to 1000000. RateLimits:Burst '0' must be a whole number from 1 to 1000000.")]
    public void Rate_limit_settings_default_to_5000_a_second_in_bursts_of_twice_that(string? perSecond, string? burst, int expectedRate, int expectedBurst, string errors)
    {
        var (settings, problems) = RateLimitSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [RateLimitSettings.RequestsPerSecondKey] = perSecond,
            [RateLimitSettings.BurstKey] = burst,
        }).Build());

        Assert.Equal((expectedRate, expectedBurst), (settings.RequestsPerSecond, settings.Burst));
        Assert.Equal(errors, string.Join(" ", problems));
    }
}
