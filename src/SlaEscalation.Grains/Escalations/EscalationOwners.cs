using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Grains.Escalations;

/// <summary>Reads the owner references people give (a hand-off's target, a list filter).</summary>
public static class EscalationOwners
{
    /// <summary>The longest owner reference a person may give: <c>user:</c> and the longest user id.</summary>
    public const int MaxReferenceLength = StoredLimits.OwnerReference;

    /// <summary>
    /// Reads an owner reference given by a person (a hand-off): <c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>, or a
    /// bare id meaning a user. Null when it is not one, or names an id longer than <see cref="StoredLimits.Agent"/>,
    /// which could not become the ticket's agent.
    /// </summary>
    public static string? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxReferenceLength || text.Any(char.IsControl))
        {
            return null;
        }

        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var (kind, id) = colon < 0 ? ("user", trimmed) : (trimmed[..colon], trimmed[(colon + 1)..]);
        return id.Length is > 0 and <= StoredLimits.Agent && kind is "user" or "team" ? $"{kind}:{id}" : null;
    }

    /// <summary>What a hand-off's target must be, as a refusal says it.</summary>
    public static readonly string HandOffRule =
        $"must be 'user:<id>', 'team:<id>' or a user id; a user id is at most {StoredLimits.Agent} characters, has no ':' and no control characters, and no spaces unless a team lists it as a member; a team is one the configuration defines";

    /// <summary>
    /// Reads the target of a hand-off as <see cref="Parse"/> does, and refuses an owner that cannot exist: a user id
    /// holding a second <c>:</c>, or whitespace when no team lists it as a member (a typo's "user:a b", whom nobody
    /// could ever find or take the escalation as; a member "Ann Lee" stays reachable), or a team that
    /// <paramref name="configuration"/> does not define. The owner, or why not.
    /// </summary>
    public static (string? Owner, string? Problem) ParseHandOff(string? text, SlaConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (Parse(text) is not { } owner)
        {
            return (null, HandOffRule);
        }

        var id = owner[(owner.IndexOf(':', StringComparison.Ordinal) + 1)..];
        if (owner.StartsWith("team:", StringComparison.Ordinal))
        {
            return configuration.Teams.ContainsKey(id) ? (owner, null) : (null, $"team '{StoredText.Printable(id, 60)}' is not defined in the configuration");
        }

        var malformed = id.Contains(':', StringComparison.Ordinal)
            || (id.Any(char.IsWhiteSpace) && !configuration.Teams.Values.Any(team => team.Members.Contains(id, StringComparer.Ordinal)));
        return malformed ? (null, HandOffRule) : (owner, null);
    }
}
