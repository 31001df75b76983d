using Microsoft.AspNetCore.Builder;

namespace SlaEscalation.Silo.Tests.Notifications;

/// <summary>
/// One embedded silo with three webhook endpoints on one loopback receiver: <c>everything</c> (no type filter),
/// <c>escalations</c> (<c>escalation.*,task.created</c>) and <c>scripted</c> (<c>scripted.*</c>, the one tests make
/// fail). Four attempts, waits from 0.5 s doubling to at most 4 s, one-second attempts.
/// </summary>
public sealed class WebhookSiloFixture : IAsyncLifetime
{
    public const string Everything = "everything";
    public const string Escalations = "escalations";
    public const string Scripted = "scripted";
    public const int MaxAttempts = 4;

    public static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string>
    {
        [Everything] = "everything-secret-" + Guid.NewGuid().ToString("N"),
        [Escalations] = "escalations-secret-" + Guid.NewGuid().ToString("N"),
        [Scripted] = "scripted-secret-" + Guid.NewGuid().ToString("N"),
    };

    public WebhookReceiver Receiver { get; private set; } = null!;

    public WebApplication Silo { get; private set; } = null!;

    public string ClusterId { get; } = "webhooks-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync(Secrets);
        Silo = await NotificationSilo.StartAsync(ClusterId, postgres: null,
        [
            .. NotificationSilo.Webhook(0, Everything, Receiver.UrlOf(Everything), Secrets[Everything]),
            .. NotificationSilo.Webhook(1, Escalations, Receiver.UrlOf(Escalations), Secrets[Escalations], "escalation.*, task.created"),
            .. NotificationSilo.Webhook(2, Scripted, Receiver.UrlOf(Scripted), Secrets[Scripted], "scripted.*"),
            $"--Notifications:Retry:MaxAttempts={MaxAttempts}",
            "--Notifications:Retry:InitialDelaySeconds=0.5",
            "--Notifications:Retry:MaxDelaySeconds=4",
            "--Notifications:AttemptTimeoutSeconds=1",
        ]);
    }

    public async Task DisposeAsync()
    {
        await Silo.StopAsync();
        await Silo.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
