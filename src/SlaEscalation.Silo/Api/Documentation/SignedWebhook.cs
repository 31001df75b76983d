namespace SlaEscalation.Silo.Api.Documentation;

/// <summary>
/// Endpoint metadata for a vendor's webhook: it takes the vendor's own payload as it comes and authenticates it by
/// the signature in <see cref="SignatureHeaders"/> rather than by an API key, so it carries no scope.
/// </summary>
public sealed record SignedWebhook(string Description, IReadOnlyList<string> SignatureHeaders);
