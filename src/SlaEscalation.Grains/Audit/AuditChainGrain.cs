using SlaEscalation.Contracts.Audit;

namespace SlaEscalation.Grains.Audit;

/// <summary>
/// The single writer of an audit chain that no ticket owns (<see cref="AuditChains"/>): configuration changes,
/// refused events. Calls are handled one at a time, so each entry links to the one before it.
/// </summary>
public sealed class AuditChainGrain(
    [PersistentState(AuditChainGrain.StateName, AuditChainGrain.StorageName)] IPersistentState<AuditChainState> state,
    IAuditTrail trail) : Grain, IAuditChainGrain
{
    /// <summary>The state name; unique across grain classes because the storage row ignores the grain type.</summary>
    public const string StateName = "slaAuditChain";

    /// <summary>The grain storage the silo registers for SLA grains.</summary>
    public const string StorageName = "Default";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var chainKey = this.GetPrimaryKeyString();
        if (!AuditChains.IsSystemChain(chainKey))
        {
            throw new InvalidOperationException($"'{chainKey}' is a ticket's audit chain: only its ticket grain writes it");
        }

        if (!state.RecordExists)
        {
            // A chain whose writer lost its state (a new service id, a cleared row) goes on from what the trail holds
            // instead of forking at sequence 1.
            state.State.Head = await trail.ReadHeadAsync(chainKey, cancellationToken);
        }

        await state.State.FlushAsync(trail, cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<AuditEntry> AppendAsync(AuditFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var head = state.State.Head;
        var entry = state.State.Record(this.GetPrimaryKeyString(), fact);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory must not run ahead of storage: the caller sees the failure and the entry was never made.
            state.State.Pending.Remove(entry);
            state.State.Head = head;
            throw;
        }

        await state.State.FlushAsync(trail);
        return entry;
    }
}
