using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Policies;

/// <summary>
/// The conditions shared by SLA policies and routing rules. Every condition that is set must hold; a list
/// condition holds when the ticket's value is in the list. Values compare ordinally (case-sensitive).
/// </summary>
public sealed record TicketCondition
{
    /// <summary>The condition that matches every ticket.</summary>
    public static TicketCondition Always { get; } = new();

    public IReadOnlyList<Priority>? Priorities { get; init; }

    /// <summary>At least one of these tags is present.</summary>
    public IReadOnlyList<string>? TagsAny { get; init; }

    /// <summary>Every one of these tags is present.</summary>
    public IReadOnlyList<string>? TagsAll { get; init; }

    /// <summary>None of these tags is present.</summary>
    public IReadOnlyList<string>? TagsNone { get; init; }

    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>Customer (organization) tiers.</summary>
    public IReadOnlyList<string>? Tiers { get; init; }

    public IReadOnlyList<string>? Teams { get; init; }

    public bool Matches(TicketSnapshot ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return (Priorities is null || Priorities.Contains(ticket.Priority))
            && (TagsAny is null || ContainsAny(ticket.Tags, TagsAny))
            && (TagsAll is null || ContainsAll(ticket.Tags, TagsAll))
            && (TagsNone is null || !ContainsAny(ticket.Tags, TagsNone))
            && In(Channels, ticket.Channel)
            && In(Tiers, ticket.CustomerTier)
            && In(Teams, ticket.Team);
    }

    /// <summary>Why no ticket can ever satisfy this condition; null when some ticket can.</summary>
    public string? WhyNeverMatches()
    {
        if (Priorities is { Count: 0 } || TagsAny is { Count: 0 } || Channels is { Count: 0 } || Tiers is { Count: 0 } || Teams is { Count: 0 })
        {
            return "an empty list matches no ticket";
        }

        if (TagsAll is not null && TagsNone is not null && TagsAll.FirstOrDefault(TagsNone.Contains) is { } both)
        {
            return $"tag '{both}' is both required (all) and excluded (none)";
        }

        if (TagsAny is not null && TagsNone is not null && ContainsAll(TagsNone, TagsAny))
        {
            return "every tag in 'any' is also excluded by 'none'";
        }

        return null;
    }

    /// <summary>
    /// True when every ticket that matches <paramref name="other"/> also matches this condition, so a rule with
    /// this condition placed earlier hides <paramref name="other"/>. Sufficient, not exhaustive: it answers
    /// false when unsure.
    /// </summary>
    public bool Covers(TicketCondition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Covers(Priorities, other.Priorities)
            && Covers(Channels, other.Channels)
            && Covers(Tiers, other.Tiers)
            && Covers(Teams, other.Teams)
            && (TagsAll is null || (other.TagsAll is not null && ContainsAll(other.TagsAll, TagsAll)))
            && (TagsNone is null || (other.TagsNone is not null && ContainsAll(other.TagsNone, TagsNone)))
            && (TagsAny is null
                || (other.TagsAny is not null && ContainsAll(TagsAny, other.TagsAny))
                || (other.TagsAll is not null && ContainsAny(other.TagsAll, TagsAny)));
    }

    private static bool Covers<T>(IReadOnlyList<T>? mine, IReadOnlyList<T>? theirs) =>
        mine is null || (theirs is not null && ContainsAll(mine, theirs));

    private static bool In(IReadOnlyList<string>? allowed, string? value) =>
        allowed is null || (value is not null && allowed.Contains(value, StringComparer.Ordinal));

    private static bool ContainsAny(IReadOnlyList<string> values, IReadOnlyList<string> wanted)
    {
        for (var i = 0; i < wanted.Count; i++)
        {
            if (values.Contains(wanted[i], StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAll<T>(IReadOnlyList<T> values, IReadOnlyList<T> wanted)
    {
        for (var i = 0; i < wanted.Count; i++)
        {
            if (!values.Contains(wanted[i]))
            {
                return false;
            }
        }

        return true;
    }
}
