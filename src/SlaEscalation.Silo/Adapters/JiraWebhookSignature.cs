using System.Globalization;
using SlaEscalation.Silo.Trackers;

namespace SlaEscalation.Silo.Adapters;

/// <summary>
/// A Jira webhook's credential, for the tracker's issue webhook and the Jira Service Management helpdesk alike:
/// <c>X-Hub-Signature: sha256=</c> over the raw body, and the body's <c>timestamp</c> (Unix milliseconds, when the
/// event happened) within <see cref="MaxAge"/> before now and <see cref="MaxAhead"/> after, so a captured body cannot
/// be replayed later.
/// </summary>
/// <remarks>
/// Jira retries a delivery that failed (a <c>408</c>, <c>409</c>, <c>425</c>, <c>429</c>, <c>5xx</c>, no answer) with
/// the same body for up to about 30 minutes after the event; an hour takes those retries with room to spare. A replay
/// inside the hour is no better than the original: the task takes no tracker event older than one it took, and a
/// helpdesk event's id (its changelog or comment id) makes a resend a duplicate.
/// </remarks>
public static class JiraWebhookSignature
{
    /// <summary>How old an event's <c>timestamp</c> may be.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    /// <summary>How far ahead of the silo's clock a <c>timestamp</c> may be (clocks apart).</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(5);

    public static SignatureVerdict Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now)
    {
        var signature = HubSignature.Verify(headers, body, secret, "sha256");
        if (!signature.Valid)
        {
            return signature;
        }

        // Read only once the signature holds: the timestamp is trusted because the body is.
        if (BodyTimestamp.Read(body, "timestamp") is not { } sent)
        {
            return SignatureVerdict.Refused("timestamp (Unix milliseconds) is required in the body");
        }

        var age = now - sent;
        return age > MaxAge
            ? SignatureVerdict.Refused(string.Create(CultureInfo.InvariantCulture, $"timestamp is {age.TotalSeconds:0} s old; at most {MaxAge.TotalSeconds:0} s is accepted"))
            : -age > MaxAhead
                ? SignatureVerdict.Refused(string.Create(CultureInfo.InvariantCulture, $"timestamp is {-age.TotalSeconds:0} s ahead; at most {MaxAhead.TotalSeconds:0} s is accepted"))
                : SignatureVerdict.Accepted;
    }
}
