using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Operations;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains.Tasks;

/// <summary>
/// An engineering task of the internal issue tracker: opened once per ticket and runbook step with the ticket's whole
/// story; its changes (status, assignee, the note sent with them) go into its history and onto the ticket's timeline,
/// its status changes onto the event bus too.
/// </summary>
/// <remarks>
/// A change is saved with a reminder registered first, then indexed and delivered: a saved change is answered as
/// made even when its index row or its notices could not go out then, and the reminder retries them until they do.
/// When the engineering team has its own tracker (Jira, Linear), the task asks it for one issue and a comment per
/// owner change through <see cref="TrackerCommand"/>s, written with the change that asks them, so the ask survives
/// any crash; the tracker's answer comes back through <see cref="LinkExternalAsync"/>.
/// </remarks>
public sealed partial class EngineeringTaskGrain(
    [PersistentState("slaTask", "Default")] IPersistentState<EngineeringTaskState> state,
    IEscalationIndex index,
    ISlaConfigurationSource configuration,
    TimeProvider time,
    INotifier notifier,
    ILogger<EngineeringTaskGrain> logger,
    SlaMetrics metrics) : Grain, IEngineeringTaskGrain, IRemindable
{
    /// <summary>The actor of what the tracker itself records.</summary>
    public const string Actor = "task-tracker";

    /// <summary>The reminder that retries what a saved change still owes (its index row, its notices).</summary>
    public const string FlushReminder = "task-flush";

    /// <summary>
    /// How many owner-change comments wait for the issue at most; beyond, the oldest goes (the newest says who owns
    /// the task now), so a tracker that never makes the issue cannot grow the state without bound.
    /// </summary>
    public const int MaxCommentsAwaitingLink = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.UpgradeOutbox();
        if (!state.State.Outbox.IsEmpty || !state.State.Tracker.IsEmpty)
        {
            await FlushAsync();
        }
    }

    public async Task<EngineeringTaskView> OpenAsync(TaskOpening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        if (state.State.Task is { } existing)
        {
            await TryFlushAsync();
            return existing;
        }

        var now = time.GetUtcNow();
        var ticket = opening.Ticket;
        var task = new EngineeringTaskView(
            this.GetPrimaryKeyString(),
            ticket.Key,
            "/v1/tickets/" + Uri.EscapeDataString(ticket.Key),
            $"{opening.Metric} escalated: {ticket.Subject ?? ticket.Key}",
            TaskStatuses.Open,
            null,
            opening.EngineeringTeam,
            ticket,
            opening.EscalationId,
            opening.EscalationOwner,
            opening.EscalationPath,
            now,
            now,
            []);
        if (await TrackerOfAsync(opening.EngineeringTeam) is { } tracker)
        {
            // The ask is written with the task: whatever dies after this write, the issue is still asked for.
            task = task with { External = new ExternalIssue(TrackerCommand.Wire(tracker.Kind), tracker.Connection!, ExternalIssueStatuses.Pending, null, null, null, null, now) };
            state.State.Tracker.Add(TrackerCommand.CreateFor(task, tracker).ToNotification(task.Id + "/tracker/create", ticket.Key, now, ticket.Owner.Team));
        }

        state.State.Task = task;
        var notice = Notice(task, EscalationNoticeTypes.TaskCreated, task.Id + "/created", now, Actor, task.Status);
        var detail = AuditedNotice.AfterData(new { taskId = task.Id, escalationId = opening.EscalationId, status = task.Status }, notice);
        state.State.Outbox.Facts.Add(new PendingFact(
            task.Id + "/created",
            new AuditFact(now, AuditActorKind.System, Actor, ticket.Key, AuditAction.TaskCreated, null, detail, opening.EscalationId)));
        state.State.Outbox.Notices.Add(new PendingNotice(notice, null));
        await SaveAsync();
        metrics.TaskOpened();
        return task;
    }

    public async Task<EngineeringTaskView?> FollowEscalationAsync(TaskEscalationUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (state.State.Task is not { } task
            || update.EscalationId != task.EscalationId
            || update.EscalationPath.Count <= task.EscalationPath.Count)
        {
            // Another escalation reaching the same step, or an update already taken (or overtaken).
            return state.State.Task;
        }

        var now = time.GetUtcNow();
        state.State.Task = task with { EscalationOwner = update.EscalationOwner, EscalationPath = update.EscalationPath, UpdatedAt = now };
        if (task.External is { Status: not ExternalIssueStatuses.Failed } external)
        {
            // One comment per owner change, keyed by the path's length, so a repeated update asks nothing twice.
            var comment = TrackerCommand.CommentFor(task.Id, external, OwnerComment(update))
                .ToNotification($"{task.Id}/tracker/comment#{update.EscalationPath.Count}", task.TicketKey, now, task.Ticket.Owner.Team);
            if (external.Status == ExternalIssueStatuses.Linked)
            {
                state.State.Tracker.Add(comment);
            }
            else
            {
                AwaitLink(comment);
            }
        }

        await SaveAsync();
        return state.State.Task;
    }

    public Task<EngineeringTaskView?> GetAsync() => Task.FromResult(state.State.Task);

    public Task<EngineeringTaskView?> UpdateAsync(TaskUpdate update, string actor) => ChangeAsync(update, actor, AuditActorKind.User);

    public async Task<bool> TrackerStatusAsync(TaskUpdate update, string actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (state.State.Task is not { } before || state.State.LatestTrackerEventAt >= at)
        {
            return false;
        }

        // Kept even when the status stays: an older event arriving after this one must not apply either.
        state.State.LatestTrackerEventAt = at;
        await ChangeAsync(update, actor, AuditActorKind.Adapter);
        if (ReferenceEquals(state.State.Task, before))
        {
            // Nothing changed, so nothing was saved: the instant alone is.
            await WriteOrGiveWayAsync();
        }

        return true;
    }

    public async Task<EngineeringTaskView?> LinkExternalAsync(ExternalIssueLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (state.State.Task is not { External: { } external } task
            || (external.Status == ExternalIssueStatuses.Linked && external.IssueId == link.IssueId))
        {
            return state.State.Task;
        }

        var now = time.GetUtcNow();
        var linked = external with
        {
            Status = ExternalIssueStatuses.Linked, IssueId = link.IssueId, IssueKey = link.IssueKey, Url = link.Url, Error = null, At = now,
        };
        state.State.Task = task with { External = linked, UpdatedAt = now };

        // The comments that waited for the issue go now, in the order they were asked.
        state.State.Tracker.AddRange(state.State.CommentsAwaitingLink);
        state.State.CommentsAwaitingLink.Clear();
        var after = JsonSerializer.Serialize(new { taskId = task.Id, tracker = linked.Tracker, issueKey = link.IssueKey, url = link.Url }, Json);
        state.State.Outbox.Facts.Add(new PendingFact(
            task.Id + "/linked",
            new AuditFact(now, AuditActorKind.Adapter, "adapter:" + linked.Connection, task.TicketKey, AuditAction.TaskLinked, null, after, task.Id)));
        await SaveAsync();
        return state.State.Task;
    }

    public async Task<EngineeringTaskView?> ExternalFailedAsync(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (state.State.Task is not { External: { Status: ExternalIssueStatuses.Pending } external } task)
        {
            return state.State.Task;
        }

        var now = time.GetUtcNow();
        state.State.Task = task with { External = external with { Status = ExternalIssueStatuses.Failed, Error = error, At = now }, UpdatedAt = now };

        // No issue, nothing to comment on: the failure itself is recorded as the create's failed delivery.
        if (state.State.CommentsAwaitingLink.Count > 0)
        {
            LogCommentsDropped(logger, task.Id, state.State.CommentsAwaitingLink.Count, "its issue was never made");
            state.State.CommentsAwaitingLink.Clear();
        }

        await SaveAsync();
        return state.State.Task;
    }

    private async Task<EngineeringTaskView?> ChangeAsync(TaskUpdate update, string actor, AuditActorKind actorKind)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (state.State.Task is not { } task)
        {
            return null;
        }

        var status = update.Status is { } to && to != task.Status ? to : null;
        var assignee = update.Assignee is { } taker && taker != task.Assignee ? taker : null;
        if (status is null && assignee is null)
        {
            return task;
        }

        // One history entry per accepted change, its note with it; the audit has an entry per thing that changed.
        var now = time.GetUtcNow();
        var entry = new TaskHistoryEntry(now, task.Status, status ?? task.Status, update.By, update.Note, assignee is null ? null : task.Assignee, assignee);
        var changed = task with { Status = entry.To, Assignee = assignee ?? task.Assignee, UpdatedAt = now, History = [.. task.History, entry] };
        var sequence = changed.History.Count;
        AuditFact Fact(AuditAction action, string before, string after) =>
            new(now, actorKind, actor, task.TicketKey, action, before, after, task.Id, AuditFact.OnBehalfOfFor(update.By, actor));

        if (status is not null)
        {
            var notice = Notice(changed, EscalationNoticeTypes.TaskStatusChanged, $"{task.Id}/status#{sequence}", now, update.By, status);
            state.State.Outbox.Facts.Add(new PendingFact(
                $"{task.Id}/status#{sequence}",
                Fact(
                    AuditAction.TaskStatusChanged,
                    $"{{\"taskId\":\"{task.Id}\",\"status\":\"{task.Status}\"}}",
                    AuditedNotice.AfterData(new { taskId = task.Id, status, note = update.Note }, notice))));
            state.State.Outbox.Notices.Add(new PendingNotice(notice, null));
        }

        if (assignee is not null)
        {
            state.State.Outbox.Facts.Add(new PendingFact(
                $"{task.Id}/assignee#{sequence}",
                Fact(
                    AuditAction.TaskAssigned,
                    JsonSerializer.Serialize(new { taskId = task.Id, assignee = task.Assignee }, Json),
                    JsonSerializer.Serialize(new { taskId = task.Id, assignee, note = update.Note }, Json))));
        }

        state.State.Task = changed;
        await SaveAsync();
        metrics.TaskStatusChanged(task.Status, changed.Status);
        return changed;
    }

    /// <summary>Holds a comment until the issue is linked, keeping only the newest <see cref="MaxCommentsAwaitingLink"/>.</summary>
    private void AwaitLink(Notification comment)
    {
        var waiting = state.State.CommentsAwaitingLink;
        if (waiting.Any(c => c.DeliveryKey == comment.DeliveryKey))
        {
            return;
        }

        waiting.Add(comment);
        if (waiting.Count > MaxCommentsAwaitingLink)
        {
            LogCommentsDropped(logger, this.GetPrimaryKeyString(), waiting.Count - MaxCommentsAwaitingLink, "more owner changes wait for the issue than are kept");
            waiting.RemoveRange(0, waiting.Count - MaxCommentsAwaitingLink);
        }
    }

    /// <summary>Writes state alone (no index row or notices owed); a failed write takes the activation with it.</summary>
    private async Task WriteOrGiveWayAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>The tracker the task's engineering team names, when it is one outside (Jira, Linear).</summary>
    private async Task<TeamTracker?> TrackerOfAsync(string? team) =>
        team is not null
        && (await configuration.GetAsync()).Configuration.Teams.TryGetValue(team, out var definition)
        && definition.Tracker is { Kind: not TrackerKind.Internal } tracker
            ? tracker
            : null;

    /// <summary>What the issue is told when the escalation's owner changes: who owns it now, and the step that made it so.</summary>
    private static string OwnerComment(TaskEscalationUpdate update)
    {
        var step = update.EscalationPath[^1];
        var how = step.Step.Replace('_', ' ');
        var detail = string.IsNullOrWhiteSpace(step.Detail) ? "" : $": {step.Detail}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Escalation owner is now {update.EscalationOwner} ({how} at level {step.Level} by {step.Actor}, {step.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC{detail}).");
    }

    private static EscalationNotice Notice(EngineeringTaskView task, string type, string id, DateTimeOffset at, string actor, string detail) =>
        new(
            id,
            type,
            task.TicketKey,
            task.EscalationId,
            task.Ticket.Owner.Team,
            null,
            0,
            task.EscalationOwner,
            at,
            actor,
            detail,
            task.Id,
            task.Ticket.Priority);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == FlushReminder ? TryFlushAsync() : Task.CompletedTask;

    /// <summary>
    /// Saves the change made in state, with the retry reminder registered first, so nothing saved can be left unindexed
    /// or undelivered with nothing to retry it; then indexes and delivers it. A failure to save is the caller's, and
    /// this activation, which holds the unsaved change, gives way to one that reloads the stored state.
    /// </summary>
    private async Task SaveAsync()
    {
        try
        {
            await this.RegisterOrUpdateReminder(FlushReminder, ReminderCadence.Period, ReminderCadence.Period);
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            DeactivateOnIdle();
            throw;
        }

        await TryFlushAsync();
    }

    /// <summary>Indexes and delivers; once all is out the reminder goes, else it stays to try again.</summary>
    private async Task TryFlushAsync()
    {
        try
        {
            await FlushAsync();
            await this.UnregisterReminderAsync(FlushReminder);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFlushDeferred(logger, ex, this.GetPrimaryKeyString());
        }
    }

    /// <summary>Indexes the task and delivers what it owes; what fails stays in state for the next try.</summary>
    private async Task FlushAsync()
    {
        if (state.State.Task is { } task)
        {
            await index.UpsertTaskAsync(task);
        }

        if (state.State.Outbox.IsEmpty && state.State.Tracker.IsEmpty)
        {
            return;
        }

        await state.State.Outbox.DeliverAsync(GrainFactory, this.GetStreamProvider(EventBus.ProviderName), notifier);

        // Each delivery grain takes its key once, so a command handed over again after a crash is dropped there.
        await state.State.Tracker.DeliverAsync(command => GrainFactory
            .GetGrain<INotificationDeliveryGrain>(NotificationDeliveryKey.Of(TrackerCommand.Channel, command.DeliveryKey))
            .AcceptAsync(command));
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}: {Count} owner-change comment(s) waiting for the issue dropped: {Reason}")]
    private static partial void LogCommentsDropped(ILogger logger, string task, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}: its index row or notices could not go out yet; its reminder tries again")]
    private static partial void LogFlushDeferred(ILogger logger, Exception exception, string task);
}
