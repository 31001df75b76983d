using Microsoft.Extensions.Logging;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Domain.Tickets;
using SlaEscalation.Grains.Configuration;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// Asks each team's digest to publish itself at the team's digest hour in its zone. One durable reminder is due at
/// the next digest hour of any team (at most an hour ahead, so a team added or moved to an earlier hour is seen
/// within the hour); its period only matters when a tick fails or is missed. Every tick requests each digest that
/// came due since the last one requested for its team (at most <see cref="CatchUpDays"/> back, after an outage),
/// so a tick twice or late never skips a day or asks twice to any effect.
/// </summary>
public sealed partial class DigestScheduleGrain(
    [PersistentState("slaDigestSchedule", "Default")] IPersistentState<DigestScheduleState> state,
    ISlaConfigurationSource configurationSource,
    TimeProvider time,
    ILogger<DigestScheduleGrain> logger) : Grain, IDigestScheduleGrain, IRemindable
{
    /// <summary>The schedule's reminder.</summary>
    public const string Reminder = "digest-schedule";

    /// <summary>How many past days a schedule that was down catches up on per team.</summary>
    public const int CatchUpDays = 7;

    /// <summary>The reminder's period: the retry cadence of a failed tick.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <summary>The longest the schedule waits between ticks.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    public Task StartAsync() => TickAsync();

    public Task<IReadOnlyDictionary<string, string>> GetRequestedAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(state.State.Requested, StringComparer.Ordinal));

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Reminder ? TickAsync() : Task.CompletedTask;

    private async Task TickAsync()
    {
        var now = time.GetUtcNow();
        var configuration = (await configurationSource.GetAsync()).Configuration;
        var teams = configuration.Teams.Keys.Append(TicketOwnership.UnroutedTeam).Distinct(StringComparer.Ordinal)
            .Select(id => DigestTeam.Of(configuration, id))
            .ToArray();
        var changed = false;
        foreach (var team in teams)
        {
            var latest = team.LatestDue(now);
            var first = state.State.Requested.TryGetValue(team.Id, out var requested) && DigestDay.ParseDate(requested) is { } last
                ? last.PlusDays(1)
                : latest;
            if (first < latest.PlusDays(1 - CatchUpDays))
            {
                first = latest.PlusDays(1 - CatchUpDays);
            }

            for (var date = first; date <= latest; date = date.PlusDays(1))
            {
                await GrainFactory.GetGrain<IDigestAggregatorGrain>(team.Day(date).Key).RequestPublicationAsync();
                state.State.Requested[team.Id] = DigestDay.Format(date);
                changed = true;
                LogRequested(logger, team.Day(date).Key);
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }

        var next = teams.Select(t => t.Day(t.LatestDue(now).PlusDays(1)).PublishAt).Append(now + LongestWait).Min();
        await this.RegisterOrUpdateReminder(Reminder, ReminderCadence.DueTimeUntil(next, time.GetUtcNow()), Period);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest {Digest} is due: publication requested")]
    private static partial void LogRequested(ILogger logger, string digest);
}
