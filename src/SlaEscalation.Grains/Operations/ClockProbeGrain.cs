using SlaEscalation.Contracts.Operations;

namespace SlaEscalation.Grains.Operations;

/// <summary>
/// Arms one reminder and records its delivery. It deliberately does not reconcile on activation:
/// the probe exists to measure the reminder service itself, including its takeover after a silo dies.
/// </summary>
public sealed class ClockProbeGrain(
    [PersistentState("slaClockProbe")] IPersistentState<ClockProbeState> state,
    TimeProvider time,
    ILocalSiloDetails silo,
    ReminderRing ring,
    ISiloStatusOracle oracle) : Grain, IClockProbeGrain, IRemindable
{
    private const string ReminderName = "clock-probe";

    public async Task<ClockProbeStatus> ArmAsync(DateTimeOffset dueAt)
    {
        var now = time.GetUtcNow();
        var dueTime = ReminderCadence.DueTimeUntil(dueAt, now);
        state.State.DueAt = now + dueTime;
        state.State.FiredAt = null;
        state.State.FiredOnSilo = null;
        state.State.Ticks = 0;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ReminderName, dueTime, ReminderCadence.Period);
        return Status();
    }

    public Task<ClockProbeStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        state.State.Ticks++;
        if (state.State.FiredAt is null)
        {
            state.State.FiredAt = time.GetUtcNow();
            state.State.FiredOnSilo = silo.Name;
        }

        // Recorded before the reminder goes: a crash in between yields a second tick, which Ticks shows.
        await state.WriteStateAsync();
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private ClockProbeStatus Status()
    {
        var owner = ring.OwnerOf(this.GetGrainId());
        var ownerName = owner is null ? null : oracle.TryGetSiloName(owner, out var name) ? name : owner.ToString();
        return new ClockProbeStatus(
            this.GetPrimaryKeyString(),
            state.State.DueAt,
            state.State.FiredAt,
            state.State.FiredOnSilo,
            ownerName,
            state.State.Ticks);
    }
}
