using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Tickets;

/// <summary>One team's agent assignment; the choice itself is the Domain's <see cref="Router.ChooseAgent"/>.</summary>
public sealed class TeamAssignmentGrain(
    [PersistentState("slaTeamAssignment", "Default")] IPersistentState<TeamAssignmentState> state,
    ISlaConfigurationSource configurationSource) : Grain, ITeamAssignmentGrain
{
    public const string KeyPrefix = "team:";

    public async Task<string?> AssignAsync(string ticketKey)
    {
        if (state.State.AgentByTicket.TryGetValue(ticketKey, out var holder))
        {
            return holder;
        }

        var teamId = this.GetPrimaryKeyString()[KeyPrefix.Length..];
        var configuration = (await configurationSource.GetAsync()).Configuration;
        if (!configuration.Teams.TryGetValue(teamId, out var team))
        {
            return null;
        }

        var open = state.State.AgentByTicket.Values
            .GroupBy(agent => agent, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var choice = Router.ChooseAgent(team, open, state.State.Cursor);
        if (choice.Agent is null)
        {
            return null;
        }

        state.State.Cursor = choice.NextCursor;
        state.State.AgentByTicket[ticketKey] = choice.Agent;
        await state.WriteStateAsync();
        return choice.Agent;
    }

    public async Task ReleaseAsync(string ticketKey)
    {
        if (state.State.AgentByTicket.Remove(ticketKey))
        {
            await state.WriteStateAsync();
        }
    }
}
