using Microsoft.Extensions.Configuration;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Notifications;

public sealed class NotificationSettingsTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Without_settings_there_are_no_webhooks_and_the_default_policy()
    {
        var (settings, errors) = Load();

        Assert.Empty(errors);
        Assert.Empty(settings!.Notifications.Webhooks);
        Assert.Equal(DeliveryRetryPolicy.Default, settings.Notifications.Retry);
        Assert.Equal("urn:sla-escalation:sla-escalation", settings.Notifications.Source);
    }

    [Fact]
    public void Endpoints_types_and_retry_settings_are_read()
    {
        var (settings, errors) = Load(
            ("Notifications:Webhooks:0:Name", "ops"),
            ("Notifications:Webhooks:0:Url", "https://hooks.example.com/sla?token=abc"),
            ("Notifications:Webhooks:0:Secret", Secret),
            ("Notifications:Webhooks:0:Types", "sla.*, digest.published"),
            ("Notifications:Webhooks:1:Name", "chat"),
            ("Notifications:Webhooks:1:Url", "http://127.0.0.1:9000/in"),
            ("Notifications:Webhooks:1:Secret", Secret + "x"),
            ("Notifications:Webhooks:1:Types:0", "escalation.raised"),
            ("Notifications:Webhooks:1:Types:1", "*"),
            ("Cluster:ServiceId", "prod"),
            ("Notifications:Retry:MaxAttempts", "5"),
            ("Notifications:Retry:InitialDelaySeconds", "1.5"),
            ("Notifications:Retry:MaxDelaySeconds", "60"),
            ("Notifications:Retry:SafetyNetSeconds", "30"),
            ("Notifications:AttemptTimeoutSeconds", "4"));

        Assert.Empty(errors);
        var notifications = settings!.Notifications;
        Assert.Equal(["ops", "chat"], notifications.Webhooks.Select(w => w.Name));
        Assert.Equal(["sla.*", "digest.published"], notifications.Webhooks[0].Types);
        Assert.Equal(["escalation.raised", "*"], notifications.Webhooks[1].Types);
        Assert.Equal(new Uri("https://hooks.example.com/sla?token=abc"), notifications.Webhooks[0].Url);
        Assert.Equal((Secret, "urn:sla-escalation:prod", TimeSpan.FromSeconds(4)), (notifications.Webhooks[0].Secret, notifications.Source, notifications.AttemptTimeout));
        Assert.Equal(
            DeliveryRetryPolicy.Default with { MaxAttempts = 5, InitialDelay = TimeSpan.FromSeconds(1.5), MaxDelay = TimeSpan.FromMinutes(1), SafetyNetPeriod = TimeSpan.FromSeconds(30) },
            notifications.Retry);
        Assert.Equal("webhook endpoint ops", notifications.Webhooks[0].ToString());
    }

    [Theory]
    [InlineData("sla.breached", true)]
    [InlineData("sla.at_risk", true)]
    [InlineData("digest.published", true)]
    [InlineData("slab.breached", false)]
    [InlineData("escalation.raised", false)]
    public void A_type_filter_takes_exact_types_and_prefixes(string type, bool accepted)
    {
        var endpoint = new Silo.Notifications.WebhookEndpoint("ops", new Uri("https://x.example"), Secret, ["sla.*", "digest.published"]);

        Assert.Equal(accepted, endpoint.Accepts(type));
        Assert.True(endpoint with { Types = [] } is var all && all.Accepts(type));
    }

    [Fact]
    public void A_filter_that_takes_no_sent_type_is_named_and_ignored_and_the_silo_still_starts()
    {
        var (settings, errors) = Load(
            ("Notifications:Webhooks:0:Name", "ops"),
            ("Notifications:Webhooks:0:Url", "https://hooks.example.com/sla"),
            ("Notifications:Webhooks:0:Secret", Secret),
            ("Notifications:Webhooks:0:Types", "sla.breeched, escalation.*, esclation.*, sla.breached"));

        Assert.Empty(errors);
        var endpoint = Assert.Single(settings!.Notifications.Webhooks);
        Assert.Equal(
            [
                "Notifications:Webhooks:0:Types has 'sla.breeched', which takes no type SlaEscalation sends, so it is ignored: use one of ticket.owner_changed, sla.at_risk, sla.breached, sla.achieved, escalation.raised, escalation.unacknowledged, escalation.renotified, escalation.acknowledged, escalation.handed_off, escalation.resolved, task.created, task.status_changed, digest.published, a prefix of them (sla.*) or *.",
                "Notifications:Webhooks:0:Types has 'esclation.*', which takes no type SlaEscalation sends, so it is ignored: use one of ticket.owner_changed, sla.at_risk, sla.breached, sla.achieved, escalation.raised, escalation.unacknowledged, escalation.renotified, escalation.acknowledged, escalation.handed_off, escalation.resolved, task.created, task.status_changed, digest.published, a prefix of them (sla.*) or *.",
            ],
            settings.Notifications.IgnoredTypes);
        Assert.Equal(
            [true, true, false],
            [endpoint.Accepts("sla.breached"), endpoint.Accepts("escalation.raised"), endpoint.Accepts("sla.at_risk")]);
    }

    [Fact]
    public void Filters_of_sent_types_their_prefixes_and_star_are_not_ignored()
    {
        var (settings, errors) = Load(
            ("Notifications:Webhooks:0:Name", "ops"),
            ("Notifications:Webhooks:0:Url", "https://hooks.example.com/sla"),
            ("Notifications:Webhooks:0:Secret", Secret),
            ("Notifications:Webhooks:0:Types", "ticket.owner_changed, sla.*, task.*, digest.published, escalation.renotified, *"));

        Assert.Empty(errors);
        Assert.Empty(settings!.Notifications.IgnoredTypes);
    }

    [Fact]
    public void Every_bad_setting_is_named_without_echoing_a_secret_or_a_url()
    {
        var (settings, errors) = Load(
            ("Notifications:Webhooks:0:Name", "Ops Hook"),
            ("Notifications:Webhooks:0:Url", "ftp://user:hunter2@files.example.com/x"),
            ("Notifications:Webhooks:0:Secret", "short-secret-hunter2"),
            ("Notifications:Webhooks:0:Types", "SLA.*"),
            ("Notifications:Webhooks:1:Name", "ok"),
            ("Notifications:Webhooks:1:Url", "https://hooks.example.com/T000/B000/XXXX"),
            ("Notifications:Webhooks:2:Name", "ok"),
            ("Notifications:Webhooks:2:Url", "not a url"),
            ("Notifications:Webhooks:2:Secret", Secret),
            ("Notifications:Retry:MaxAttempts", "0"),
            ("Notifications:Retry:InitialDelaySeconds", "10"),
            ("Notifications:Retry:MaxDelaySeconds", "5"),
            ("Notifications:Retry:SafetyNetSeconds", "1"),
            ("Notifications:AttemptTimeoutSeconds", "60"));

        Assert.Null(settings);
        Assert.Equal(
            [
                "Notifications:Retry:MaxDelaySeconds is shorter than Notifications:Retry:InitialDelaySeconds: the longest wait cannot be shorter than the first.",
                "Notifications:Retry:MaxAttempts '0' must be a whole number from 1 to 100.",
                "Notifications:Retry:SafetyNetSeconds '1' must be a number of seconds from 5 to 3600.",
                "Notifications:Webhooks:0:Name must be 1-40 characters of a-z, 0-9, '-' or '_' (a stable name: deliveries are keyed by it).",
                "Notifications:Webhooks:0:Url is not an absolute http:// or https:// URL without a user name or password.",
                "Notifications:Webhooks:0:Secret must be 24-512 characters without leading or trailing spaces (e.g. 'openssl rand -hex 32').",
                "Notifications:Webhooks:0:Types has 'SLA.*': use exact types (sla.breached), prefixes (escalation.*) or *.",
                "Notifications:Webhooks:1:Secret is missing: set Notifications__Webhooks__1__Secret from your secret store (at least 24 random characters, e.g. 'openssl rand -hex 32').",
                "Notifications:Webhooks:2:Name 'ok' is used by another endpoint: give each its own.",
                "Notifications:Webhooks:2:Url is not an absolute http:// or https:// URL without a user name or password.",
                "Notifications:AttemptTimeoutSeconds '60' must be a number of seconds from 1 to 25.",
            ],
            errors);
        Assert.DoesNotContain(errors, e => e.Contains("hunter2", StringComparison.Ordinal) || e.Contains("XXXX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_without_a_secret_stops_the_silo_with_one_line_and_exit_code_2()
    {
        var environment = SiloProcess.Environment("no-secret", "no-secret", postgres: null);
        environment["Notifications__Webhooks__0__Name"] = "ops";
        environment["Notifications__Webhooks__0__Url"] = "https://hooks.example.com/T000/B000/XXXX";

        await using var silo = SiloProcess.Launch(environment, []);
        var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Equal(
            "error: Notifications:Webhooks:0:Secret is missing: set Notifications__Webhooks__0__Secret from your secret store (at least 24 random characters, e.g. 'openssl rand -hex 32').",
            silo.Output.Trim());
    }

    private static SiloSettingsResult Load(params (string Key, string Value)[] values) =>
        SiloSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
}
