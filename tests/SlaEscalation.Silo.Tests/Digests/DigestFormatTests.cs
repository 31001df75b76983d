using SlaEscalation.Silo.Api.Digests;

namespace SlaEscalation.Silo.Tests.Digests;

/// <summary>Which representation of a digest an <c>Accept</c> header gets.</summary>
public sealed class DigestFormatTests
{
    [Theory]
    [InlineData(null, DigestFormat.Json)]
    [InlineData("application/json", DigestFormat.Json)]
    [InlineData("*/*", DigestFormat.Json)]
    [InlineData("text/html", DigestFormat.Html)]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", DigestFormat.Html)]
    [InlineData("text/markdown", DigestFormat.Markdown)]
    [InlineData("text/markdown; charset=utf-8", DigestFormat.Markdown)]
    [InlineData("text/*", DigestFormat.Html)]
    [InlineData("text/*;q=0.5, text/markdown", DigestFormat.Markdown)]
    [InlineData("application/json;q=0.2, text/markdown;q=0.9", DigestFormat.Markdown)]
    [InlineData("text/html;q=0, */*;q=0.1", DigestFormat.Json)]
    public void The_most_specific_range_gives_each_type_its_quality_and_the_best_wins(string? accept, DigestFormat expected) =>
        Assert.Equal(expected, DigestFormats.Negotiate(accept));

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/plain")]
    [InlineData("image/*")]
    [InlineData("application/json;q=0")]
    [InlineData("not a media type")]
    public void Nothing_acceptable_is_null(string accept) => Assert.Null(DigestFormats.Negotiate(accept));
}
