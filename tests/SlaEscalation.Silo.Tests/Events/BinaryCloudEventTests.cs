using System.Text;
using Microsoft.AspNetCore.Http;
using SlaEscalation.Silo.Api.Events;

namespace SlaEscalation.Silo.Tests.Events;

public sealed class BinaryCloudEventTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly IngestOptions Options = new();

    private static HeaderDictionary Headers(params (string Name, string Value)[] extra)
    {
        var headers = new HeaderDictionary
        {
            ["ce-specversion"] = "1.0",
            ["ce-id"] = "e1",
            ["ce-source"] = "zendesk",
            ["ce-type"] = "ticket.created",
            ["ce-subject"] = "zd:42",
            ["ce-time"] = "2026-05-04T09:30:00+02:00",
        };
        foreach (var (name, value) in extra)
        {
            headers[name] = value;
        }

        return headers;
    }

    private static IReadOnlyList<string> Where(HeaderDictionary headers, string body = """{"priority":"high"}""") =>
        BinaryCloudEvent.Read(headers, Encoding.UTF8.GetBytes(body), Options, Now).Problems
            .Select(p => p.Parameter is { } parameter ? $"parameter {parameter}: {p.Detail}" : $"pointer {p.Pointer}: {p.Detail}")
            .ToArray();

    [Fact]
    public void The_same_event_in_binary_and_structured_mode_is_the_same_record()
    {
        const string Data = """{"priority":"high","subject":"Printer on fire","tags":["vip","fire"],"team":"support"}""";
        var structured = CloudEventReader.Read(
            Encoding.UTF8.GetBytes($$"""
                {"specversion":"1.0","id":"e1","source":"zendesk","type":"ticket.created","subject":"zd:42",
                 "time":"2026-05-04T09:30:00+02:00","data":{{Data}}}
                """),
            Options, Now);

        var binary = BinaryCloudEvent.Read(Headers(), Encoding.UTF8.GetBytes(Data), Options, Now);

        Assert.Empty(binary.Problems);
        var (key, record) = Assert.Single(binary.Events);
        var (expectedKey, expected) = Assert.Single(structured.Events);
        Assert.Equal(expectedKey, key);
        Assert.Equal(expected with { Fields = record.Fields }, record);
        Assert.Equal(expected.Fields.Tags, record.Fields.Tags);
        Assert.Equal((expected.Fields.Priority, expected.Fields.Subject, expected.Fields.Team), (record.Fields.Priority, record.Fields.Subject, record.Fields.Team));
    }

    [Theory]
    [InlineData("ce-specversion")]
    [InlineData("ce-id")]
    [InlineData("ce-source")]
    [InlineData("ce-type")]
    [InlineData("ce-subject")]
    [InlineData("ce-time")]
    public void A_missing_required_header_is_named_as_a_parameter(string header)
    {
        var headers = Headers();
        headers.Remove(header);

        Assert.Equal([$"parameter {header}: {header} is required"], Where(headers));
    }

    [Theory]
    [InlineData("ce-time", "yesterday", "parameter ce-time: 'yesterday' is not an RFC 3339 time with an offset, e.g. 2026-05-01T09:30:00Z")]
    [InlineData("ce-time", "2026-05-04T12:05:01Z", "parameter ce-time: 2026-05-04T12:05:01Z is further in the future than the allowed clock skew (00:05:00)")]
    [InlineData("ce-specversion", "0.3", "parameter ce-specversion: '0.3' is not supported: use \"1.0\"")]
    [InlineData("ce-subject", "no-colon", "parameter ce-subject: the subject must be the ticket key: a ticket key is '{source}:{externalId}': at most 140 printable ASCII characters with a ':', no spaces and no '/' (the key is one segment of its address, /v1/tickets/{key})")]
    [InlineData("ce-id", "%C0%A0", "parameter ce-id: ce-id is not a valid percent-encoded UTF-8 value")]
    [InlineData("ce-id", "50%", "parameter ce-id: ce-id is not a valid percent-encoded UTF-8 value")]
    [InlineData("ce-datacontenttype", "application/json", "parameter ce-datacontenttype: ce-datacontenttype must not be sent in binary mode: Content-Type says what the data is")]
    public void A_bad_header_value_is_refused_by_name(string header, string value, string expected)
    {
        Assert.Equal([expected], Where(Headers((header, value))));
    }

    [Theory]
    [InlineData("ce-id", 200, true)]
    [InlineData("ce-id", 201, false)]
    [InlineData("ce-source", 201, false)]
    [InlineData("ce-subject", 140, true)]
    [InlineData("ce-subject", 141, false)]
    public void Values_longer_than_the_limit_are_refused_by_name(string header, int length, bool accepted)
    {
        var value = header == "ce-subject" ? "zd:" + new string('7', length - 3) : new string('a', length);

        var problems = Where(Headers((header, value)));

        Assert.Equal(accepted ? [] : [$"parameter {header}: {header} must be at most {(header == "ce-subject" ? 140 : 200)} characters, not {length}"], problems);
    }

    [Fact]
    public void A_header_value_is_percent_decoded_once_and_may_be_quoted()
    {
        var (events, problems, _) = BinaryCloudEvent.Read(
            Headers(("ce-id", "Euro%20%E2%82%AC%2541"), ("ce-source", "\"help \\\"desk\\\"\"")), Encoding.UTF8.GetBytes("""{"priority":"low"}"""), Options, Now);

        Assert.Empty(problems);
        var record = Assert.Single(events).Event;
        Assert.Equal(("Euro \u20ac%41", "help \"desk\""), (record.Id, record.Source));
    }

    [Fact]
    public void A_problem_in_the_data_points_into_the_body()
    {
        Assert.Equal(
            ["pointer /priority: unknown priority 'soon': use low, normal, high or urgent", "pointer : the body is not valid JSON: 'x' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0."],
            [Where(Headers(), """{"priority":"soon"}""")[0], Where(Headers(), "x")[0]]);
        Assert.Equal(
            ["pointer : ticket.updated needs at least one changed field"],
            Where(Headers(("ce-type", "ticket.updated")), "{}"));
    }

    [Theory]
    [InlineData(true, "application/json", true)]
    [InlineData(true, "text/plain", true)]
    [InlineData(true, "application/cloudevents+json", false)]
    [InlineData(true, "application/cloudevents-batch+json", false)]
    [InlineData(false, "application/json", false)]
    public void Binary_mode_is_a_required_ce_header_with_a_media_type_that_is_not_a_CloudEvents_format(bool withHeader, string mediaType, bool binary)
    {
        var headers = withHeader ? new HeaderDictionary { ["ce-id"] = "e1" } : new HeaderDictionary { ["ce-subject"] = "zd:1" };

        Assert.Equal(binary, BinaryCloudEvent.IsBinary(headers, mediaType));
    }
}
