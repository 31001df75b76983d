using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Silo.Api.Events;

/// <summary>
/// Reads ticket events from CloudEvents 1.0 JSON (structured mode, one event or a batch array) and names every
/// problem with its JSON Pointer. Nothing is applied unless every event of the body is valid.
/// </summary>
public static class CloudEventReader
{
    /// <summary>Most tags on one ticket.</summary>
    public const int MaxTags = 100;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>The events of a body, or every problem found in it.</summary>
    public static (IReadOnlyList<(string TicketKey, TicketEventRecord Event)> Events, IReadOnlyList<ProblemError> Problems) Read(
        ReadOnlyMemory<byte> body, IngestOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Utf8.IsValid(body.Span))
        {
            // The JSON reader finds bad bytes only in the strings it is asked for; none may reach storage.
            return ([], [ProblemError.InBody("", "the body is not valid UTF-8")]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return ([], [ProblemError.InBody("", $"the body is not valid JSON: {ex.Message}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            var problems = new List<ProblemError>();
            var events = new List<(string, TicketEventRecord)>();
            if (root.ValueKind == JsonValueKind.Object)
            {
                ReadEvent(root, "", options, now, problems, events);
            }
            else if (root.ValueKind == JsonValueKind.Array)
            {
                var count = root.GetArrayLength();
                if (count == 0)
                {
                    problems.Add(ProblemError.InBody("", "the batch is empty"));
                }
                else if (count > options.MaxBatchSize)
                {
                    problems.Add(ProblemError.InBody("", $"the batch has {count} events; at most {options.MaxBatchSize} are accepted per request"));
                }
                else
                {
                    var index = 0;
                    foreach (var item in root.EnumerateArray())
                    {
                        ReadEvent(item, "/" + index.ToString(CultureInfo.InvariantCulture), options, now, problems, events);
                        index++;
                    }
                }
            }
            else
            {
                problems.Add(ProblemError.InBody("", "the body must be one CloudEvent (a JSON object) or a batch (a JSON array of them)"));
            }

            return problems.Count > 0 ? ([], problems) : (events, []);
        }
    }

    private static void ReadEvent(
        JsonElement item, string at, IngestOptions options, DateTimeOffset now, List<ProblemError> problems, List<(string, TicketEventRecord)> events)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add(ProblemError.InBody(at, "an event must be a JSON object"));
            return;
        }

        var before = problems.Count;
        var specVersion = RequiredString(item, at, "specversion", 10, problems);
        if (specVersion is not null and not "1.0")
        {
            problems.Add(ProblemError.InBody(at + "/specversion", $"'{specVersion}' is not supported: use \"1.0\""));
        }

        var id = RequiredString(item, at, "id", StoredLimits.EventId, problems);
        var source = RequiredString(item, at, "source", StoredLimits.EventId, problems);
        var type = RequiredString(item, at, "type", 100, problems);
        if (type is not null && !TicketEventTypes.All.Contains(type))
        {
            problems.Add(ProblemError.InBody(at + "/type", $"unknown event type '{Clip(type)}': use {string.Join(", ", TicketEventTypes.All)}"));
        }

        var subject = RequiredString(item, at, "subject", StoredLimits.TicketKey, problems);
        if (subject is not null && !IsTicketKey(subject))
        {
            problems.Add(ProblemError.InBody(at + "/subject", "the subject must be the ticket key: " + TicketKeyRule));
        }

        var time = ReadTime(item, at, options, now, problems);
        if (item.TryGetProperty("datacontenttype", out var contentType)
            && (contentType.ValueKind != JsonValueKind.String || StoredText.Of(contentType)?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true))
        {
            problems.Add(ProblemError.InBody(at + "/datacontenttype", "data must be JSON: use \"application/json\" or leave it out"));
        }

        var data = default(JsonElement);
        if (item.TryGetProperty("data", out var dataElement))
        {
            if (dataElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(ProblemError.InBody(at + "/data", "data must be a JSON object"));
            }
            else
            {
                data = dataElement;
            }
        }

        var fields = ReadFields(data, at + "/data", problems);
        string? role = null;
        bool? isPublic = null;
        switch (type)
        {
            case TicketEventTypes.Created when data.ValueKind != JsonValueKind.Object:
                problems.Add(ProblemError.InBody(at + "/data", "ticket.created needs data with the ticket's fields (at least priority)"));
                break;
            case TicketEventTypes.Created when fields.Priority is null:
                problems.Add(ProblemError.InBody(at + "/data/priority", "ticket.created needs a priority: low, normal, high or urgent"));
                break;
            case TicketEventTypes.Updated when fields == TicketFields.None:
                problems.Add(ProblemError.InBody(at + "/data", "ticket.updated needs at least one changed field"));
                break;
            case TicketEventTypes.CommentAdded:
                role = ReadRole(data, at + "/data", problems);
                isPublic = ReadPublic(data, at + "/data", problems);
                break;
        }

        if (problems.Count == before)
        {
            events.Add((subject!, new TicketEventRecord(source!, id!, type!, time!.Value, fields, role, isPublic)));
        }
    }

    private static TicketFields ReadFields(JsonElement data, string at, List<ProblemError> problems)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return TicketFields.None;
        }

        var priority = OptionalString(data, at, "priority", StoredLimits.TicketText, problems);
        if (priority is not null && !TicketWire.TryParsePriority(priority, out _))
        {
            problems.Add(ProblemError.InBody(at + "/priority", $"unknown priority '{Clip(priority)}': use low, normal, high or urgent"));
        }

        var status = OptionalString(data, at, "status", StoredLimits.TicketText, problems);
        if (status is not null && !TicketWire.TryParseStatus(status, out _))
        {
            problems.Add(ProblemError.InBody(at + "/status", $"unknown status '{Clip(status)}': use new, open, pending, on_hold, solved or closed (map custom statuses to these)"));
        }

        return new TicketFields(
            OptionalString(data, at, "subject", StoredLimits.TicketText, problems, multiLine: true),
            OptionalString(data, at, "requester", StoredLimits.TicketText, problems),
            OptionalString(data, at, "organization", StoredLimits.TicketText, problems),
            OptionalString(data, at, "customerTier", StoredLimits.TicketText, problems),
            priority,
            OptionalString(data, at, "channel", StoredLimits.TicketText, problems),
            ReadTags(data, at, problems),
            OptionalName(data, at, "team", StoredLimits.Team, problems),
            OptionalName(data, at, "assignee", StoredLimits.Agent, problems),
            status);
    }

    private static string? ReadRole(JsonElement data, string at, List<ProblemError> problems)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("authorRole", out var role))
        {
            problems.Add(ProblemError.InBody(at + "/authorRole", "ticket.comment_added needs authorRole: agent, requester or system"));
            return null;
        }

        if (role.ValueKind != JsonValueKind.String || !TicketWire.TryParseAuthorRole(StoredText.Of(role), out _))
        {
            problems.Add(ProblemError.InBody(at + "/authorRole", "authorRole must be agent, requester or system"));
            return null;
        }

        return role.GetString();
    }

    private static bool? ReadPublic(JsonElement data, string at, List<ProblemError> problems)
    {
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("public", out var value)
            && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        problems.Add(ProblemError.InBody(at + "/public", "ticket.comment_added needs public: true or false"));
        return null;
    }

    private static string[]? ReadTags(JsonElement data, string at, List<ProblemError> problems)
    {
        if (!data.TryGetProperty("tags", out var tags))
        {
            return null;
        }

        if (tags.ValueKind != JsonValueKind.Array || tags.GetArrayLength() > MaxTags
            || tags.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String || StoredText.Of(t) is not { Length: > 0 }))
        {
            problems.Add(ProblemError.InBody(at + "/tags", $"tags must be an array of at most {MaxTags} non-empty strings of at most {StoredLimits.Tag} characters"));
            return null;
        }

        var before = problems.Count;
        var index = 0;
        foreach (var tag in tags.EnumerateArray())
        {
            if (StoredText.ProblemWith(tag.GetString()!, StoredLimits.Tag) is { } problem)
            {
                problems.Add(ProblemError.InBody($"{at}/tags/{index}", problem));
            }

            index++;
        }

        return problems.Count > before ? null : tags.EnumerateArray().Select(t => t.GetString()!).Distinct(StringComparer.Ordinal).ToArray();
    }

    private static DateTimeOffset? ReadTime(JsonElement item, string at, IngestOptions options, DateTimeOffset now, List<ProblemError> problems)
    {
        var text = RequiredString(item, at, "time", 64, problems);
        if (text is null)
        {
            return null;
        }

        // RFC 3339: a full date-time with an explicit offset or Z.
        if (!DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            || !(text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && text[^6] is '+' or '-'))
        {
            problems.Add(ProblemError.InBody(at + "/time", $"'{Clip(text)}' is not an RFC 3339 time with an offset, e.g. 2026-05-01T09:30:00Z"));
            return null;
        }

        if (time > now + options.ClockSkewAllowance)
        {
            problems.Add(ProblemError.InBody(at + "/time", $"{text} is further in the future than the allowed clock skew ({options.ClockSkewAllowance})"));
            return null;
        }

        if (time < now - options.MaxEventAge)
        {
            problems.Add(ProblemError.InBody(at + "/time", $"{text} is older than the oldest accepted event ({options.MaxEventAge.TotalDays:F0} days)"));
            return null;
        }

        return time.ToUniversalTime();
    }

    private static string? RequiredString(JsonElement item, string at, string name, int maxLength, List<ProblemError> problems)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            problems.Add(ProblemError.InBody($"{at}/{name}", $"{name} is required"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(ProblemError.InBody($"{at}/{name}", $"{name} must be a non-empty string"));
            return null;
        }

        var text = StoredString(value, $"{at}/{name}", name, maxLength, multiLine: false, problems);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            problems.Add(ProblemError.InBody($"{at}/{name}", $"{name} must be a non-empty string"));
            return null;
        }

        return text;
    }

    private static string? OptionalString(JsonElement data, string at, string name, int maxLength, List<ProblemError> problems, bool multiLine = false)
    {
        if (!data.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(ProblemError.InBody($"{at}/{name}", $"{name} must be a string of at most {maxLength} characters"));
            return null;
        }

        return StoredString(value, $"{at}/{name}", name, maxLength, multiLine, problems);
    }

    /// <summary>
    /// A team or an agent: becomes an owner (<c>team:&lt;id&gt;</c>, <c>user:&lt;id&gt;</c>) that people look up and hand
    /// off to, so a blank one, an owner nobody can name, is refused rather than stored.
    /// </summary>
    private static string? OptionalName(JsonElement data, string at, string name, int maxLength, List<ProblemError> problems)
    {
        var text = OptionalString(data, at, name, maxLength, problems);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            problems.Add(ProblemError.InBody($"{at}/{name}", $"{name} must not be empty: leave it out (or null) to keep the ticket's current {name}"));
            return null;
        }

        return text;
    }

    /// <summary>A JSON string that fits where it will be stored (<see cref="StoredText"/>); null, with its problem, when not.</summary>
    private static string? StoredString(JsonElement value, string pointer, string name, int maxLength, bool multiLine, List<ProblemError> problems)
    {
        var text = StoredText.Of(value);
        var problem = text is null ? StoredText.NotUnicode : StoredText.ProblemWith(text, maxLength, multiLine);
        if (problem is null)
        {
            return text;
        }

        problems.Add(ProblemError.InBody(pointer, $"{name} {problem}"));
        return null;
    }

    /// <summary>The ticket key rule, as every message that refuses a key states it.</summary>
    public static readonly string TicketKeyRule =
        $"a ticket key is '{{source}}:{{externalId}}': at most {StoredLimits.TicketKey} printable ASCII characters with a ':', no spaces and no '/' (the key is one segment of its address, /v1/tickets/{{key}})";

    /// <summary>
    /// A ticket key: <c>{source}:{externalId}</c>, printable ASCII without spaces or <c>/</c>. A key is one segment of
    /// <c>/v1/tickets/{key}</c>: ASP.NET Core leaves <c>%2F</c> undecoded in a route value, so a key holding a
    /// <c>/</c> could never be read back, and <c>qa:x/timeline</c> would read as another ticket's timeline.
    /// </summary>
    public static bool IsTicketKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return key.Length <= StoredLimits.TicketKey && colon > 0 && colon < key.Length - 1 && key.All(c => c is > ' ' and < '\u007f' and not '/');
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
