namespace SlaEscalation.Silo.Trackers;

/// <summary>
/// How the silo reaches one tracker connection, from its settings under <c>Adapters__{connection}__Tracker__</c>:
/// <c>BaseUrl</c> (Jira: the site, <c>https://acme.atlassian.net</c>; Linear: the GraphQL endpoint, by default
/// <c>https://api.linear.app/graphql</c>), <c>Email</c> and <c>ApiToken</c> (Jira) or <c>ApiKey</c> (Linear), and
/// <c>Secret</c>, the signing secret of the tracker's webhook; Jira's <c>SiteUrl</c> when <c>BaseUrl</c> is not the site
/// people open (a scoped token calls <c>https://api.atlassian.com/ex/jira/{cloudId}</c>). Read when used, so a
/// connection put after start works.
/// </summary>
/// <param name="Name">The connection.</param>
/// <param name="BaseUrl">Where its API is.</param>
/// <param name="Email">Jira: the API token's owner.</param>
/// <param name="Token">Jira's API token or Linear's API key.</param>
/// <param name="SiteUrl">Jira: where people open an issue (<c>{site}/browse/{key}</c>); null when it is <paramref name="BaseUrl"/>.</param>
public sealed record TrackerConnection(string Name, Uri BaseUrl, string? Email, string Token, Uri? SiteUrl = null)
{
    /// <summary>Linear's one GraphQL endpoint.</summary>
    public static readonly Uri LinearApi = new("https://api.linear.app/graphql");

    /// <summary>The setting that holds the signing secret of a connection's tracker webhook.</summary>
    public static string SecretSetting(string connection) => $"Adapters:{connection}:Tracker:Secret";

    /// <summary>The connection's settings for <paramref name="tracker"/> (<c>jira</c>, <c>linear</c>), or the one line that says what is missing.</summary>
    public static (TrackerConnection? Connection, string? Problem) Read(IConfiguration settings, string connection, string tracker)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var section = settings.GetSection($"Adapters:{connection}:Tracker");
        var key = $"Adapters__{connection}__Tracker__";
        var jira = tracker == "jira";
        var token = section[jira ? "ApiToken" : "ApiKey"];
        if (string.IsNullOrEmpty(token))
        {
            return (null, $"{key}{(jira ? "ApiToken" : "ApiKey")} is not set");
        }

        var email = section["Email"];
        if (jira && string.IsNullOrWhiteSpace(email))
        {
            return (null, $"{key}Email is not set: Jira authenticates an API token with its owner's email");
        }

        var text = section["BaseUrl"];
        if (string.IsNullOrEmpty(text))
        {
            return jira ? (null, $"{key}BaseUrl is not set (the Jira site, e.g. https://acme.atlassian.net)") : (new(connection, LinearApi, null, token), null);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            return (null, $"{key}BaseUrl is not an absolute http(s) URL");
        }

        Uri? site = null;
        if (section["SiteUrl"] is { Length: > 0 } siteText
            && (!Uri.TryCreate(siteText, UriKind.Absolute, out site) || site.Scheme is not ("https" or "http")))
        {
            return (null, $"{key}SiteUrl is not an absolute http(s) URL");
        }

        return (new(connection, url, email, token, site), null);
    }
}
