using System.Security.Claims;
using System.Text.Json;
using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Silo.Api.Events;

/// <summary>
/// Records a refused request of ticket events as one <c>event_rejected</c> entry in the
/// <see cref="AuditChains.RejectedEvents"/> chain: the adapter's key name as actor, the problems and the event ids
/// that could be read as <c>after</c>.
/// </summary>
public static partial class EventRejectionAudit
{
    /// <summary>At most this many problems and event ids are recorded, so one refused 4 MiB batch stays a small row.</summary>
    public const int MaxRecorded = 100;

    /// <summary>
    /// How long a refusal waits for its entry. The caller is owed its <c>400</c> promptly; an append still under way
    /// completes on its own.
    /// </summary>
    public static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(5);

    private const int MaxIdLength = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Appends the entry; a failure is logged and never changes the answer, which stays a <c>400</c>.</summary>
    public static async Task RecordAsync(
        IGrainFactory grains, ClaimsPrincipal user, ReadOnlyMemory<byte> body, IReadOnlyList<ProblemError> problems, DateTimeOffset at, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(user);
        await RecordAsync(grains, Fact(user.FindFirstValue(ClaimTypes.Name) ?? "unknown", body, problems, at), logger);
    }

    /// <summary>Appends <paramref name="fact"/>; a failure is logged and never changes the answer.</summary>
    public static async Task RecordAsync(IGrainFactory grains, AuditFact fact, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(grains);
        try
        {
            await grains.GetGrain<IAuditChainGrain>(AuditChains.RejectedEvents).AppendAsync(fact).WaitAsync(RecordTimeout);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bad request must never become a 5xx because the audit trail is down.
            LogNotRecorded(logger, ex);
        }
    }

    /// <summary>
    /// The entry of a refused body. <c>after</c> is <c>{errorCount, errors, eventIds}</c>; <c>causedBy</c> is the event
    /// id when the body named exactly one (printable, no spaces), and the ticket is set when every readable subject
    /// names the same ticket.
    /// </summary>
    public static AuditFact Fact(string actor, ReadOnlyMemory<byte> body, IReadOnlyList<ProblemError> problems, DateTimeOffset at)
    {
        var (ids, subjects) = ReadIdentities(body);
        return Fact(actor, ids, subjects.Count == 1 ? subjects.First() : null, problems, at);
    }

    /// <summary>The entry of a refusal whose event ids and ticket the caller read itself (a helpdesk adapter).</summary>
    public static AuditFact Fact(string actor, IReadOnlyList<string> ids, string? ticket, IReadOnlyList<ProblemError> problems, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(problems);
        var after = JsonSerializer.Serialize(
            new
            {
                errorCount = problems.Count,
                errors = problems.Take(MaxRecorded).Select(p => new { pointer = p.Pointer, detail = p.Detail }),
                eventIds = ids.Select(Clip),
            },
            Json);
        var causedBy = ids.Count == 1 && ids[0].All(c => c is > ' ' and < '\u007f') ? Clip(ids[0]) : null;
        return new AuditFact(at, AuditActorKind.Adapter, actor, ticket, AuditAction.EventRejected, null, after, causedBy);
    }

    /// <summary>The ids and valid ticket subjects of the first <see cref="MaxRecorded"/> events that have them.</summary>
    private static (List<string> Ids, HashSet<string> Subjects) ReadIdentities(ReadOnlyMemory<byte> body)
    {
        var ids = new List<string>();
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var items = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => document.RootElement.EnumerateArray().Take(MaxRecorded).ToArray(),
                JsonValueKind.Object => [document.RootElement],
                _ => [],
            };
            foreach (var item in items.Where(i => i.ValueKind == JsonValueKind.Object))
            {
                if (item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text)
                {
                    ids.Add(text);
                }

                if (item.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String
                    && subject.GetString() is { } key && CloudEventReader.IsTicketKey(key))
                {
                    subjects.Add(key);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // A body that is not JSON names no event: the entry records only its problems.
        }

        return (ids, subjects);
    }

    // Never splits a surrogate pair: the entry's hash refuses text that is not valid UTF-16.
    private static string Clip(string text) =>
        text.Length <= MaxIdLength ? text : text[..(char.IsHighSurrogate(text[MaxIdLength - 1]) ? MaxIdLength - 1 : MaxIdLength)];

    [LoggerMessage(Level = LogLevel.Error, Message = "A refused request of ticket events could not be recorded in the audit trail; it was still answered 400")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception);
}
