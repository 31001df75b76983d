using System.Text;
using SlaEscalation.Silo.Api.Events;

namespace SlaEscalation.Silo.Tests.Events;

/// <summary>
/// Each string an event carries is refused at the edge when the place it will be stored could not hold it, naming
/// the field by its pointer: a value the reader accepts can always be written.
/// </summary>
public sealed class CloudEventStoredFieldTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<string> Problems(string data) => Problems(Encoding.UTF8.GetBytes(
        $$$"""{"specversion":"1.0","id":"e1","source":"zd","type":"ticket.created","subject":"zd:1","time":"2026-05-04T10:00:00Z","data":{"priority":"high"{{{data}}}}}"""));

    private static IReadOnlyList<string> Problems(byte[] body) =>
        [.. CloudEventReader.Read(body, new IngestOptions(), Now).Problems.Select(p => p.ToString())];

    [Theory]
    [InlineData("team", 150)]
    [InlineData("assignee", 150)]
    [InlineData("requester", 1000)]
    [InlineData("subject", 1000)]
    public void A_field_at_its_column_length_is_accepted_and_one_character_more_is_refused(string field, int limit)
    {
        Assert.Empty(Problems($",\"{field}\":\"{new string('a', limit)}\""));
        Assert.Equal([$"/data/{field}: {field} must be at most {limit} characters, not {limit + 1}"], Problems($",\"{field}\":\"{new string('a', limit + 1)}\""));
    }

    [Theory]
    [InlineData(",\"assignee\":\"a\\u0000b\"", "/data/assignee: assignee must not contain control characters (U+0000 at 1)")]
    [InlineData(",\"team\":\"t\\u001b\"", "/data/team: team must not contain control characters (U+001B at 1)")]
    [InlineData(",\"requester\":\"r\\nx\"", "/data/requester: requester must not contain control characters (U+000A at 1)")]
    [InlineData(",\"tags\":[\"ok\",\"b\\u0007d\"]", "/data/tags/1: must not contain control characters (U+0007 at 1)")]
    [InlineData(",\"team\":\"\\ud800\"", "/data/team: team is not valid Unicode (a lone surrogate escape, or bytes that are not UTF-8)")]
    [InlineData(",\"tags\":[\"\\udc00\"]", "/data/tags: tags must be an array of at most 100 non-empty strings of at most 100 characters")]
    public void A_control_character_or_a_lone_surrogate_in_a_data_field_is_refused_at_its_pointer(string data, string problem) =>
        Assert.Equal([problem], Problems(data));

    [Fact]
    public void Free_text_keeps_its_line_breaks_and_tabs() =>
        Assert.Empty(Problems(",\"subject\":\"line one\\nline two\\tend\""));

    [Theory]
    [InlineData("\"id\":\"e1\"", "\"id\":\"\\ud800\"", "/id: id is not valid Unicode (a lone surrogate escape, or bytes that are not UTF-8)")]
    [InlineData("\"source\":\"zd\"", "\"source\":\"z\\u0000d\"", "/source: source must not contain control characters (U+0000 at 1)")]
    [InlineData("\"type\":\"ticket.created\"", "\"type\":\"\\ud800\"", "/type: type is not valid Unicode (a lone surrogate escape, or bytes that are not UTF-8)")]
    public void An_attribute_with_a_control_character_or_a_lone_surrogate_is_refused_at_its_pointer(string good, string bad, string problem)
    {
        var body = """{"specversion":"1.0","id":"e1","source":"zd","type":"ticket.created","subject":"zd:1","time":"2026-05-04T10:00:00Z","data":{"priority":"high"}}""";
        Assert.Equal([problem], Problems(Encoding.UTF8.GetBytes(body.Replace(good, bad, StringComparison.Ordinal))));
    }

    [Fact]
    public void A_body_that_is_not_utf8_is_refused_whole()
    {
        var body = Encoding.UTF8.GetBytes("""{"specversion":"1.0","id":"e1","source":"zd","type":"ticket.created","subject":"zd:1","time":"2026-05-04T10:00:00Z","data":{"priority":"high","team":"XX"}}""");
        var team = Array.IndexOf(body, (byte)'X');
        body[team] = 0xC3;
        body[team + 1] = 0x28;

        Assert.Equal(["the body is not valid UTF-8"], Problems(body));
    }
}
