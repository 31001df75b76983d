namespace SlaEscalation.Domain.Routing;

/// <summary>
/// Where a team's engineering tasks go besides the built-in tracker: a Jira Cloud project or a Linear team, reached
/// through a named connection whose secrets are settings (<c>Adapters__{connection}__...</c>), never configuration.
/// </summary>
/// <param name="Kind">Which tracker.</param>
/// <param name="Connection">The connection whose settings reach it; null for <see cref="TrackerKind.Internal"/>.</param>
/// <param name="Project">Jira: the project key (<c>ENG</c>).</param>
/// <param name="IssueType">Jira: the issue type's name.</param>
/// <param name="LinearTeamId">Linear: the team's id (a UUID).</param>
/// <param name="Priorities">Our priority (<c>low</c> ... <c>urgent</c>) -> the tracker's: a Jira priority name, a Linear priority number as text.</param>
public sealed record TeamTracker(
    TrackerKind Kind,
    string? Connection,
    string? Project,
    string? IssueType,
    string? LinearTeamId,
    IReadOnlyDictionary<string, string> Priorities)
{
    /// <summary>The Jira issue type when the configuration names none.</summary>
    public const string DefaultIssueType = "Task";

    /// <summary>Linear's own scale (1 urgent, 2 high, 3 medium, 4 low): what an unmapped priority of ours becomes there.</summary>
    private static readonly Dictionary<string, string> LinearDefaults = new(StringComparer.Ordinal)
    {
        ["urgent"] = "1",
        ["high"] = "2",
        ["normal"] = "3",
        ["low"] = "4",
    };

    /// <summary>
    /// The tracker's priority for our <paramref name="priority"/>: the mapping, else Linear's own scale; null for Jira
    /// when unmapped, so the project's default applies rather than a name the project may not have.
    /// </summary>
    public string? VendorPriority(string priority)
    {
        ArgumentNullException.ThrowIfNull(priority);
        return Priorities.TryGetValue(priority, out var mapped) ? mapped
            : Kind == TrackerKind.Linear ? LinearDefaults.GetValueOrDefault(priority)
            : null;
    }
}
