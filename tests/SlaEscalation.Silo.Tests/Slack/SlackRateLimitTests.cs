using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Adapters.Slack;
using SlaEscalation.Silo.Tests.Harness;

namespace SlaEscalation.Silo.Tests.Slack;

/// <summary>
/// Slack says it is rate limited either with HTTP 429 or with HTTP 200 and <c>{"ok":false,"error":"ratelimited"}</c>;
/// either way its <c>Retry-After</c> is what the retry waits for, and the channel is held back as long.
/// </summary>
public sealed class SlackRateLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_ratelimited_answer_is_retried_no_sooner_than_its_Retry_After(HttpStatusCode status)
    {
        var time = new FakeTimeProvider(Now);
        var settings = new SlackConnectionSettings("acme-slack", "xoxb-test", null, new Uri("https://slack.example/api/"), null);
        var api = new SlackWebApi(
            new Dictionary<string, SlackConnectionSettings> { ["acme-slack"] = settings },
            new HttpClient(new FixedAnswer("""{"ok":false,"error":"ratelimited"}""", status, retryAfterSeconds: 20)),
            new SlackPace(time, TimeSpan.Zero, TimeSpan.FromMilliseconds(500)), TimeSpan.FromSeconds(10), time);
        var post = new JsonObject { ["channel"] = "C0SUPPORT1", ["text"] = "hi" };

        var limited = await api.CallAsync("acme-slack", "chat.postMessage", post, CancellationToken.None);
        var next = await api.CallAsync("acme-slack", "chat.postMessage", post.DeepClone().AsObject(), CancellationToken.None);

        Assert.Equal((DeliveryOutcomeKind.Retry, TimeSpan.FromSeconds(20)), (limited.Outcome.Kind, limited.Outcome.RetryAfter));
        Assert.Equal(("waiting for the channel's pace", TimeSpan.FromSeconds(20)), (next.Outcome.Error, next.Outcome.RetryAfter));
    }
}
