namespace SlaEscalation.Silo.Adapters.Slack;

/// <summary>
/// Answers a press privately (an ephemeral message to the user who pressed) through the interaction's
/// <c>response_url</c>, leaving the escalation's message as it is. Only Slack's own hooks host, or the host of the
/// connection's <c>ApiUrl</c> (a local stand-in), is ever called.
/// </summary>
public sealed partial class SlackResponder(IHttpClientFactory http, IReadOnlyDictionary<string, SlackConnectionSettings> connections, ILogger<SlackResponder> logger)
{
    /// <summary>Where Slack's response URLs point.</summary>
    public const string HooksHost = "hooks.slack.com";

    public async Task TellAsync(string connection, Uri? responseUrl, string text)
    {
        if (responseUrl is null || !IsSlack(connection, responseUrl))
        {
            LogNoAnswer(logger, connection, text);
            return;
        }

        try
        {
            using var response = await http.CreateClient(SlackWebApi.HttpClientName).PostAsJsonAsync(
                responseUrl, new { response_type = "ephemeral", replace_original = false, text });
            if (!response.IsSuccessStatusCode)
            {
                LogAnswerRefused(logger, connection, (int)response.StatusCode, null);
            }
        }
        catch (HttpRequestException ex)
        {
            LogAnswerRefused(logger, connection, 0, ex);
        }
    }

    private bool IsSlack(string connection, Uri url) =>
        (url.Scheme == Uri.UriSchemeHttps && url.Host == HooksHost)
        || (connections.TryGetValue(connection, out var settings) && settings.ApiUrl.GetLeftPart(UriPartial.Authority) == url.GetLeftPart(UriPartial.Authority));

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack connection {Connection}: a press could not be answered privately (no Slack response URL): {Text}")]
    private static partial void LogNoAnswer(ILogger logger, string connection, string text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack connection {Connection}: the private answer to a press was refused (HTTP {Status})")]
    private static partial void LogAnswerRefused(ILogger logger, string connection, int status, Exception? exception);
}
