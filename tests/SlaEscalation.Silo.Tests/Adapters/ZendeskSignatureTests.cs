using System.Text;
using Microsoft.AspNetCore.Http;
using SlaEscalation.Silo.Adapters;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>Zendesk's signature recipe, computed in the test harness, against the adapter's check.</summary>
public sealed class ZendeskSignatureTests
{
    private const string Secret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
    private const string Timestamp = "2026-11-27T10:00:00Z";
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"zen:event-type:ticket.created","id":"e1"}""");

    private static HeaderDictionary Headers(string? signature, string? timestamp = Timestamp)
    {
        var headers = new HeaderDictionary();
        if (signature is not null)
        {
            headers[ZendeskAdapter.SignatureHeader] = signature;
        }

        if (timestamp is not null)
        {
            headers[ZendeskAdapter.TimestampHeader] = timestamp;
        }

        return headers;
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]     // older than five minutes: a replay
    [InlineData(-299, true)]     // our clock behind Zendesk's
    [InlineData(-301, false)]
    public void A_signature_holds_within_five_minutes_of_its_timestamp(int secondsLater, bool valid)
    {
        var headers = Headers(ZendeskRequests.Signature(Secret, Timestamp, Body));

        var verdict = new ZendeskAdapter().Verify(headers, Body, Secret, SignedAt.AddSeconds(secondsLater));

        Assert.Equal(valid, verdict.Valid);
    }

    [Fact]
    public void A_wrong_secret_an_altered_body_a_moved_timestamp_or_no_signature_is_refused()
    {
        var adapter = new ZendeskAdapter();
        var signature = ZendeskRequests.Signature(Secret, Timestamp, Body);
        byte[] altered = [.. Body[..^1], (byte)' ', (byte)'}'];

        Assert.Equal(
            [false, false, false, false, false],
            new[]
            {
                adapter.Verify(Headers(ZendeskRequests.Signature("another-secret", Timestamp, Body)), Body, Secret, SignedAt),
                adapter.Verify(Headers(signature), altered, Secret, SignedAt),
                adapter.Verify(Headers(signature, "2026-11-27T10:00:01Z"), Body, Secret, SignedAt),
                adapter.Verify(Headers(null), Body, Secret, SignedAt),
                adapter.Verify(Headers(signature, null), Body, Secret, SignedAt),
            }.Select(v => v.Valid));
        Assert.True(adapter.Verify(Headers(signature), Body, Secret, SignedAt).Valid);
    }
}
