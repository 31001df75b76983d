using SlaEscalation.Contracts.Tasks;

namespace SlaEscalation.Silo.Trackers;

/// <summary>Our task status for a tracker's: by the status category, so a team's own workflow names need no map.</summary>
public static class TrackerStatuses
{
    /// <summary>Jira's <c>statusCategory.key</c>: <c>new</c> open, <c>indeterminate</c> in progress, <c>done</c> done.</summary>
    public static string? OfJiraCategory(string? category) => category switch
    {
        "new" => TaskStatuses.Open,
        "indeterminate" => TaskStatuses.InProgress,
        "done" => TaskStatuses.Done,
        _ => null,
    };

    /// <summary>
    /// Linear's workflow state <c>type</c>: <c>triage</c>, <c>backlog</c>, <c>unstarted</c> open; <c>started</c> in
    /// progress; <c>completed</c> done; <c>canceled</c> (and <c>duplicate</c>) won't do.
    /// </summary>
    public static string? OfLinearStateType(string? type) => type switch
    {
        "triage" or "backlog" or "unstarted" => TaskStatuses.Open,
        "started" => TaskStatuses.InProgress,
        "completed" => TaskStatuses.Done,
        "canceled" or "duplicate" => TaskStatuses.WontDo,
        _ => null,
    };
}
