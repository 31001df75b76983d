namespace SlaEscalation.Silo.Adapters;

/// <summary>Whether a webhook's signature holds; when not, why, in a sentence fit for a <c>401</c> problem.</summary>
public sealed record SignatureVerdict(bool Valid, string? Refusal)
{
    public static SignatureVerdict Accepted { get; } = new(true, null);

    public static SignatureVerdict Refused(string reason) => new(false, reason);
}
