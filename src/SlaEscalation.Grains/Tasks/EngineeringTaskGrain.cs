using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Escalations;

namespace SlaEscalation.Grains.Tasks;

/// <summary>
/// An engineering task of the internal issue tracker: opened once per ticket and runbook step with the ticket's whole
/// story; its status changes go onto the ticket's timeline and the event bus.
/// </summary>
public sealed class EngineeringTaskGrain(
    [PersistentState("slaTask", "Default")] IPersistentState<EngineeringTaskState> state,
    IEscalationIndex index,
    TimeProvider time,
    IServiceProvider services) : Grain, IEngineeringTaskGrain
{
    /// <summary>The actor of what the tracker itself records.</summary>
    public const string Actor = "task-tracker";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
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
            await FlushAsync();
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
        state.State.Outbox.Notices.Add(notice);
        await state.WriteStateAsync();
        await FlushAsync();
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
        await state.WriteStateAsync();
        await FlushAsync();
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
                    update.By,
                    task.TicketKey,
                    AuditAction.TaskStatusChanged,
                    $"{{\"taskId\":\"{task.Id}\",\"status\":\"{task.Status}\"}}",
                    AuditedNotice.AfterData(new { taskId = task.Id, status, note = update.Note }, notice),
                    task.Id)));
            state.State.Outbox.Notices.Add(notice);
        }

        if (changed == task)
        {
            return task;
        }

        state.State.Task = changed;
        await state.WriteStateAsync();
        await FlushAsync();
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

    /// <summary>Indexes the task and delivers what it owes; what fails stays in state for the next call or activation.</summary>
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

        await state.State.Outbox.FlushAsync(GrainFactory, this.GetStreamProvider(EventBus.ProviderName), services);
        await state.WriteStateAsync();
    }
}
