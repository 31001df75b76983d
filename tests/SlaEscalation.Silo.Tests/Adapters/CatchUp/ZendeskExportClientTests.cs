using System.Text.Json;
using SlaEscalation.Silo.Adapters.Zendesk.CatchUp;
using SlaEscalation.Silo.Tests.Harness;

namespace SlaEscalation.Silo.Tests.Adapters.CatchUp;

/// <summary>
/// Answers of the export that are JSON but not the export's shape (a proxy's page, a changed API): the pass fails as
/// on malformed JSON, which the catch-up logs and tries again on its next tick, or the cursor stays where it was.
/// </summary>
public sealed class ZendeskExportClientTests
{
    private static readonly ZendeskCatchUpConnection Connection =
        new("zd-eu", new Uri("https://acme.zendesk.com/"), "a@example.com", "tok-9f8e7d", TimeSpan.FromMinutes(5));

    private const long StartTime = 1777885200;

    [Theory]
    [InlineData("[]")]
    [InlineData("\"maintenance\"")]
    [InlineData("null")]
    [InlineData("7")]
    public async Task An_answer_that_is_not_an_object_fails_the_pass_as_malformed_json(string body)
    {
        var error = await Assert.ThrowsAsync<JsonException>(() => ReadAsync(body));

        Assert.Contains("zd-eu", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ticket_events":[],"end_time":"1777885999","end_of_stream":true}""")]
    [InlineData("""{"ticket_events":[],"end_time":null,"end_of_stream":true}""")]
    [InlineData("""{"ticket_events":{},"end_time":1.5e300}""")]
    public async Task An_end_time_that_is_not_whole_seconds_leaves_the_cursor_where_it_was(string body)
    {
        using var page = await ReadAsync(body);

        Assert.Equal((StartTime, 0), (page.EndTime, page.TicketEvents.Count()));
    }

    [Fact]
    public async Task A_page_in_the_exports_shape_moves_the_cursor_to_its_end_time()
    {
        using var page = await ReadAsync("""{"ticket_events":[{"id":1,"ticket_id":2}],"end_time":1777885999,"end_of_stream":true}""");

        Assert.Equal((1777885999L, 1, true), (page.EndTime, page.TicketEvents.Count(), page.EndOfStream));
    }

    private static async Task<ZendeskExportPage> ReadAsync(string body)
    {
        using var http = new HttpClient(new FixedAnswer(body));
        return await new ZendeskExportClient(http).ReadAsync(Connection, StartTime, DateTimeOffset.UnixEpoch.AddSeconds(StartTime), CancellationToken.None);
    }
}
