using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Limits;

/// <summary>
/// What one caller may ask of a silo: an adapter key writes only its own helpdesk's events, a digest is kept for a
/// bounded span of days, recounts run a few at a time.
/// </summary>
public sealed class CallerLimitsTests(LimitedSiloFixture fixture) : IClassFixture<LimitedSiloFixture>
{
    private static readonly DateTimeOffset Recently = DateTimeOffset.UtcNow.AddMinutes(-10);

    public static TheoryData<string, string, string, string> ForeignEvents => new()
    {
        // source, subject, pointer refused, source named
        { "intercom", "intercom:1", "/source", "'intercom'" },
        { "zendesk", "intercom:2", "/subject", "'intercom'" },
        { "intercom", "zendesk:3", "/source", "'intercom'" },
        { "Zendesk", "zendesk:4", "/source", "'Zendesk'" },
        { "zendesk", "zendesk-eu:5", "/subject", "'zendesk-eu'" },
    };

    [Theory]
    [MemberData(nameof(ForeignEvents))]
    public async Task An_adapter_key_cannot_write_another_sources_tickets_or_claim_its_event_ids(string source, string subject, string pointer, string named)
    {
        using var adapter = fixture.With(LimitedSiloFixture.AdapterKey);
        var key = $"{subject}-{Guid.NewGuid():N}";

        var (status, body) = await adapter.PostEventsAsync(GatewayRequests.Created(key, "evt-" + Guid.NewGuid().ToString("N"), Recently, source: source));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(pointer, problem["errors"]![0]!["pointer"]!.GetValue<string>());
        Assert.Contains(named, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("no event of this request was applied", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        using var stored = await fixture.Http.GetAsync(new Uri($"/v1/tickets/{key}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Theory]
    [InlineData("intercom", "intercom:1", "ce-source")]
    [InlineData("zendesk", "intercom:2", "ce-subject")]
    public async Task In_binary_mode_a_foreign_source_is_named_by_its_header_parameter(string source, string subject, string parameter)
    {
        using var adapter = fixture.With(LimitedSiloFixture.AdapterKey);
        var key = $"{subject}-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/events", UriKind.Relative))
        {
            Content = new StringContent("""{"priority":"urgent"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in new[]
                 {
                     ("ce-specversion", "1.0"), ("ce-id", "bin-" + Guid.NewGuid().ToString("N")), ("ce-source", source), ("ce-type", "ticket.created"),
                     ("ce-subject", key), ("ce-time", Recently.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                 })
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await adapter.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsArray())!;
        Assert.Equal((parameter, null), ((string?)error["parameter"], (string?)error["pointer"]));
        using var stored = await fixture.Http.GetAsync(new Uri($"/v1/tickets/{key}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task One_foreign_event_refuses_the_whole_batch_and_its_own_events_go_through_alone()
    {
        using var adapter = fixture.With(LimitedSiloFixture.AdapterKey);
        var (own, foreign) = ($"zendesk:{Guid.NewGuid():N}", $"intercom:{Guid.NewGuid():N}");

        var (refused, body) = await adapter.PostEventsAsync(new JsonArray(
            GatewayRequests.Created(own, "a-" + Guid.NewGuid().ToString("N"), Recently, source: "zendesk"),
            GatewayRequests.Created(foreign, "b-" + Guid.NewGuid().ToString("N"), Recently, source: "intercom")));
        using var ownAfterRefusal = await fixture.Http.GetAsync(new Uri($"/v1/tickets/{own}", UriKind.Relative));
        var (accepted, _) = await adapter.PostEventsAsync(GatewayRequests.Created(own, "c-" + Guid.NewGuid().ToString("N"), Recently, source: "zendesk"));
        var (byOperator, _) = await fixture.Http.PostEventsAsync(GatewayRequests.Created(foreign, "d-" + Guid.NewGuid().ToString("N"), Recently, source: "intercom"));

        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal(["/1/source"], JsonNode.Parse(body)!["errors"]!.AsArray().Select(e => e!["pointer"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, ownAfterRefusal.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted);
        Assert.Equal(HttpStatusCode.Accepted, byOperator);
    }

    [Theory]
    [InlineData("bounded", 0, HttpStatusCode.OK)]
    [InlineData("bounded", 1, HttpStatusCode.OK)]
    [InlineData("bounded", 2, HttpStatusCode.NotFound)]
    [InlineData("bounded", 400, HttpStatusCode.NotFound)]
    [InlineData("unrouted", 30, HttpStatusCode.OK)]
    [InlineData("unrouted", 31, HttpStatusCode.NotFound)]
    [InlineData("unrouted", 36500, HttpStatusCode.NotFound)]
    public async Task A_digest_is_kept_from_a_day_before_its_team_was_added_and_for_30_days(string team, int daysAgo, HttpStatusCode expected)
    {
        await fixture.Http.PutJsonAsync("/v1/teams/bounded", JsonNode.Parse("""{"zone": "UTC"}""")!);
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var read = await fixture.Http.GetAsync(new Uri($"/v1/digests/{team}/{date}", UriKind.Relative));

        Assert.Equal(expected, read.StatusCode);
        if (expected == HttpStatusCode.NotFound)
        {
            // A recount of such a day is refused the same way, before it could read anything.
            using var recount = await fixture.Http.PostAsync(new Uri($"/v1/digests/{team}/{date}/reconcile", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.NotFound, recount.StatusCode);
            Assert.Contains("the first day of team", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_recount_past_the_silos_bound_is_429_with_retry_after_and_starts_nothing()
    {
        var slots = fixture.Silo.Services.GetRequiredService<RecountSlots>();
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var path = new Uri($"/v1/digests/unrouted/{date}/reconcile", UriKind.Relative);

        // The one slot is taken, as by a long recount of another day; once it is given back, the recount starts.
        await Eventually.TrueAsync(slots.TryTake, TimeSpan.FromSeconds(10), "the recount slot to be free");
        HttpStatusCode refusedStatus;
        string? retryAfter;
        string body;
        try
        {
            using var refused = await fixture.Http.PostAsync(path, null);
            (refusedStatus, retryAfter, body) = (refused.StatusCode, refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture), await refused.Content.ReadAsStringAsync());
        }
        finally
        {
            slots.Release();
        }

        using var digest = await fixture.Http.GetAsync(new Uri($"/v1/digests/unrouted/{date}", UriKind.Relative));
        var unstarted = JsonNode.Parse(await digest.Content.ReadAsStringAsync())!["reconcile"];
        using var started = await fixture.Http.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refusedStatus);
        Assert.Equal("30", retryAfter);
        Assert.Contains("already runs 1 recounts", body, StringComparison.Ordinal);
        Assert.Null(unstarted);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
    }
}
