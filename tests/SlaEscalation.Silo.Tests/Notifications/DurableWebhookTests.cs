using Microsoft.AspNetCore.Builder;
using Npgsql;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Notifications;

/// <summary>Webhook deliveries of silos on a real PostgreSQL: retries outlive the silo, failures land in sla_delivery_failures.</summary>
public sealed class DurableWebhookTests
{
    private const string Hook = "hook";
    private const string Channel = "webhook:" + Hook;
    private static readonly string Secret = "durable-secret-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_retry_pending_when_the_silo_stops_is_delivered_by_the_next_silo_and_the_key_is_never_sent_again()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("webhook_restart");
        var cluster = "webhook-restart-" + Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await WebhookReceiver.StartAsync(new Dictionary<string, string> { [Hook] = Secret });
        var notification = NotificationSilo.NewNotification("sla.breached");
        var receiverUp = false;
        receiver.Script(Hook, notification.DeliveryKey, _ => Volatile.Read(ref receiverUp) ? ScriptedAnswer.Ok : new ScriptedAnswer(503));

        await using (var first = await StartAsync(cluster, database, receiver, maxAttempts: 10))
        {
            await first.Notifier().SendAsync(notification);
            await receiver.UntilAsync(Hook, notification.DeliveryKey, 1);
            await first.StopAsync();
        }

        var triedBeforeRestart = receiver.Received(Hook, notification.DeliveryKey).Count;
        // Only this delivery's reminder: a fresh silo also publishes the last digest due (to the same webhook), and
        // that delivery may still be in flight when the silo stops.
        var reminderOfThisDelivery = $"""
            SELECT count(*) FROM OrleansRemindersTable
            WHERE ReminderName = '{NotificationDeliveryGrain.SafetyNetReminder}'
              AND GrainId LIKE '%/{NotificationDeliveryKey.Of(Channel, notification.DeliveryKey)}'
            """;
        Assert.Equal(1, await CountAsync(database, reminderOfThisDelivery));
        Volatile.Write(ref receiverUp, true);
        await using var second = await StartAsync(cluster, database, receiver, maxAttempts: 10);
        var requests = await receiver.UntilAsync(Hook, notification.DeliveryKey, triedBeforeRestart + 1, TimeSpan.FromSeconds(60));
        await Eventually.ValueAsync(
            () => second.Delivery(Channel, notification.DeliveryKey).GetStatusAsync(), s => s?.Progress == DeliveryProgress.Delivered,
            TimeSpan.FromSeconds(30), "delivered after the restart");
        await second.Notifier().SendAsync(notification);
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(triedBeforeRestart + 1, receiver.Received(Hook, notification.DeliveryKey).Count);
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        Assert.Equal((triedBeforeRestart + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), requests[^1].Attempt);
        Assert.Equal(0, await CountAsync(database, reminderOfThisDelivery));
        Assert.Equal(0, await CountAsync(database, "SELECT count(*) FROM sla_delivery_failures"));
    }

    [Fact]
    public async Task A_delivery_that_always_fails_is_recorded_once_in_postgresql()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("webhook_failure");
        await using var receiver = await WebhookReceiver.StartAsync(new Dictionary<string, string> { [Hook] = Secret });
        var notification = NotificationSilo.NewNotification("sla.breached", team: "billing");
        receiver.Script(Hook, notification.DeliveryKey, _ => new ScriptedAnswer(502));
        await using var silo = await StartAsync("webhook-failure-" + Guid.NewGuid().ToString("N")[..8], database, receiver, maxAttempts: 2);

        await silo.Notifier().SendAsync(notification);
        await Eventually.ValueAsync(
            () => CountAsync(database, "SELECT count(*) FROM sla_delivery_failures"), n => n > 0, TimeSpan.FromSeconds(30), "the failure in sla_delivery_failures");
        await silo.Notifier().SendAsync(notification);
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1.5));

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT delivery_key, endpoint, type, team, subject, attempts, last_error FROM sla_delivery_failures", connection);
        await using var row = await read.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal(
            (notification.DeliveryKey, Channel, "sla.breached", "billing", notification.Subject, 2, "HTTP 502"),
            (row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetString(4), row.GetInt32(5), row.GetString(6)));
        Assert.False(await row.ReadAsync());
        Assert.Equal(2, receiver.Received(Hook, notification.DeliveryKey).Count);
    }

    private static Task<WebApplication> StartAsync(string cluster, string database, WebhookReceiver receiver, int maxAttempts) =>
        NotificationSilo.StartAsync(cluster, database,
        [
            .. NotificationSilo.Webhook(0, Hook, receiver.UrlOf(Hook), Secret),
            $"--Notifications:Retry:MaxAttempts={maxAttempts}",
            "--Notifications:Retry:InitialDelaySeconds=0.5",
            "--Notifications:Retry:MaxDelaySeconds=1",
            "--Notifications:Retry:SafetyNetSeconds=5",
        ]);

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
