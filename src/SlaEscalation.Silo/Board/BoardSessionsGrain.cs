using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// Remembers the signed-out sessions of one key for as long as a copy of their cookie could still be valid: a
/// session refused since its sign-out cannot slide, so its cookie is dead one <see cref="BoardAuthentication.SessionLifetime"/>
/// after it, and then its record goes. Held durably, so a sign-out on one silo holds on every silo and after a restart.
/// </summary>
public sealed class BoardSessionsGrain(
    [PersistentState("slaBoardSessions", OrleansSiloBuilderExtensions.GrainStorageName)] IPersistentState<BoardSessionsState> state,
    TimeProvider time) : Grain, IBoardSessionsGrain
{
    public Task<bool> IsEndedAsync(string sessionId) =>
        Task.FromResult(state.State.Ended.TryGetValue(sessionId, out var forgetAt) && forgetAt > time.GetUtcNow());

    public async Task EndAsync(string sessionId)
    {
        var now = time.GetUtcNow();
        foreach (var expired in state.State.Ended.Where(e => e.Value <= now).Select(e => e.Key).ToArray())
        {
            state.State.Ended.Remove(expired);
        }

        state.State.Ended[sessionId] = now + BoardAuthentication.SessionLifetime;
        await state.WriteStateAsync();
    }
}
