using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using SlaEscalation.Silo.Adapters;
using SlaEscalation.Silo.Trackers;

namespace SlaEscalation.Silo.Tests.Trackers;

/// <summary>The signatures of the tracker webhooks we receive, each computed here from the vendor's recipe.</summary>
public sealed class TrackerSignatureTests
{
    private const string Secret = "lin_wh_3f9a0c";
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);

    private static byte[] LinearBody(DateTimeOffset sent) =>
        Encoding.UTF8.GetBytes($$"""{"action":"update","type":"Issue","data":{"id":"x"},"webhookTimestamp":{{sent.ToUnixTimeMilliseconds()}}}""");

    private static string HexHmac(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static HeaderDictionary Headers(string name, string value) => new() { [name] = value };

    [Fact]
    public void A_linear_body_signed_with_the_secret_and_sent_now_is_accepted()
    {
        var body = LinearBody(Now.AddSeconds(-5));

        var verdict = LinearSignature.Verify(Headers("Linear-Signature", HexHmac(Secret, body)), body, Secret, Now);

        Assert.Equal(new SignatureVerdict(true, null), verdict);
    }

    [Fact]
    public void A_linear_body_signed_with_another_secret_is_refused()
    {
        var body = LinearBody(Now);

        var verdict = LinearSignature.Verify(Headers("Linear-Signature", HexHmac("another-secret", body)), body, Secret, Now);

        Assert.Equal("Linear-Signature does not match the body", verdict.Refusal);
    }

    [Fact]
    public void A_linear_body_altered_after_signing_is_refused()
    {
        var body = LinearBody(Now);
        var signature = HexHmac(Secret, body);
        var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("update", "remove", StringComparison.Ordinal));

        Assert.Equal("Linear-Signature does not match the body", LinearSignature.Verify(Headers("Linear-Signature", signature), altered, Secret, Now).Refusal);
    }

    [Theory]
    [InlineData(-61, "webhookTimestamp is 61 s from now; at most 60 s is accepted")]
    [InlineData(61, "webhookTimestamp is -61 s from now; at most 60 s is accepted")]
    public void A_linear_body_sent_more_than_a_minute_from_now_is_refused_though_signed(int secondsFromNow, string refusal)
    {
        var body = LinearBody(Now.AddSeconds(secondsFromNow));

        Assert.Equal(refusal, LinearSignature.Verify(Headers("Linear-Signature", HexHmac(Secret, body)), body, Secret, Now).Refusal);
    }

    [Theory]
    [InlineData("\"1764840600000\"")]
    [InlineData("null")]
    [InlineData("[1764840600000]")]
    [InlineData("1.7648406e12")]
    [InlineData("99999999999999999999")]
    public void A_signed_linear_body_whose_timestamp_is_not_whole_milliseconds_is_refused(string timestamp)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"action":"update","type":"Issue","webhookTimestamp":{{timestamp}}}""");

        Assert.Equal("webhookTimestamp (Unix milliseconds) is required in the body",
            LinearSignature.Verify(Headers("Linear-Signature", HexHmac(Secret, body)), body, Secret, Now).Refusal);
    }

    [Fact]
    public void A_linear_body_without_its_timestamp_or_signature_is_refused()
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"update","type":"Issue"}""");

        Assert.Equal("webhookTimestamp (Unix milliseconds) is required in the body",
            LinearSignature.Verify(Headers("Linear-Signature", HexHmac(Secret, body)), body, Secret, Now).Refusal);
        Assert.Equal("Linear-Signature is required", LinearSignature.Verify(new HeaderDictionary(), body, Secret, Now).Refusal);
    }

    [Fact]
    public void A_jira_body_is_accepted_with_its_sha256_hub_signature_and_refused_with_another_secret_or_an_altered_body()
    {
        var body = Encoding.UTF8.GetBytes("""{"webhookEvent":"jira:issue_updated","issue":{"key":"ENG-42"}}""");
        var signed = "sha256=" + HexHmac(Secret, body);

        Assert.True(HubSignature.Verify(Headers("X-Hub-Signature", signed), body, Secret, "sha256").Valid);
        Assert.Equal("X-Hub-Signature does not match the body",
            HubSignature.Verify(Headers("X-Hub-Signature", "sha256=" + HexHmac("another-secret", body)), body, Secret, "sha256").Refusal);
        Assert.Equal("X-Hub-Signature does not match the body",
            HubSignature.Verify(Headers("X-Hub-Signature", signed), [.. body, (byte)' '], Secret, "sha256").Refusal);
    }
}
