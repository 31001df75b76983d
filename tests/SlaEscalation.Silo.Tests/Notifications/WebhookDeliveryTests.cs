using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Grains.Notifications;
using static SlaEscalation.Silo.Tests.Notifications.WebhookSiloFixture;

namespace SlaEscalation.Silo.Tests.Notifications;

/// <summary>Signed webhooks from the real silo application to a loopback receiver, on real time.</summary>
public sealed class WebhookDeliveryTests(WebhookSiloFixture fixture) : IClassFixture<WebhookSiloFixture>
{
    private const string ScriptedChannel = "webhook:" + Scripted;

    private WebhookReceiver Receiver => fixture.Receiver;

    [Fact]
    public async Task Every_delivery_is_signed_and_each_key_arrives_once_however_often_it_is_sent()
    {
        var breached = NotificationSilo.NewNotification("sla.breached");
        var raised = NotificationSilo.NewNotification("escalation.raised");
        var digest = NotificationSilo.NewNotification("digest.published") with { Recipient = null, DataJson = "[1, 2.50, \"x\"]" };
        Notification[] all = [breached, raised, digest];

        await Task.WhenAll(all.SelectMany(n => Enumerable.Repeat(n, 3)).Select(n => fixture.Silo.Notifier().SendAsync(n)));
        foreach (var notification in all)
        {
            await Receiver.UntilAsync(Everything, notification.DeliveryKey, 1);
        }

        await Receiver.UntilAsync(WebhookSiloFixture.Escalations, raised.DeliveryKey, 1);
        await Task.WhenAll(all.Select(n => fixture.Silo.Notifier().SendAsync(n)));
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1.5));

        foreach (var notification in all)
        {
            var delivery = Assert.Single(Receiver.Received(Everything, notification.DeliveryKey));
            Assert.True(delivery.SignatureValid);
            Assert.Equal(("1", "application/cloudevents+json; charset=utf-8"), (delivery.Attempt, delivery.ContentType));
            AssertCloudEvent(notification, delivery.BodyText);
        }

        foreach (var notification in new[] { raised, digest })
        {
            // The bus took each too, once, though nothing in this silo consumes it.
            var bus = await fixture.Silo.Delivery(EventBusChannel.ChannelName, notification.DeliveryKey).GetStatusAsync();
            Assert.Equal((DeliveryProgress.Delivered, 1), (bus!.Progress, bus.Attempts.Count));
        }

        // A ticket's own transition is on the bus already: the bus channel does not take it again.
        Assert.Null(await fixture.Silo.Delivery(EventBusChannel.ChannelName, breached.DeliveryKey).GetStatusAsync());

        Assert.True(Assert.Single(Receiver.Received(WebhookSiloFixture.Escalations, raised.DeliveryKey)).SignatureValid);
        Assert.Empty(Receiver.Received(WebhookSiloFixture.Escalations, breached.DeliveryKey));
        Assert.Empty(Receiver.Received(WebhookSiloFixture.Escalations, digest.DeliveryKey));
        Assert.Empty(Receiver.Received(Scripted, breached.DeliveryKey));
    }

    [Fact]
    public async Task A_receiver_that_fails_the_first_attempts_gets_the_delivery_after_retries_none_sooner_than_the_policy_allows()
    {
        var notification = NotificationSilo.NewNotification("scripted.flaky");
        Receiver.Script(Scripted, notification.DeliveryKey, n => n switch
        {
            1 => new ScriptedAnswer(503),
            2 => new ScriptedAnswer(500),
            3 => new ScriptedAnswer(429),
            _ => ScriptedAnswer.Ok,
        });

        await fixture.Silo.Notifier().SendAsync(notification);
        var requests = await Receiver.UntilAsync(Scripted, notification.DeliveryKey, 4);
        await UntilDeliveredAsync(notification);
        await fixture.Silo.Notifier().SendAsync(notification);
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1.5));

        Assert.Equal(4, Receiver.Received(Scripted, notification.DeliveryKey).Count);
        Assert.Equal(["1", "2", "3", "4"], requests.Select(r => r.Attempt));
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        Assert.All(requests, r => Assert.Equal(requests[0].BodyText, r.BodyText));
        var gaps = requests.Zip(requests.Skip(1), (a, b) => b.ArrivedAt - a.ArrivedAt).ToArray();
        // A retry may come late on a busy machine, never early: each wait is at least the policy's shortest for its
        // attempt (0.5 s doubling, less 20 % jitter), so the floors themselves grow. That the planned waits grow even
        // with jitter is DeliveryRetryPolicyTests' to show; comparing two late waits here would only measure the load.
        var shortest = new[] { 0.4, 0.8, 1.6 }.Select(TimeSpan.FromSeconds).ToArray();
        Assert.All(gaps.Zip(shortest), pair => Assert.True(
            pair.First >= pair.Second, $"waits {string.Join(", ", gaps)}: each at least {string.Join(", ", shortest)}"));
        var status = await fixture.Silo.Delivery(ScriptedChannel, notification.DeliveryKey).GetStatusAsync();
        Assert.Equal((DeliveryProgress.Delivered, 4, (string?)null), (status!.Progress, status.Attempts.Count, status.LastError));
    }

    [Fact]
    public async Task A_receiver_that_always_fails_ends_in_the_failure_log_after_the_last_attempt()
    {
        var notification = NotificationSilo.NewNotification("scripted.down", team: "team-" + Guid.NewGuid().ToString("N"));
        Receiver.Script(Scripted, notification.DeliveryKey, _ => new ScriptedAnswer(500));
        var sent = DateTimeOffset.UtcNow;

        await fixture.Silo.Notifier().SendAsync(notification);
        await Receiver.UntilAsync(Scripted, notification.DeliveryKey, MaxAttempts);
        var failure = await UntilFailureRecordedAsync(notification);
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(MaxAttempts, Receiver.Received(Scripted, notification.DeliveryKey).Count);
        Assert.Equal(
            new DeliveryFailure(notification.DeliveryKey, "scripted.down", notification.Team, notification.Subject, ScriptedChannel, MaxAttempts, "HTTP 500", failure.FailedAt),
            failure);
        Assert.InRange(failure.FailedAt, sent, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_refusal_or_a_redirect_is_final_after_one_attempt()
    {
        var refused = NotificationSilo.NewNotification("scripted.refused", team: "team-" + Guid.NewGuid().ToString("N"));
        var redirected = refused with { DeliveryKey = refused.DeliveryKey + "/redirected" };
        Receiver.Script(Scripted, refused.DeliveryKey, _ => new ScriptedAnswer(400));
        Receiver.Script(Scripted, redirected.DeliveryKey, _ => new ScriptedAnswer(307, Location: Receiver.UrlOf(Everything).ToString()));

        await fixture.Silo.Notifier().SendAsync(refused);
        await fixture.Silo.Notifier().SendAsync(redirected);
        await UntilFailureRecordedAsync(refused);
        await UntilFailureRecordedAsync(redirected);
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1.5));

        var failures = await fixture.Silo.Services.GetRequiredService<IDeliveryFailureLog>().ListAsync(refused.Team, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(
            [(refused.DeliveryKey, 1, "HTTP 400"), (redirected.DeliveryKey, 1, "HTTP 307 (redirects are not followed)")],
            failures.Select(f => (f.DeliveryKey, f.Attempts, f.LastError)).OrderBy(f => f.DeliveryKey.Length));
        Assert.Single(Receiver.Received(Scripted, refused.DeliveryKey));
        Assert.Single(Receiver.Received(Scripted, redirected.DeliveryKey));

        // The redirect was not followed: the everything endpoint got the notification once, as its own delivery.
        Assert.Equal("1", Assert.Single(Receiver.Received(Everything, redirected.DeliveryKey)).Attempt);
    }

    [Fact]
    public async Task Retry_after_is_waited_for_when_longer_than_the_backoff()
    {
        var notification = NotificationSilo.NewNotification("scripted.throttled");
        Receiver.Script(Scripted, notification.DeliveryKey, n => n == 1 ? new ScriptedAnswer(429, RetryAfter: "2") : ScriptedAnswer.Ok);

        await fixture.Silo.Notifier().SendAsync(notification);
        var requests = await Receiver.UntilAsync(Scripted, notification.DeliveryKey, 2);

        Assert.True(requests[1].ArrivedAt - requests[0].ArrivedAt >= TimeSpan.FromSeconds(2), $"second attempt after {requests[1].ArrivedAt - requests[0].ArrivedAt}");
        await UntilDeliveredAsync(notification);
    }

    [Fact]
    public async Task An_answer_slower_than_the_attempt_timeout_is_retried()
    {
        var notification = NotificationSilo.NewNotification("scripted.slow");
        Receiver.Script(Scripted, notification.DeliveryKey, n => n == 1 ? new ScriptedAnswer(200, Delay: TimeSpan.FromSeconds(2.5)) : ScriptedAnswer.Ok);

        await fixture.Silo.Notifier().SendAsync(notification);
        await Receiver.UntilAsync(Scripted, notification.DeliveryKey, 2);
        await UntilDeliveredAsync(notification);

        var status = await fixture.Silo.Delivery(ScriptedChannel, notification.DeliveryKey).GetStatusAsync();
        Assert.Equal(2, status!.Attempts.Count);
    }

    private void AssertCloudEvent(Notification notification, string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;
        Assert.Equal(
            ("1.0", notification.DeliveryKey, "urn:sla-escalation:" + fixture.ClusterId, notification.Type, notification.Subject, "2026-11-27T14:00:00.25Z", "application/json"),
            (Text("specversion"), Text("id"), Text("source"), Text("type"), Text("subject"), Text("time"), Text("datacontenttype")));
        Assert.Equal((notification.Team, notification.Recipient), (Text("team"), Text("recipient")));
        Assert.Equal(notification.DataJson, root.GetProperty("data").GetRawText());
    }

    private Task UntilDeliveredAsync(Notification notification) =>
        Eventually.ValueAsync(
            () => fixture.Silo.Delivery(ScriptedChannel, notification.DeliveryKey).GetStatusAsync(),
            s => s?.Progress == DeliveryProgress.Delivered,
            TimeSpan.FromSeconds(30),
            $"{notification.DeliveryKey} delivered");

    private async Task<DeliveryFailure> UntilFailureRecordedAsync(Notification notification)
    {
        var log = fixture.Silo.Services.GetRequiredService<IDeliveryFailureLog>();
        var failures = await Eventually.ValueAsync(
            () => log.ListAsync(notification.Team, DateTimeOffset.MinValue, DateTimeOffset.MaxValue),
            f => f.Any(x => x.DeliveryKey == notification.DeliveryKey),
            TimeSpan.FromSeconds(30),
            $"the failure of {notification.DeliveryKey} recorded");
        return failures.Single(f => f.DeliveryKey == notification.DeliveryKey);
    }
}
