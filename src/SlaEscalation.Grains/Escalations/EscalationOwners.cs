using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Grains.Escalations;

/// <summary>Reads the owner references people give (a hand-off's target, a list filter).</summary>
public static class EscalationOwners
{
    /// <summary>The longest owner reference a person may give (with the <c>user:</c> a bare id gets, <c>sla_escalations.owner</c> holds it).</summary>
    public const int MaxReferenceLength = StoredLimits.OwnerReference;

    /// <summary>
    /// Reads an owner reference given by a person (a hand-off): <c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>, or a
    /// bare id meaning a user. Null when it is not one.
    /// </summary>
    public static string? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxReferenceLength || text.Any(char.IsControl))
        {
            return null;
        }

        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return "user:" + trimmed;
        }

        var (kind, id) = (trimmed[..colon], trimmed[(colon + 1)..]);
        return id.Length > 0 && kind is "user" or "team" ? $"{kind}:{id}" : null;
    }
}
