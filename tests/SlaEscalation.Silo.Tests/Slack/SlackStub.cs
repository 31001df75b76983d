using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Request = WireMock.RequestBuilders.Request;
using WireMock.Server;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>
/// A local stand-in for slack.com/api: <c>chat.postMessage</c>, <c>chat.update</c> and <c>conversations.history</c>
/// answer only a JSON body sent with the expected bot token, each channel with its own <c>ts</c>; response URLs live
/// under <c>/actions/</c>.
/// </summary>
public sealed class SlackStub : IDisposable
{
    private readonly WireMockServer server = WireMockServer.Start();

    private readonly ConcurrentDictionary<Guid, bool> lostAnswers = new();
    private readonly string[] channels;

    public SlackStub(string token, params string[] channels)
    {
        Token = token;
        this.channels = channels;
        for (var i = 0; i < channels.Length; i++)
        {
            var channel = channels[i];
            var answer = $$"""{"ok":true,"channel":"{{channel}}","ts":"{{TsOf(i)}}"}""";
            foreach (var method in new[] { "chat.postMessage", "chat.update" })
            {
                server.Given(Call(method).WithBody(b => b is not null && b.Contains($"\"channel\":\"{channel}\"", StringComparison.Ordinal)))
                    .AtPriority(10)
                    .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(answer));
            }
        }

        server.Given(Call("conversations.history")).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(History));
        server.Given(Request.Create().WithPath("/actions/*").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
    }

    public string Token { get; }

    /// <summary>The API base URL a connection's <c>ApiUrl</c> names.</summary>
    public string ApiUrl => server.Url + "/api/";

    public string Url => server.Url!;

    /// <summary>The <c>ts</c> the stub gives messages in the channel at <paramref name="index"/>.</summary>
    public static string TsOf(int index) => string.Create(CultureInfo.InvariantCulture, $"1733400000.{index + 1:D6}");

    /// <summary>Answers the first post into <paramref name="channel"/> with 429 and <c>Retry-After</c>, the rest as usual.</summary>
    public void LimitFirstPost(string channel, int retryAfterSeconds) =>
        server.Given(Call("chat.postMessage").WithBody(b => b is not null && b.Contains($"\"channel\":\"{channel}\"", StringComparison.Ordinal)))
            .AtPriority(1).InScenario("limited " + channel).WillSetStateTo("served")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", retryAfterSeconds.ToString(CultureInfo.InvariantCulture))
                .WithHeader("Content-Type", "application/json").WithBody("""{"ok":false,"error":"ratelimited"}"""));

    /// <summary>Answers every post into <paramref name="channel"/> as usual, but only after <paramref name="delay"/>.</summary>
    public void SlowPosts(string channel, TimeSpan delay) =>
        server.Given(Call("chat.postMessage").WithBody(b => b is not null && b.Contains($"\"channel\":\"{channel}\"", StringComparison.Ordinal)))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"ok":true,"channel":"{{channel}}","ts":"{{TsOf(Array.IndexOf(channels, channel))}}"}""").WithDelay(delay));

    /// <summary>Answers every post into <paramref name="channel"/> with 503 until <see cref="Restore"/> is called with the id returned.</summary>
    public Guid Unavailable(string channel)
    {
        var id = Guid.NewGuid();
        server.Given(Call("chat.postMessage").WithBody(b => b is not null && b.Contains($"\"channel\":\"{channel}\"", StringComparison.Ordinal)))
            .WithGuid(id).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(503));
        return id;
    }

    /// <summary>
    /// Takes the first post into <paramref name="channel"/> as Slack would (it shows in the channel's history) but
    /// answers it 500, as when Slack's answer is lost; the rest as usual.
    /// </summary>
    public void LoseFirstAnswer(string channel)
    {
        var id = Guid.NewGuid();
        lostAnswers[id] = true;
        server.Given(Call("chat.postMessage").WithBody(b => b is not null && b.Contains($"\"channel\":\"{channel}\"", StringComparison.Ordinal)))
            .WithGuid(id).AtPriority(1).InScenario("lost " + channel).WillSetStateTo("served")
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("Content-Type", "text/plain").WithBody("upstream connect error"));
    }

    /// <summary>Takes an answer of <see cref="Unavailable"/> away.</summary>
    public void Restore(Guid id) => server.DeleteMapping(id);

    /// <summary>
    /// Every call of <paramref name="method"/> whose body mentions <paramref name="text"/>, oldest first; digests (which
    /// name the day's tickets) only when <paramref name="digests"/>.
    /// </summary>
    public IReadOnlyList<ILogEntry> Calls(string method, string text, bool digests = false) =>
        [.. server.LogEntries
            .Where(e => e.RequestMessage.Path == "/api/" + method && (e.RequestMessage.Body ?? string.Empty).Contains(text, StringComparison.Ordinal))
            .Where(e => digests || !e.RequestMessage.Body!.StartsWith("{\"text\":\"SLA digest", StringComparison.Ordinal))
            .OrderBy(e => e.RequestMessage.DateTime)];

    /// <summary>Every call to a response URL, oldest first.</summary>
    public IReadOnlyList<ILogEntry> Answers(string path) =>
        [.. server.LogEntries.Where(e => e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime)];

    public static JsonObject Body(ILogEntry entry) => JsonNode.Parse(entry.RequestMessage.Body!)!.AsObject();

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }

    /// <summary>
    /// A <c>conversations.history</c> answer: the messages posted into the channel asked (answered 200, or taken by
    /// <see cref="LoseFirstAnswer"/>) since <c>oldest</c>, newest first, with their metadata only when
    /// <c>include_all_metadata</c> asks for it.
    /// </summary>
    private string History(IRequestMessage request)
    {
        var query = JsonNode.Parse(request.Body!)!.AsObject();
        var channel = (string?)query["channel"];
        var oldest = DateTimeOffset.FromUnixTimeSeconds(long.Parse((string?)query["oldest"] ?? "0", CultureInfo.InvariantCulture));
        var withMetadata = query["include_all_metadata"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var messages = new JsonArray();
        foreach (var post in server.LogEntries
            .Where(e => e.RequestMessage.Path == "/api/chat.postMessage" && new DateTimeOffset(e.RequestMessage.DateTime, TimeSpan.Zero) >= oldest)
            .Where(e => e.ResponseMessage.StatusCode is 200 || (e.MappingGuid is { } g && lostAnswers.ContainsKey(g)))
            .OrderByDescending(e => e.RequestMessage.DateTime))
        {
            var body = Body(post);
            if ((string?)body["channel"] != channel)
            {
                continue;
            }

            var message = new JsonObject { ["type"] = "message", ["bot_id"] = "B0SLA", ["text"] = (string?)body["text"], ["ts"] = TsOf(Array.IndexOf(channels, channel)) };
            if (withMetadata && body["metadata"] is JsonObject metadata)
            {
                message["metadata"] = metadata.DeepClone();
            }

            messages.Add(message);
        }

        return new JsonObject { ["ok"] = true, ["messages"] = messages, ["has_more"] = false }.ToJsonString();
    }

    private IRequestBuilder Call(string method) =>
        Request.Create().WithPath("/api/" + method).UsingPost()
            .WithHeader("Authorization", "Bearer " + Token)
            .WithHeader("Content-Type", "application/json*");
}
