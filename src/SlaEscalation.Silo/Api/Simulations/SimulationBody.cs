using System.Globalization;
using System.Text.Json;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Silo.Api.Simulations;

/// <summary>
/// A simulation request's body: <c>{"candidate": ..., "from": ..., "to": ..., "teams": [...]}</c>. <c>from</c> and
/// <c>to</c> are ISO 8601 instants or dates (midnight UTC); the window is at most <see cref="MaxWindowDays"/> days and
/// may not reach into the future.
/// </summary>
/// <param name="Candidate">The candidate: a configuration object (whole or the sections that change), or a string of JSON or YAML.</param>
/// <param name="From">The window's start, inclusive.</param>
/// <param name="To">The window's end, exclusive.</param>
/// <param name="Teams">The teams to count; empty for all.</param>
public sealed record SimulationBody(JsonElement Candidate, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Teams)
{
    /// <summary>The longest window: a year, leap day included.</summary>
    public const int MaxWindowDays = 366;

    private static readonly string[] Fields = ["candidate", "from", "to", "teams"];

    /// <summary>The body, or every error in it by pointer.</summary>
    public static (SimulationBody? Body, IReadOnlyList<ProblemError> Errors) Read(string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, [ProblemError.InBody("", $"not JSON: {e.Message}")]);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [ProblemError.InBody("", "an object with candidate, from, to and optionally teams")]);
        }

        // A name given twice anywhere in the body (the candidate object included) is refused as a configuration
        // PUT refuses it: which of the two values counts is up to the reader.
        var errors = DuplicateKeys.In(root, "").Select(e => ProblemError.InBody(e.Path, e.Message)).ToList();
        foreach (var property in root.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
        {
            errors.Add(ProblemError.InBody("/" + property.Name, "unknown field"));
        }

        var candidate = root.TryGetProperty("candidate", out var c) && c.ValueKind is JsonValueKind.Object or JsonValueKind.String ? c : default;
        if (candidate.ValueKind == JsonValueKind.Undefined)
        {
            errors.Add(ProblemError.InBody("/candidate", "required: a configuration object, or a string of JSON or YAML"));
        }

        var from = Instant(root, "from", errors);
        var to = Instant(root, "to", errors);
        var teams = TeamList(root, errors);
        if (from is { } start && to is { } end)
        {
            if (end <= start)
            {
                errors.Add(ProblemError.InBody("/to", "must be after from"));
            }
            else if (end - start > TimeSpan.FromDays(MaxWindowDays))
            {
                errors.Add(ProblemError.InBody("/to", $"the window is at most {MaxWindowDays} days (a year); it is {(end - start).TotalDays:0.#} days"));
            }

            if (end > now)
            {
                errors.Add(ProblemError.InBody("/to", $"the window may not reach into the future: to is after now ({now:O})"));
            }
        }

        return errors.Count > 0 ? (null, errors) : (new SimulationBody(candidate, from!.Value, to!.Value, teams), []);
    }

    private static DateTimeOffset? Instant(JsonElement root, string name, List<ProblemError> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            errors.Add(ProblemError.InBody("/" + name, "required: an ISO 8601 instant or date (2026-09-01)"));
            return null;
        }

        var text = value.GetString()!;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            && text.Contains('T', StringComparison.Ordinal))
        {
            return instant;
        }

        errors.Add(ProblemError.InBody("/" + name, $"'{text}' is not an ISO 8601 instant or date"));
        return null;
    }

    private static string[] TeamList(JsonElement root, List<ProblemError> errors)
    {
        if (!root.TryGetProperty("teams", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String || t.GetString()!.Length == 0))
        {
            errors.Add(ProblemError.InBody("/teams", "an array of team ids"));
            return [];
        }

        // As given, so a refusal's /teams/N is the body's N; the request counts each team once.
        return [.. value.EnumerateArray().Select(t => t.GetString()!)];
    }
}
