using System.Globalization;
using Microsoft.AspNetCore.Http;
using SlaEscalation.Silo.Adapters;
using SlaEscalation.Silo.Adapters.Slack;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>Slack's v0 signature, checked against signatures computed here independently.</summary>
public sealed class SlackSignatureTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Body = "payload=%7B%22type%22%3A%22block_actions%22%7D";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_request_signed_with_the_secret_within_five_minutes_is_accepted()
    {
        var verdict = Verify(Headers(Now.AddMinutes(-4), SlackSigning.Signature(Secret, Stamp(Now.AddMinutes(-4)), Body)), Body, Now);

        Assert.Equal(SignatureVerdict.Accepted, verdict);
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused()
    {
        var verdict = Verify(Headers(Now, SlackSigning.Signature("another-secret", Stamp(Now), Body)), Body, Now);

        Assert.Equal(SignatureVerdict.Refused("X-Slack-Signature does not match the body"), verdict);
    }

    [Fact]
    public void An_altered_body_is_refused()
    {
        var verdict = Verify(Headers(Now, SlackSigning.Signature(Secret, Stamp(Now), Body)), Body + "x", Now);

        Assert.Equal(SignatureVerdict.Refused("X-Slack-Signature does not match the body"), verdict);
    }

    [Fact]
    public void A_signature_over_another_timestamp_is_refused()
    {
        var headers = Headers(Now, SlackSigning.Signature(Secret, Stamp(Now.AddSeconds(-1)), Body));

        Assert.Equal(SignatureVerdict.Refused("X-Slack-Signature does not match the body"), Verify(headers, Body, Now));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_more_than_five_minutes_away_is_refused_even_when_signed(int seconds)
    {
        var sent = Now.AddSeconds(seconds);
        var verdict = Verify(Headers(sent, SlackSigning.Signature(Secret, Stamp(sent), Body)), Body, Now);

        Assert.Equal(SignatureVerdict.Refused("X-Slack-Request-Timestamp is not within 5 minutes of now"), verdict);
    }

    [Fact]
    public void A_request_without_the_headers_is_refused()
    {
        var verdict = Verify(new HeaderDictionary(), Body, Now);

        Assert.Equal(SignatureVerdict.Refused("X-Slack-Signature and X-Slack-Request-Timestamp are required"), verdict);
    }

    private static SignatureVerdict Verify(IHeaderDictionary headers, string body, DateTimeOffset now) =>
        SlackSignature.Verify(headers, System.Text.Encoding.UTF8.GetBytes(body), Secret, now);

    private static string Stamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static HeaderDictionary Headers(DateTimeOffset sent, string signature) => new()
    {
        ["X-Slack-Request-Timestamp"] = Stamp(sent),
        ["X-Slack-Signature"] = signature,
    };
}
