using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Grains.Tests.Escalations;

/// <summary>
/// An escalation's turn waits for its notices to be accepted, and Slack's delivery of a notice reads the escalation to
/// render the message. A read that queued behind the turn would close a cycle (a notice re-sent while its delivery is
/// mid-attempt) broken only by the call timeout. Here the turn is held by a notifier that accepts only when told.
/// </summary>
public sealed class EscalationReadsDuringDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static readonly (ConfigurationPartKind Kind, string? Id, string Body)[] Configuration =
    [
        (ConfigurationPartKind.Team, "support", """
            { "members": ["agent-1"], "lead": "lead-1", "zone": "UTC", "digestHour": 8,
              "unassignedLimit": "PT30M", "assignment": "round_robin" }
            """),
        (ConfigurationPartKind.Runbook, "held", """
            { "levels": [ { "trigger": "at_risk", "owner": "team_lead", "actions": ["notify"], "ackWithin": "PT15M" } ] }
            """),
        (ConfigurationPartKind.Policies, null, """
            [ { "id": "held", "runbook": "held",
                "targets": { "high": { "first_reply": { "target": "PT4H", "calendar": "24x7" } } },
                "atRisk": { "first_reply": { "percent": 50 } } } ]
            """),
    ];

    private readonly HeldNotifier notifier = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseMemoryServicesOn(TimeProvider.System);
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.Services.AddSingleton<ITicketIndex, InMemoryTicketIndex>();
            silo.Services.AddSingleton(RetentionPolicy.Default);
            silo.Services.AddSingleton<IAuditTrail, InMemoryAuditTrail>();
            silo.Services.AddSlaConfiguration();
            silo.Services.AddSlaEscalations();
            silo.Services.AddSingleton<IEscalationIndex, InMemoryEscalationIndex>();
            silo.Services.AddSingleton<INotifier>(notifier);
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
        await ConfigurationParts.ReplaceAsync(cluster.Client, Configuration);
    }

    public async Task DisposeAsync()
    {
        notifier.Release();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_read_answers_while_the_escalation_waits_for_its_notice_to_be_accepted()
    {
        var key = "held:" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var ticket = cluster.Client.GetGrain<ITicketGrain>(key);
        await ticket.ApplyAsync([new("test", "created", TicketEventTypes.Created, now, new TicketFields(
            Subject: "Checkout fails", Requester: "pat@acme.example", Priority: "high", Team: "support"))]);
        var metric = (await ticket.GetAsync())!.Metrics.Single(m => m.Metric == "first_reply");
        var escalation = cluster.Client.GetGrain<IEscalationGrain>(EscalationIds.Of(key, "first_reply", "held"));
        var atRisk = new SlaTransition(
            "held-at-risk", SlaTransitionTypes.AtRisk, key, "first_reply", metric.InstanceId, now, now,
            new TicketOwner("support", "agent-1"), Priority: "high", TicketCreatedAt: now, PolicyId: "held");

        // The at-risk step raises level 1 and hands its notice to the notifier, which holds the turn.
        var observing = escalation.ObserveAsync(new EscalationSubject(key, "first_reply", metric.InstanceId, "held"), atRisk);
        var notice = await notifier.Entered.WaitAsync(Bound);
        Assert.Equal((key, "support"), (notice.Subject, notice.Team));

        var view = await escalation.GetAsync().WaitAsync(Bound);
        Assert.False(observing.IsCompleted, "the escalation's turn should still be waiting for its notice to be accepted");
        Assert.Equal((1, "user:lead-1"), (view!.Level, view.Owner));

        notifier.Release();
        await observing.WaitAsync(Bound);
        Assert.Equal(1, (await escalation.GetAsync())!.Level);
    }

    /// <summary>A notifier whose escalation notices are accepted only after <see cref="Release"/>.</summary>
    private sealed class HeldNotifier : INotifier
    {
        private readonly TaskCompletionSource<Notification> entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes with the first escalation notice handed over.</summary>
        public Task<Notification> Entered => entered.Task;

        public void Release() => released.TrySetResult();

        public async Task SendAsync(Notification notification, CancellationToken cancellationToken = default)
        {
            if (!notification.Type.StartsWith("escalation.", StringComparison.Ordinal))
            {
                // The ticket's own transitions (its owner at creation) go through.
                return;
            }

            entered.TrySetResult(notification);
            await released.Task.WaitAsync(cancellationToken);
        }
    }
}
