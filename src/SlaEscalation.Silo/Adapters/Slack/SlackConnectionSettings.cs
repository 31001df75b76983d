namespace SlaEscalation.Silo.Adapters.Slack;

/// <summary>
/// The secret settings of one Slack connection: <c>Adapters__{connection}__BotToken</c> (the bot's <c>xoxb-</c>
/// token that posts), <c>__SigningSecret</c> (checks the interactions Slack sends), and optionally <c>__ApiUrl</c>
/// (default <c>https://slack.com/api/</c>) and <c>__PublicUrl</c> (where readers reach this service, for links).
/// </summary>
public sealed record SlackConnectionSettings(string Name, string? BotToken, string? SigningSecret, Uri ApiUrl, Uri? PublicUrl)
{
    public const string Section = "Adapters";

    /// <summary>Slack's Web API.</summary>
    public static readonly Uri DefaultApiUrl = new("https://slack.com/api/");

    /// <summary>The setting that holds a connection's signing secret.</summary>
    public static string SigningSecretSetting(string connection) => $"{Section}:{connection}:SigningSecret";

    /// <summary>
    /// The connections with a bot token or a signing secret, or one line per bad setting, each naming its key and
    /// never echoing a secret.
    /// </summary>
    public static (IReadOnlyList<SlackConnectionSettings> Connections, IReadOnlyList<string> Errors) Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connections = new List<SlackConnectionSettings>();
        var errors = new List<string>();
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            var token = Blank(section["BotToken"]);
            var signing = Blank(section["SigningSecret"]);
            if (token is null && signing is null)
            {
                continue;
            }

            var key = $"{Section}__{section.Key}__";
            var before = errors.Count;
            if (token is not null && (!token.StartsWith("xoxb-", StringComparison.Ordinal) || token.Any(c => c is <= ' ' or >= '\u007f')))
            {
                errors.Add($"{key}BotToken must be the bot's token (xoxb-...) from the Slack app's OAuth & Permissions page.");
            }

            var apiUrl = Url(section, "ApiUrl", key, errors) ?? DefaultApiUrl;
            var publicUrl = Url(section, "PublicUrl", key, errors);
            if (errors.Count == before)
            {
                // A base URL without a trailing slash would lose its last segment when a method name is added.
                connections.Add(new SlackConnectionSettings(section.Key, token, signing, WithSlash(apiUrl), publicUrl is null ? null : WithSlash(publicUrl)));
            }
        }

        return (connections, errors);
    }

    private static Uri? Url(IConfigurationSection section, string name, string key, List<string> errors)
    {
        if (Blank(section[name]) is not { } text)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" && url.UserInfo.Length == 0)
        {
            return url;
        }

        errors.Add($"{key}{name} is not an absolute http(s) URL without a user name or password.");
        return null;
    }

    private static Uri WithSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
