using System.Text;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Silo.Api;
using SlaEscalation.Silo.Api.Events;

namespace SlaEscalation.Silo.Tests.Events;

public sealed class CloudEventReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly IngestOptions Options = new();

    private static (IReadOnlyList<(string TicketKey, TicketEventRecord Event)> Events, IReadOnlyList<ProblemError> Problems) Read(string json) =>
        CloudEventReader.Read(Encoding.UTF8.GetBytes(json), Options, Now);

    [Fact]
    public void A_created_event_becomes_a_record_for_its_ticket()
    {
        var (events, problems) = Read("""
            {"specversion":"1.0","id":"e1","source":"zendesk","type":"ticket.created","subject":"zd:42",
             "time":"2026-05-04T09:30:00+02:00",
             "data":{"priority":"high","subject":"Printer on fire","tags":["vip","vip","fire"],"team":"support","extra":"ignored"}}
            """);

        Assert.Empty(problems);
        var (key, record) = Assert.Single(events);
        Assert.Equal("zd:42", key);
        Assert.Equal(
            new TicketEventRecord("zendesk", "e1", TicketEventTypes.Created, new DateTimeOffset(2026, 5, 4, 7, 30, 0, TimeSpan.Zero),
                record.Fields, null, null),
            record);
        Assert.Equal("high", record.Fields.Priority);
        Assert.Equal("Printer on fire", record.Fields.Subject);
        Assert.Equal(["vip", "fire"], record.Fields.Tags);
        Assert.Equal("support", record.Fields.Team);
        Assert.Equal(TimeSpan.Zero, record.Time.Offset);
    }

    [Fact]
    public void A_comment_carries_its_author_role_and_visibility()
    {
        var (events, problems) = Read("""
            [{"specversion":"1.0","id":"c1","source":"zd","type":"ticket.comment_added","subject":"zd:1","time":"2026-05-04T10:00:00Z",
              "data":{"authorRole":"agent","public":false}}]
            """);

        Assert.Empty(problems);
        var record = Assert.Single(events).Event;
        Assert.Equal(("agent", (bool?)false), (record.AuthorRole, record.Public));
    }

    [Fact]
    public void Every_problem_of_a_batch_is_named_by_its_pointer_and_none_of_it_is_returned()
    {
        var (events, problems) = Read("""
            [
              {"specversion":"1.0","id":"ok","source":"zd","type":"ticket.created","subject":"zd:1","time":"2026-05-04T10:00:00Z","data":{"priority":"low"}},
              {"specversion":"0.3","id":7,"source":"zd","type":"ticket.deleted","subject":"no-colon","time":"yesterday"},
              {"specversion":"1.0","id":"c","source":"zd","type":"ticket.comment_added","subject":"zd:1","time":"2026-05-04T10:00:00Z","data":{"authorRole":"bot"}},
              {"specversion":"1.0","id":"u","source":"zd","type":"ticket.updated","subject":"zd:1","time":"2026-05-04T13:00:00Z","data":{"status":"waiting"}}
            ]
            """);

        Assert.Empty(events);
        string[] expected =
        [
            "/1/id", "/1/specversion", "/1/subject", "/1/time", "/1/type",
            "/2/data/authorRole", "/2/data/public",
            "/3/data/status", "/3/time",
        ];
        Assert.Equal(expected, problems.Select(p => p.Pointer).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("2026-05-04T12:04:59Z", true)]
    [InlineData("2026-05-04T12:05:01Z", false)]
    [InlineData("2026-05-04T12:00:00", false)]
    [InlineData("2026-05-04 12:00:00Z", false)]
    [InlineData("2016-05-01T12:00:00Z", false)]
    public void Time_must_be_RFC_3339_with_an_offset_and_within_the_skew_allowance(string time, bool accepted)
    {
        var (events, problems) = Read($$$"""
            {"specversion":"1.0","id":"e","source":"zd","type":"ticket.updated","subject":"zd:1","time":"{{{time}}}","data":{"status":"open"}}
            """);

        Assert.Equal(accepted, problems.Count == 0);
        Assert.Equal(accepted ? 1 : 0, events.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("[1]")]
    public void A_body_that_is_no_event_is_refused(string body)
    {
        var (events, problems) = Read(body);

        Assert.Empty(events);
        Assert.NotEmpty(problems);
    }

    [Fact]
    public void A_batch_over_the_limit_is_refused_whole()
    {
        var one = """{"specversion":"1.0","id":"e","source":"zd","type":"ticket.updated","subject":"zd:1","time":"2026-05-04T10:00:00Z","data":{"status":"open"}}""";
        var (events, problems) = Read("[" + string.Join(",", Enumerable.Repeat(one, 1001)) + "]");

        Assert.Empty(events);
        Assert.Equal("the batch has 1001 events; at most 1000 are accepted per request", Assert.Single(problems).Detail);
    }
}
