using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Simulations;

/// <summary>
/// One embedded silo whose configuration history has been trimmed: team <c>support</c> was added, then two large
/// changes to another team went past the history's size bound, so the oldest change kept is the last one.
/// </summary>
public sealed class TrimmedHistorySilo : IAsyncLifetime
{
    public SiloProcess Silo { get; private set; } = null!;

    /// <summary>An instant after the last change: the history reaches back to just before it.</summary>
    public DateTimeOffset AfterTrim { get; private set; }

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(SiloProcess.Environment("trimmed", "trimmed", postgres: null));
        await Silo.Http.PutJsonAsync("/v1/teams/support", JsonNode.Parse("""{ "zone": "UTC" }""")!);
        foreach (var round in new[] { 'a', 'b' })
        {
            // Some 690,000 characters each: the second change holds both sides, and with the first, passes the
            // history's 2,000,000 characters.
            var members = new JsonArray([.. Enumerable.Range(0, 4_500).Select(i => (JsonNode)$"{round}{i:D5}".PadRight(150, 'x'))]);
            await Silo.Http.PutJsonAsync("/v1/teams/bulk", new JsonObject { ["zone"] = "UTC", ["members"] = members });
        }

        AfterTrim = DateTimeOffset.UtcNow;
    }

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

/// <summary>What a window or a day older than the kept configuration history gets: a problem naming where it begins.</summary>
public sealed class TrimmedHistoryTests(TrimmedHistorySilo fixture) : IClassFixture<TrimmedHistorySilo>
{
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task A_simulation_from_before_the_kept_history_gets_422_naming_where_it_begins_and_one_after_it_starts()
    {
        using var refused = await StartAsync(fixture.AfterTrim.AddDays(-30), fixture.AfterTrim);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var error = Assert.Single((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal("/from", error.GetProperty("pointer").GetString());
        Assert.StartsWith("the configuration history reaches back to ", error.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var started = await StartAsync(fixture.AfterTrim, DateTimeOffset.UtcNow);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_digest_of_a_day_long_before_the_kept_history_is_404_naming_where_it_begins()
    {
        var day = fixture.AfterTrim.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await Http.GetAsync(new Uri($"/v1/digests/support/{day}", UriKind.Relative));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, body);
        Assert.Contains("where the configuration history begins", body, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> StartAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var body = new JsonObject { ["candidate"] = "policies: []", ["from"] = Iso(from), ["to"] = Iso(to) };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await Http.PostAsync(new Uri("/v1/simulations", UriKind.Relative), content);
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
