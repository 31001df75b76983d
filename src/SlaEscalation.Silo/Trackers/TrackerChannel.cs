using System.Globalization;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tasks;

namespace SlaEscalation.Silo.Trackers;

/// <summary>
/// The notification channel that carries <see cref="TrackerCommand"/>s to Jira and Linear. The delivery grains give
/// it what they give webhooks: one acceptance per key, durable retries honouring <c>Retry-After</c>, and a failed
/// delivery in the log (and the digest) when the tracker refuses for good. The notifier never routes to it: only
/// tasks hand it commands.
/// </summary>
/// <remarks>
/// Making an issue first asks the tracker for one carrying the task id, so an attempt repeated after its answer was
/// lost (a silo dying before the link was written) finds the issue instead of making a second.
/// </remarks>
public sealed class TrackerChannel(
    IGrainFactory grains, IEnumerable<ITrackerClient> clients, IConfiguration settings, DeliveryRetryPolicy policy, TimeSpan attemptTimeout)
    : INotificationChannel
{
    /// <summary>The setting of the silo's address as trackers' readers reach it, for the links in an issue.</summary>
    public const string LinkBaseSetting = "Trackers:LinkBase";

    /// <summary>The DI name of the trackers' <see cref="HttpClient"/>.</summary>
    public const string HttpClientName = "sla-trackers";

    public string Name => TrackerCommand.Channel;

    public bool Accepts(string type) => false;

    public async Task<DeliveryOutcome> DeliverAsync(Notification notification, int attempt, CancellationToken cancellationToken)
    {
        var command = TrackerCommand.FromNotification(notification);
        var grain = grains.GetGrain<IEngineeringTaskGrain>(command.TaskId);
        if (await grain.GetAsync() is not { } task)
        {
            return DeliveryOutcome.Rejected($"task {command.TaskId} does not exist");
        }

        // One deadline for the attempt's calls together (the search and the make), as a webhook attempt has one.
        DeliveryOutcome outcome;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(attemptTimeout);
        try
        {
            outcome = await AttemptAsync(command, task, grain, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = DeliveryOutcome.Retry(string.Create(CultureInfo.InvariantCulture, $"no answer within {attemptTimeout.TotalSeconds:0.###} s"));
        }

        var final = outcome.Kind == DeliveryOutcomeKind.Rejected || (outcome.Kind == DeliveryOutcomeKind.Retry && attempt >= policy.MaxAttempts);
        if (final && command.Operation == TrackerCommand.Create)
        {
            await grain.ExternalFailedAsync(outcome.Error ?? "failed");
        }

        return outcome;
    }

    private async Task<DeliveryOutcome> AttemptAsync(TrackerCommand command, EngineeringTaskView task, IEngineeringTaskGrain grain, CancellationToken cancellationToken)
    {
        if (clients.FirstOrDefault(c => c.Tracker == command.Tracker) is not { } client)
        {
            return DeliveryOutcome.Rejected($"'{command.Tracker}' is not a tracker this silo speaks to");
        }

        var (connection, problem) = TrackerConnection.Read(settings, command.Connection, command.Tracker);
        if (connection is null)
        {
            return DeliveryOutcome.Rejected(problem!);
        }

        if (command.Operation == TrackerCommand.Comment)
        {
            return task.External switch
            {
                { Status: ExternalIssueStatuses.Linked } issue => (await client.CommentAsync(connection, issue, command.Text ?? "", cancellationToken)).Failure
                    ?? DeliveryOutcome.Delivered,
                { Status: ExternalIssueStatuses.Failed } => DeliveryOutcome.Rejected("the task's issue was never made"),
                _ => DeliveryOutcome.Retry("the task's issue is not made yet"),
            };
        }

        if (task.External is { Status: ExternalIssueStatuses.Linked })
        {
            return DeliveryOutcome.Delivered;
        }

        var found = await client.FindAsync(connection, task, cancellationToken);
        if (found.Failure is { } findFailure)
        {
            return findFailure;
        }

        var link = found.Value;
        if (link is null)
        {
            var linkBase = Uri.TryCreate(settings[LinkBaseSetting], UriKind.Absolute, out var url) ? url : null;
            var created = await client.CreateAsync(connection, command, task, new TaskStory(task, linkBase), cancellationToken);
            if (created.Failure is { } createFailure)
            {
                return createFailure;
            }

            link = created.Value!;
        }

        // Should this write be lost, the next attempt finds the issue by its task id and writes it then.
        await grain.LinkExternalAsync(link);
        return DeliveryOutcome.Delivered;
    }
}
