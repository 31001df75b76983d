using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Grains.Configuration;

/// <summary>
/// The whole configuration as canonical JSON (the schema <see cref="ConfigurationDocument.ParseJson"/> reads)
/// together with what it parses to. Edits replace or remove one part of the JSON; the Domain validates the part
/// and the configuration with the part in place, then the new document is parsed whole again, so what is stored
/// is exactly what a silo reads back.
/// </summary>
public sealed class StoredConfiguration
{
    /// <summary>The JSON options the Domain's reader uses too: comments and trailing commas are tolerated.</summary>
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private StoredConfiguration(string json, SlaConfiguration configuration)
    {
        Json = json;
        Configuration = configuration;
    }

    /// <summary>Nothing configured: the document <c>{}</c>, which holds only the built-in <c>24x7</c> calendar.</summary>
    public static StoredConfiguration Empty { get; } = new("{}", SlaConfiguration.Empty);

    /// <summary>The canonical JSON: compact, comments dropped.</summary>
    public string Json { get; }

    public SlaConfiguration Configuration { get; }

    /// <summary>Reads a whole document (a stored one, or a seed file's), or returns every error.</summary>
    public static ConfigurationResult<StoredConfiguration> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var parsed = ConfigurationDocument.ParseJson(json);
        if (!parsed.IsValid)
        {
            return ConfigurationResult<StoredConfiguration>.Failure(parsed.Errors);
        }

        // Parsed cleanly above, so the text is JSON without duplicate keys.
        var canonical = JsonNode.Parse(json, documentOptions: Lenient)!.ToJsonString();
        return ConfigurationResult<StoredConfiguration>.Success(new StoredConfiguration(canonical, parsed.Value));
    }

    /// <summary>One part's canonical JSON; null when absent.</summary>
    public string? Part(ConfigurationPartKind part, string? partId) =>
        Locate(JsonNode.Parse(Json)!.AsObject(), part, partId) is { } node ? node.ToJsonString() : null;

    /// <summary>
    /// Replaces one part with <paramref name="partJson"/>, validated alone and then with the whole configuration; or,
    /// for <see cref="ConfigurationPartKind.Document"/>, the whole configuration, whose absent parts are removed.
    /// </summary>
    public ConfigurationEdit Replace(ConfigurationPartKind part, string? partId, string partJson)
    {
        ArgumentNullException.ThrowIfNull(partJson);
        if (part == ConfigurationPartKind.Document)
        {
            var whole = Parse(partJson);
            return !whole.IsValid ? ConfigurationEdit.Invalid(whole.Errors)
                : whole.Value.Json == Json ? ConfigurationEdit.Unchanged(Json)
                : ConfigurationEdit.Applied(whole.Value, Json, whole.Value.Json);
        }

        RequireId(part, partId);
        ConfigurationResult<SlaConfiguration> next;
        try
        {
            using var body = JsonDocument.Parse(partJson, Lenient);
            var root = body.RootElement;
            next = part switch
            {
                ConfigurationPartKind.Calendar => Then(ConfigurationDocument.ParseCalendar(partId!, root), Configuration.WithCalendar),
                ConfigurationPartKind.Policies => Then(ConfigurationDocument.ParsePolicies(root), Configuration.WithPolicies),
                ConfigurationPartKind.Routing => Then(ConfigurationDocument.ParseRoutingRules(root), Configuration.WithRoutingRules),
                ConfigurationPartKind.Runbook => Then(ConfigurationDocument.ParseRunbook(partId!, root), Configuration.WithRunbook),
                ConfigurationPartKind.Team => Then(ConfigurationDocument.ParseTeam(partId!, root), Configuration.WithTeam),
                ConfigurationPartKind.Connection => Then(ConfigurationDocument.ParseConnection(partId!, root), Configuration.WithConnection),
                _ => throw new ArgumentOutOfRangeException(nameof(part), part, "only a calendar, runbook, team, connection or a list is replaced by part"),
            };
        }
        catch (JsonException e)
        {
            return ConfigurationEdit.Invalid([new ConfigurationError("", $"JSON syntax error at line {e.LineNumber + 1}: {e.Message}")]);
        }

        if (!next.IsValid)
        {
            return ConfigurationEdit.Invalid(next.Errors);
        }

        var document = JsonNode.Parse(Json)!.AsObject();
        var before = Locate(document, part, partId)?.ToJsonString();
        var after = JsonNode.Parse(partJson, documentOptions: Lenient)!;
        var afterJson = after.ToJsonString();
        if (before == afterJson)
        {
            return ConfigurationEdit.Unchanged(before);
        }

        if (part is ConfigurationPartKind.Policies or ConfigurationPartKind.Routing)
        {
            document[SectionOf(part)] = after;
        }
        else
        {
            Section(document, part)[partId!] = after;
        }

        return Reparsed(document, before, afterJson);
    }

    /// <summary>Removes a calendar, runbook, team or connection; refused with every error when something still refers to it.</summary>
    public ConfigurationEdit Remove(ConfigurationPartKind part, string partId)
    {
        if (!IsById(part))
        {
            throw new ArgumentOutOfRangeException(nameof(part), part, "only a calendar, runbook, team or connection can be deleted");
        }

        RequireId(part, partId);
        var document = JsonNode.Parse(Json)!.AsObject();
        if (Locate(document, part, partId) is not { } existing)
        {
            return ConfigurationEdit.NotFound();
        }

        var before = existing.ToJsonString();
        Section(document, part).Remove(partId);
        return Reparsed(document, before, null);
    }

    private ConfigurationEdit Reparsed(JsonObject document, string? before, string? after)
    {
        // The Domain re-reads the whole edited document: this catches what no single part shows (a deleted
        // calendar still named by a policy) and proves the stored text round-trips.
        var parsed = Parse(document.ToJsonString());
        return parsed.IsValid ? ConfigurationEdit.Applied(parsed.Value, before, after) : ConfigurationEdit.Invalid(parsed.Errors);
    }

    private static ConfigurationResult<SlaConfiguration> Then<T>(ConfigurationResult<T> part, Func<T, ConfigurationResult<SlaConfiguration>> apply)
        where T : class =>
        part.IsValid ? apply(part.Value) : ConfigurationResult<SlaConfiguration>.Failure(part.Errors);

    private static JsonNode? Locate(JsonObject document, ConfigurationPartKind part, string? partId) =>
        part switch
        {
            ConfigurationPartKind.Document => document,
            ConfigurationPartKind.Policies or ConfigurationPartKind.Routing => document[SectionOf(part)],
            _ => document[SectionOf(part)] is JsonObject section ? section[partId!] : null,
        };

    private static JsonObject Section(JsonObject document, ConfigurationPartKind part)
    {
        var name = SectionOf(part);
        if (document[name] is not JsonObject section)
        {
            section = [];
            document[name] = section;
        }

        return section;
    }

    private static string SectionOf(ConfigurationPartKind part) => part switch
    {
        ConfigurationPartKind.Calendar => "calendars",
        ConfigurationPartKind.Policies => "policies",
        ConfigurationPartKind.Routing => "routing",
        ConfigurationPartKind.Runbook => "runbooks",
        ConfigurationPartKind.Team => "teams",
        ConfigurationPartKind.Connection => "connections",
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "the whole document has no section"),
    };

    private static void RequireId(ConfigurationPartKind part, string? partId)
    {
        if (IsById(part) && string.IsNullOrEmpty(partId))
        {
            throw new ArgumentException($"a {part} is addressed by id", nameof(partId));
        }
    }

    private static bool IsById(ConfigurationPartKind part) =>
        part is ConfigurationPartKind.Calendar or ConfigurationPartKind.Runbook or ConfigurationPartKind.Team or ConfigurationPartKind.Connection;
}
