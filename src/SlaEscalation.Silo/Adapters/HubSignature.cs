namespace SlaEscalation.Silo.Adapters;

/// <summary>
/// The <c>X-Hub-Signature: {scheme}={hex HMAC of the raw body}</c> header Intercom (<c>sha1</c>) and Jira
/// (<c>sha256</c>) sign webhooks with. It carries no timestamp: Intercom's replays are dropped as duplicates by event
/// id, and Jira's body has its own timestamp (<see cref="JiraWebhookSignature"/>).
/// </summary>
public static class HubSignature
{
    public const string Header = "X-Hub-Signature";

    public static SignatureVerdict Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, string scheme)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var given = headers[Header].ToString();
        return given.Length == 0 ? SignatureVerdict.Refused($"{Header} is required")
            : !given.StartsWith(scheme + "=", StringComparison.OrdinalIgnoreCase) ? SignatureVerdict.Refused($"{Header} must be {scheme}=<hex>")
            : VendorSignature.MatchesHex(given, secret, body, scheme) ? SignatureVerdict.Accepted
            : SignatureVerdict.Refused($"{Header} does not match the body");
    }
}
