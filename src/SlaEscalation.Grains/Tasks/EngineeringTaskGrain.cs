using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Operations;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains.Tasks;

/// <summary>
/// An engineering task of the internal issue tracker: opened once per ticket and runbook step with the ticket's whole
/// story; its status changes go onto the ticket's timeline and the event bus.
/// </summary>
/// <remarks>
/// A change is saved with a reminder registered first, then indexed and delivered: a saved change is answered as
/// made even when its index row or its notices could not go out then, and the reminder retries them until they do.
/// </remarks>
public sealed partial class EngineeringTaskGrain(
    [PersistentState("slaTask", "Default")] IPersistentState<EngineeringTaskState> state,
    IEscalationIndex index,
    TimeProvider time,
    INotifier notifier,
    ILogger<EngineeringTaskGrain> logger,
    SlaMetrics metrics) : Grain, IEngineeringTaskGrain, IRemindable
{
    /// <summary>The actor of what the tracker itself records.</summary>
    public const string Actor = "task-tracker";

    /// <summary>The reminder that retries what a saved change still owes (its index row, its notices).</summary>
    public const string FlushReminder = "task-flush";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.UpgradeOutbox();
        if (!state.State.Outbox.IsEmpty)
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

        state.State.Task = task with { EscalationOwner = update.EscalationOwner, EscalationPath = update.EscalationPath, UpdatedAt = time.GetUtcNow() };
        await SaveAsync();
        return state.State.Task;
    }

    public Task<EngineeringTaskView?> GetAsync() => Task.FromResult(state.State.Task);

    public async Task<EngineeringTaskView?> UpdateAsync(TaskUpdate update, string actor)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (state.State.Task is not { } task)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var changed = task;
        if (update.Assignee is not null && update.Assignee != task.Assignee)
        {
            changed = changed with { Assignee = update.Assignee, UpdatedAt = now };
        }

        if (update.Status is { } status && status != task.Status)
        {
            var change = new TaskStatusChange(now, task.Status, status, update.By, update.Note);
            changed = changed with { Status = status, UpdatedAt = now, History = [.. task.History, change] };
            var sequence = changed.History.Count;
            var notice = Notice(changed, EscalationNoticeTypes.TaskStatusChanged, $"{task.Id}/status#{sequence}", now, update.By, status);
            state.State.Outbox.Facts.Add(new PendingFact(
                $"{task.Id}/status#{sequence}",
                new AuditFact(
                    now,
                    AuditActorKind.User,
                    actor,
                    task.TicketKey,
                    AuditAction.TaskStatusChanged,
                    $"{{\"taskId\":\"{task.Id}\",\"status\":\"{task.Status}\"}}",
                    AuditedNotice.AfterData(new { taskId = task.Id, status, note = update.Note }, notice),
                    task.Id,
                    AuditFact.OnBehalfOfFor(update.By, actor))));
            state.State.Outbox.Notices.Add(new PendingNotice(notice, null));
        }

        if (changed == task)
        {
            return task;
        }

        state.State.Task = changed;
        await SaveAsync();
        metrics.TaskStatusChanged(task.Status, changed.Status);
        return changed;
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

        if (state.State.Outbox.IsEmpty)
        {
            return;
        }

        await state.State.Outbox.DeliverAsync(GrainFactory, this.GetStreamProvider(EventBus.ProviderName), notifier);
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}: its index row or notices could not go out yet; its reminder tries again")]
    private static partial void LogFlushDeferred(ILogger logger, Exception exception, string task);
}
