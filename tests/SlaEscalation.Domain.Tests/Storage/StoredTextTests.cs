using System.Text.Json;
using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Domain.Tests.Storage;

public sealed class StoredTextTests
{
    [Theory]
    [InlineData("support-us", 150, false, null)]
    [InlineData("", 150, false, null)]
    [InlineData("a\u00e9\u4e2d\ud83d\ude00", 150, false, null)]
    [InlineData("line one\nline two\r\n\tindented", 2000, true, null)]
    [InlineData("line one\nline two", 150, false, "must not contain control characters (U+000A at 8)")]
    [InlineData("a\u0000b", 150, true, "must not contain control characters (U+0000 at 1)")]
    [InlineData("\u001b[31m", 150, true, "must not contain control characters (U+001B at 0)")]
    [InlineData("del\u007f", 150, false, "must not contain control characters (U+007F at 3)")]
    [InlineData("c1\u0085", 150, false, "must not contain control characters (U+0085 at 2)")]
    public void Text_is_storable_only_without_control_characters_and_lone_surrogates(string text, int maxLength, bool multiLine, string? problem) =>
        Assert.Equal(problem, StoredText.ProblemWith(text, maxLength, multiLine));

    [Fact]
    public void Text_with_a_lone_surrogate_is_refused_where_it_stands()
    {
        // Built here, not in attributes: a test runner may replace a lone surrogate when it passes theory data.
        Assert.Equal("is not valid Unicode (a lone surrogate at 1)", StoredText.ProblemWith("x" + (char)0xD800, 150));
        Assert.Equal("is not valid Unicode (a lone surrogate at 0)", StoredText.ProblemWith((char)0xDC00 + "x", 150));
        Assert.Equal("is not valid Unicode (a lone surrogate at 2)", StoredText.ProblemWith("ab" + (char)0xD800 + "c", 150));
    }

    [Theory]
    [InlineData(150, 150, null)]
    [InlineData(151, 150, "must be at most 150 characters, not 151")]
    [InlineData(201, 200, "must be at most 200 characters, not 201")]
    public void Text_longer_than_its_column_is_refused(int length, int maxLength, string? problem) =>
        Assert.Equal(problem, StoredText.ProblemWith(new string('a', length), maxLength));

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"\\ud83d\\ude00\"", "\ud83d\ude00")]
    [InlineData("\"\\ud800\"", null)]
    [InlineData("\"a\\udc00b\"", null)]
    public void A_json_string_whose_escapes_make_no_valid_utf16_reads_as_null(string json, string? text)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(text, StoredText.Of(document.RootElement));
    }

    [Fact]
    public void Every_limit_fits_the_narrowest_column_it_reaches()
    {
        // deploy/sql: sla_ticket_index.team and agent varchar(150), sla_escalations.owner varchar(210) with a
        // five-character prefix, sla_audit.actor varchar(200), sla_ticket_index.ticket_key varchar(150).
        Assert.Equal((150, 150, 200, 155, 140), (StoredLimits.Team, StoredLimits.Agent, StoredLimits.Actor, StoredLimits.OwnerReference, StoredLimits.TicketKey));
        Assert.True(StoredLimits.OwnerReference <= 210);
    }
}
