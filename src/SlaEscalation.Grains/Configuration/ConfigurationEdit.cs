using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Grains.Configuration;

/// <summary>The result of editing a <see cref="StoredConfiguration"/>: the next document, or why there is none.</summary>
public sealed record ConfigurationEdit
{
    private ConfigurationEdit(ConfigurationChangeOutcome outcome, StoredConfiguration? next, string? before, string? after, IReadOnlyList<ConfigurationError> errors)
    {
        Outcome = outcome;
        Next = next;
        Before = before;
        After = after;
        Errors = errors;
    }

    /// <summary>Applied, Unchanged, Invalid or NotFound (never VersionMismatch: versions are the grain's business).</summary>
    public ConfigurationChangeOutcome Outcome { get; }

    /// <summary>The validated document with the edit in place; set only when applied.</summary>
    public StoredConfiguration? Next { get; }

    /// <summary>The part's canonical JSON before the edit; null when it did not exist.</summary>
    public string? Before { get; }

    /// <summary>The part's canonical JSON after the edit; null when deleted or refused.</summary>
    public string? After { get; }

    /// <summary>Every problem when invalid, each with its path.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }

    public static ConfigurationEdit Applied(StoredConfiguration next, string? before, string? after) =>
        new(ConfigurationChangeOutcome.Applied, next, before, after, []);

    public static ConfigurationEdit Unchanged(string? part) => new(ConfigurationChangeOutcome.Unchanged, null, part, part, []);

    public static ConfigurationEdit Invalid(IReadOnlyList<ConfigurationError> errors) =>
        new(ConfigurationChangeOutcome.Invalid, null, null, null, errors);

    public static ConfigurationEdit NotFound() => new(ConfigurationChangeOutcome.NotFound, null, null, null, []);
}
