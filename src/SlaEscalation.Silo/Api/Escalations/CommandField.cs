using SlaEscalation.Domain.Storage;

namespace SlaEscalation.Silo.Api.Escalations;

/// <summary>
/// A field of an escalation or task command: a non-empty string of at most <paramref name="MaxLength"/> characters
/// without control characters (line breaks and tabs allowed when <paramref name="MultiLine"/>).
/// </summary>
/// <param name="Name">The JSON property.</param>
/// <param name="MaxLength">The most characters it takes: what the column or record it lands in holds.</param>
/// <param name="MultiLine">Whether it is free text, where line breaks and tabs belong.</param>
public sealed record CommandField(string Name, int MaxLength, bool MultiLine = false)
{
    /// <summary>The most characters of free text (a reason, a note).</summary>
    public const int MaxTextLength = 2000;

    /// <summary>Who did it: the audit entry's actor (<c>sla_audit.actor</c>).</summary>
    public static readonly CommandField By = new("by", StoredLimits.Actor);

    /// <summary>Whom an escalation is handed to: an owner reference (<c>sla_escalations.owner</c> holds it with its prefix).</summary>
    public static readonly CommandField To = new("to", StoredLimits.OwnerReference);

    public static readonly CommandField Reason = new("reason", MaxTextLength, MultiLine: true);

    public static readonly CommandField Note = new("note", MaxTextLength, MultiLine: true);

    /// <summary>A task's status; its values are checked by the task API.</summary>
    public static readonly CommandField Status = new("status", 40);

    /// <summary>A task's assignee: a person's id, as long as <see cref="By"/>.</summary>
    public static readonly CommandField Assignee = new("assignee", StoredLimits.Actor);

    /// <summary>What is wrong with <paramref name="text"/> as this field's value; null when nothing is.</summary>
    public ProblemError? ProblemWith(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Problem("must not be empty or blank");
        }

        if (StoredText.ProblemWith(text, MaxLength, MultiLine) is { } problem)
        {
            return Problem(problem);
        }

        return null;
    }

    private ProblemError Problem(string detail) => ProblemError.InBody(JsonPointer.Of(Name), detail);
}
