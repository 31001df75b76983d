using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>
/// A Zendesk connection the catch-up reads: <c>Adapters__{name}__ApiToken</c> with <c>__Email</c> (the token's
/// owner, an admin) and <c>__Subdomain</c> (<c>https://{subdomain}.zendesk.com</c>) or <c>__BaseUrl</c>, and
/// <c>__CatchUpEvery</c> (default 5 minutes). A connection without an API token has no catch-up.
/// </summary>
public sealed record ZendeskCatchUpConnection(string Name, Uri BaseUrl, string Email, string ApiToken, TimeSpan Every)
{
    public const string Section = "Adapters";

    /// <summary>How often a connection catches up unless <c>__CatchUpEvery</c> says otherwise.</summary>
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest <c>__CatchUpEvery</c>: the catch-up finds what webhooks missed, and a breach that a missed change
    /// implies is told only once it is found.
    /// </summary>
    public static readonly TimeSpan MostEvery = TimeSpan.FromDays(1);

    /// <summary>The connections with an API token, or one line per bad setting, each naming its key.</summary>
    public static (IReadOnlyList<ZendeskCatchUpConnection> Connections, IReadOnlyList<string> Errors) Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connections = new List<ZendeskCatchUpConnection>();
        var errors = new List<string>();
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            if (string.IsNullOrEmpty(section["ApiToken"]))
            {
                continue;
            }

            var key = $"{Section}__{section.Key}__";
            var before = errors.Count;
            if (section.Key.Length > 60 || section.Key.Any(c => c is <= ' ' or >= '\u007f' or ':'))
            {
                errors.Add($"{key}ApiToken: the connection name must be at most 60 printable characters without ':' or spaces.");
            }

            var email = section["Email"];
            if (string.IsNullOrWhiteSpace(email))
            {
                errors.Add($"{key}Email is required with {key}ApiToken: Zendesk authenticates an API token with its owner's email.");
            }

            var baseUrl = ReadBaseUrl(section, key, errors);
            var every = DefaultEvery;
            // hh:mm:ss only: a bare number parses as days ('300' would be 300 days, the catch-up off in all but name).
            if (section["CatchUpEvery"] is { Length: > 0 } text
                && (!text.Contains(':', StringComparison.Ordinal)
                    || !TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out every)
                    || every < OrleansSiloBuilderExtensions.MinimumReminderPeriod
                    || every > MostEvery))
            {
                errors.Add($"{key}CatchUpEvery: '{text}' is not a duration hh:mm:ss from {OrleansSiloBuilderExtensions.MinimumReminderPeriod} to {MostEvery} (e.g. 00:05:00).");
            }

            if (errors.Count == before)
            {
                connections.Add(new ZendeskCatchUpConnection(section.Key, baseUrl!, email!, section["ApiToken"]!, every));
            }
        }

        return (connections, errors);
    }

    private static Uri? ReadBaseUrl(IConfigurationSection section, string key, List<string> errors)
    {
        if (section["BaseUrl"] is { Length: > 0 } text)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "https" or "http")
            {
                return url;
            }

            errors.Add($"{key}BaseUrl: '{text}' is not an absolute http(s) URL.");
            return null;
        }

        if (section["Subdomain"] is { Length: > 0 } subdomain)
        {
            if (subdomain.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return new Uri($"https://{subdomain}.zendesk.com/");
            }

            errors.Add($"{key}Subdomain: '{subdomain}' is not a Zendesk subdomain (letters, digits and '-').");
            return null;
        }

        errors.Add($"{key}Subdomain or {key}BaseUrl is required with {key}ApiToken.");
        return null;
    }

    /// <summary>How Zendesk authenticates an API token: <c>Basic</c> of <c>{email}/token:{token}</c>.</summary>
    public AuthenticationHeaderValue Authorization() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}/token:{ApiToken}")));

    /// <summary>Everything but the token, which never reaches a log.</summary>
    public override string ToString() => $"{Name} ({BaseUrl}, {Email}, every {Every})";
}
