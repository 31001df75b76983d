namespace SlaEscalation.Silo.Board;

/// <summary>
/// What a command did, carried to the page it returns to as a code: a link cannot make the board show words of its
/// own choosing.
/// </summary>
public static class BoardNotice
{
    public const string Acknowledged = "acknowledged";
    public const string HandedOff = "handed-off";
    public const string Resolved = "resolved";
    public const string Closed = "closed";
    public const string AlreadyOwner = "already-owner";
    public const string Unknown = "unknown";
    public const string InvalidHandOff = "invalid-hand-off";
    public const string InvalidReason = "invalid-reason";
    public const string UnknownTeam = "unknown-team";

    /// <summary>The words for <paramref name="code"/>; null for none or a code the board never sends.</summary>
    public static string? Describe(string? code) => code switch
    {
        Acknowledged => "Acknowledged.",
        HandedOff => "Handed off.",
        Resolved => "Resolved.",
        Closed => "That escalation is resolved already; nothing was done.",
        AlreadyOwner => "It is theirs already; nothing was done.",
        Unknown => "No such escalation; nothing was done.",
        InvalidHandOff => "A hand-off needs whom to (user:<id>, team:<id> or a user id; a user id has no spaces and no ':') and a reason of at most 2000 characters; nothing was done.",
        UnknownTeam => "No such team: a hand-off goes to a team the configuration defines; nothing was done.",
        InvalidReason => "A reason is at most 2000 characters without control characters; nothing was done.",
        _ => null,
    };
}
