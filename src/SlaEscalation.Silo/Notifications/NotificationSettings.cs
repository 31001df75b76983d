using System.Globalization;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Notifications;

/// <summary>
/// Outbound notification settings: the CloudEvents <c>source</c>, the webhook endpoints (secrets from configuration or
/// the environment, never from the repository) and the retry policy. <see cref="Load"/> names every bad setting
/// without echoing a secret or a URL.
/// </summary>
public sealed record NotificationSettings
{
    public const string SourceKey = "Notifications:Source";
    public const string WebhooksKey = "Notifications:Webhooks";
    public const string MaxAttemptsKey = "Notifications:Retry:MaxAttempts";
    public const string InitialDelayKey = "Notifications:Retry:InitialDelaySeconds";
    public const string MaxDelayKey = "Notifications:Retry:MaxDelaySeconds";
    public const string SafetyNetKey = "Notifications:Retry:SafetyNetSeconds";
    public const string AttemptTimeoutKey = "Notifications:AttemptTimeoutSeconds";

    public const string AllowInsecureUrlsKey = "Notifications:AllowInsecureUrls";

    /// <summary>The shortest secret accepted.</summary>
    public const int MinSecretLength = 24;

    /// <summary>No webhooks, the default retry policy.</summary>
    public static readonly NotificationSettings None = new()
    {
        Source = DefaultSource("sla-escalation"),
        Webhooks = [],
        Retry = DeliveryRetryPolicy.Default,
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The CloudEvents <c>source</c> of outbound events; by default <c>urn:sla-escalation:{ServiceId}</c>.</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<WebhookEndpoint> Webhooks { get; init; }

    public required DeliveryRetryPolicy Retry { get; init; }

    /// <summary>
    /// How long one webhook attempt may take. Under Orleans' 30 s call timeout, since a repeat of the same key waits
    /// for an attempt in flight.
    /// </summary>
    public required TimeSpan AttemptTimeout { get; init; }

    /// <summary>
    /// One line per type filter that takes no type SlaEscalation sends (a typo such as <c>sla.breeched</c>), naming
    /// its key: logged at start-up, not refused, so a silo configured so before the check still starts. Such a
    /// filter takes nothing; the endpoint's other filters work as before.
    /// </summary>
    public IReadOnlyList<string> IgnoredTypes { get; init; } = [];

    /// <summary>The default CloudEvents source for a service id.</summary>
    public static string DefaultSource(string serviceId) => $"urn:sla-escalation:{serviceId}";

    /// <summary>Reads and checks the settings, adding each problem (naming its key) to <paramref name="errors"/>.</summary>
    public static NotificationSettings Load(IConfiguration configuration, string serviceId, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        var source = Blank(configuration[SourceKey]) ?? DefaultSource(serviceId);
        if (!Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _) || source.Any(char.IsWhiteSpace))
        {
            errors.Add($"{SourceKey} '{source}' is not a URI reference: use for example urn:sla-escalation:prod or https://sla.example.com.");
        }

        var initialDelay = ReadSeconds(configuration, InitialDelayKey, DeliveryRetryPolicy.Default.InitialDelay, 0.1, 3600, errors);
        var maxDelay = ReadSeconds(configuration, MaxDelayKey, DeliveryRetryPolicy.Default.MaxDelay, 0.1, 86400, errors);
        if (maxDelay < initialDelay)
        {
            errors.Add($"{MaxDelayKey} is shorter than {InitialDelayKey}: the longest wait cannot be shorter than the first.");
        }

        // The reminder service refuses periods under the silo's minimum (OrleansSiloBuilderExtensions.MinimumReminderPeriod).
        var minimumSafetyNet = OrleansSiloBuilderExtensions.MinimumReminderPeriod.TotalSeconds;
        var retry = DeliveryRetryPolicy.Default with
        {
            MaxAttempts = ReadInteger(configuration, MaxAttemptsKey, DeliveryRetryPolicy.Default.MaxAttempts, 1, 100, errors),
            InitialDelay = initialDelay,
            MaxDelay = maxDelay,
            SafetyNetPeriod = ReadSeconds(configuration, SafetyNetKey, DeliveryRetryPolicy.Default.SafetyNetPeriod, minimumSafetyNet, 3600, errors),
        };

        var ignored = new List<string>();
        return new NotificationSettings
        {
            Source = source,
            Webhooks = ReadWebhooks(configuration, errors, ignored),
            IgnoredTypes = ignored,
            Retry = retry,
            AttemptTimeout = ReadSeconds(configuration, AttemptTimeoutKey, None.AttemptTimeout, 1, 25, errors),
        };
    }

    /// <summary>
    /// A durable silo sends signed events about real tickets: over plain http:// their content (names, subjects)
    /// would cross the network readable, so each endpoint must be https:// unless
    /// <see cref="AllowInsecureUrlsKey"/> is <c>true</c> (a receiver on the same host, or a test).
    /// </summary>
    public static void RequireHttps(IConfiguration configuration, NotificationSettings settings, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(errors);
        var allow = Blank(configuration[AllowInsecureUrlsKey]);
        if (allow is not null && !bool.TryParse(allow, out _))
        {
            errors.Add($"{AllowInsecureUrlsKey} '{allow}' must be true or false.");
            return;
        }

        if (allow is not null && bool.Parse(allow))
        {
            return;
        }

        foreach (var endpoint in settings.Webhooks.Where(e => e.Url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{WebhooksKey} '{endpoint.Name}' has a {endpoint.Url.Scheme}:// URL: a durable silo sends webhooks over https:// only (set {SiloSettings.Env(AllowInsecureUrlsKey)}=true to allow http://).");
        }
    }

    private static List<WebhookEndpoint> ReadWebhooks(IConfiguration configuration, List<string> errors, List<string> ignored)
    {
        var endpoints = new List<WebhookEndpoint>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in configuration.GetSection(WebhooksKey).GetChildren())
        {
            var at = $"{WebhooksKey}:{section.Key}";
            var name = Blank(section["Name"]);
            if (name is null || name.Length > 40 || !char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0])
                || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
            {
                errors.Add($"{at}:Name must be 1-40 characters of a-z, 0-9, '-' or '_' (a stable name: deliveries are keyed by it).");
            }
            else if (!names.Add(name))
            {
                errors.Add($"{at}:Name '{name}' is used by another endpoint: give each its own.");
            }

            var url = Blank(section["Url"]);
            if (url is null)
            {
                errors.Add($"{at}:Url is missing: set {SiloSettings.Env(at)}__Url to the receiver's http:// or https:// URL.");
            }
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || parsed.UserInfo.Length > 0)
            {
                errors.Add($"{at}:Url is not an absolute http:// or https:// URL without a user name or password.");
            }

            var secret = section["Secret"];
            if (string.IsNullOrEmpty(secret))
            {
                errors.Add($"{at}:Secret is missing: set {SiloSettings.Env(at)}__Secret from your secret store (at least {MinSecretLength} random characters, e.g. 'openssl rand -hex 32').");
            }
            else if (secret.Length < MinSecretLength || secret.Length > 512 || secret.Trim().Length != secret.Length)
            {
                errors.Add($"{at}:Secret must be {MinSecretLength}-512 characters without leading or trailing spaces (e.g. 'openssl rand -hex 32').");
            }

            var types = ReadTypes(section, at, errors, ignored);
            if (name is not null && url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(secret))
            {
                endpoints.Add(new WebhookEndpoint(name, uri, secret, types));
            }
        }

        return endpoints;
    }

    /// <summary>Types as a comma-separated string (<c>Types=sla.*,digest.published</c>) or a list (<c>Types:0</c>, <c>Types:1</c>).</summary>
    private static List<string> ReadTypes(IConfigurationSection endpoint, string at, List<string> errors, List<string> ignored)
    {
        var section = endpoint.GetSection("Types");
        var raw = section.Value is { } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : section.GetChildren().Select(c => c.Value?.Trim() ?? string.Empty).Where(v => v.Length > 0).ToArray();
        foreach (var filter in raw)
        {
            if (filter != "*" && !NotificationRules.IsType(filter.EndsWith(".*", StringComparison.Ordinal) ? filter[..^2] : filter))
            {
                errors.Add($"{at}:Types has '{filter}': use exact types (sla.breached), prefixes (escalation.*) or *.");
            }
            else if (!NotificationTypes.TakesAny(filter))
            {
                ignored.Add($"{at}:Types has '{filter}', which takes no type SlaEscalation sends, so it is ignored: use one of {string.Join(", ", NotificationTypes.Sent)}, a prefix of them (sla.*) or *.");
            }
        }

        return [.. raw];
    }

    private static int ReadInteger(IConfiguration configuration, string key, int fallback, int min, int max, List<string> errors)
    {
        var raw = Blank(configuration[key]);
        if (raw is null)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"{key} '{raw}' must be a whole number from {min} to {max}.");
        return fallback;
    }

    private static TimeSpan ReadSeconds(IConfiguration configuration, string key, TimeSpan fallback, double min, double max, List<string> errors)
    {
        var raw = Blank(configuration[key]);
        if (raw is null)
        {
            return fallback;
        }

        if (double.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds >= min && seconds <= max)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} '{raw}' must be a number of seconds from {min} to {max}."));
        return fallback;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
