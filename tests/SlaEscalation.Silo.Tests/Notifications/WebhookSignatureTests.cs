using System.Text;
using SlaEscalation.Silo.Notifications;

namespace SlaEscalation.Silo.Tests.Notifications;

public sealed class WebhookSignatureTests
{
    private const string Secret = "test-secret-0123456789abcdef-xyz";
    private const long Timestamp = 1764252000;
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"specversion":"1.0","id":"zendesk:1/breached"}""");
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void The_signature_is_the_documented_recipe_as_openssl_computes_it()
    {
        // printf '%s' '1764252000.{"specversion":"1.0","id":"zendesk:1/breached"}' | openssl dgst -sha256 -hmac 'test-secret-0123456789abcdef-xyz'
        Assert.Equal("v1=bd76a46de04bbb228fda60da522d11166621722b1c9a0506dcfd65b2e6e7da10", WebhookSignature.Sign(Secret, Timestamp, Body));
    }

    [Fact]
    public void A_signature_verifies_for_its_body_timestamp_and_secret()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        Assert.True(WebhookSignature.Verify(Secret, "1764252000", signature, Body, SignedAt.AddSeconds(30), WebhookSignature.DefaultTolerance));
        Assert.True(WebhookSignature.Verify(Secret, "1764252000", "v0=00, " + signature, Body, SignedAt, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void An_altered_body_fails_verification()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);
        var altered = Encoding.UTF8.GetBytes("""{"specversion":"1.0","id":"zendesk:2/breached"}""");

        Assert.False(WebhookSignature.Verify(Secret, "1764252000", signature, altered, SignedAt, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret, "1764252000", signature, [.. Body, (byte)' '], SignedAt, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void An_altered_timestamp_fails_verification_even_within_the_tolerance()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        Assert.False(WebhookSignature.Verify(Secret, "1764252001", signature, Body, SignedAt, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret, "01764252000x", signature, Body, SignedAt, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret, null, signature, Body, SignedAt, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void A_stale_timestamp_another_secret_or_a_malformed_header_fails_verification()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        Assert.False(WebhookSignature.Verify(Secret, "1764252000", signature, Body, SignedAt.AddMinutes(6), WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret, "1764252000", signature, Body, SignedAt.AddMinutes(-6), WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret + "!", "1764252000", signature, Body, SignedAt, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret, "1764252000", signature[3..], Body, SignedAt, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret, "1764252000", "v1=zz", Body, SignedAt, WebhookSignature.DefaultTolerance));
        Assert.False(WebhookSignature.Verify(Secret, "1764252000", null, Body, SignedAt, WebhookSignature.DefaultTolerance));
    }
}
