using NodaTime;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// The rules a configuration must keep as a whole: unique ids, known references, positive durations, windows
/// that do not overlap, policies and rules that can match, runbook levels that can be reached. Paths follow the
/// document schema (docs/configuration.md), so a parsed document's errors point into the document.
/// </summary>
internal static class ConfigurationRules
{
    /// <summary>The longest target accepted; it keeps deadlines inside the calendars' supported range.</summary>
    public static readonly Duration MaxTarget = Duration.FromDays(366);

    public static List<ConfigurationError> Check(
        IReadOnlyList<CalendarDefinition> calendars,
        IReadOnlyList<SlaPolicy> policies,
        IReadOnlyList<RoutingRule> routingRules,
        IReadOnlyList<EscalationRunbook> runbooks,
        IReadOnlyList<TeamDefinition> teams,
        DeclaredIds? declared = null,
        IReadOnlyList<HelpdeskConnection>? connections = null)
    {
        var errors = new List<ConfigurationError>();
        var calendarIds = new HashSet<string>(StringComparer.Ordinal) { CalendarDefinition.AlwaysOpenId };
        foreach (var calendar in calendars)
        {
            var path = $"calendars.{calendar.Id}";
            if (calendar.Id == CalendarDefinition.AlwaysOpenId)
            {
                errors.Add(new(path, "'24x7' is built in and cannot be redefined"));
                continue;
            }

            if (!calendarIds.Add(calendar.Id))
            {
                errors.Add(new(path, $"duplicate calendar id '{calendar.Id}'"));
            }

            CheckCalendar(calendar, path, errors);
        }

        var teamIds = CheckTeams(teams, errors);
        var runbookIds = CheckRunbooks(runbooks, teamIds, errors);
        if (declared is not null)
        {
            // Parts that failed to read are still declared: references to them are not reported as unknown.
            calendarIds.UnionWith(declared.Calendars);
            teamIds.UnionWith(declared.Teams);
            runbookIds.UnionWith(declared.Runbooks);
        }

        CheckPolicies([.. policies.Select((p, i) => ((SlaPolicy?)p, $"policies[{i}]"))], calendarIds, runbookIds, teamIds, errors);
        CheckRoutingRules([.. routingRules.Select((r, i) => ((RoutingRule?)r, $"routing[{i}]"))], teamIds, errors);
        ConnectionRules.Check(connections ?? [], teamIds, errors);
        if (connections is not null)
        {
            TeamSlackRules.CheckConnections(teams, connections, errors);
            TeamTrackerRules.CheckConnections(teams, connections, errors);
        }

        return errors;
    }

    public static void CheckCalendar(CalendarDefinition calendar, string path, List<ConfigurationError> errors)
    {
        CheckId(calendar.Id, path, errors);
        if (calendar.Windows.Count == 0)
        {
            errors.Add(new($"{Prefix(path)}windows", "a calendar needs at least one business window"));
        }

        foreach (var (first, second) in calendar.FindOverlappingWindows())
        {
            errors.Add(new($"{Prefix(path)}windows", $"window {Describe(calendar.Windows[first])} overlaps window {Describe(calendar.Windows[second])}"));
        }
    }

    public static void CheckPolicy(SlaPolicy policy, string path, ISet<string>? calendarIds, ISet<string>? runbookIds, ISet<string>? teamIds, List<ConfigurationError> errors)
    {
        CheckId(policy.Id, $"{Prefix(path)}id", errors);
        CheckCondition(policy.When, $"{Prefix(path)}when", teamIds, errors);
        foreach (var (priority, byMetric) in policy.Targets)
        {
            foreach (var (metric, target) in byMetric)
            {
                var targetPath = $"{Prefix(path)}targets.{priority.ToWire()}.{metric.ToWire()}";
                CheckPositive(target.Target, $"{targetPath}.target", errors);
                if (target.Target > MaxTarget)
                {
                    errors.Add(new($"{targetPath}.target", "a target may be at most P366D"));
                }

                if (calendarIds is not null && !calendarIds.Contains(target.CalendarId))
                {
                    errors.Add(new($"{targetPath}.calendar", $"unknown calendar '{target.CalendarId}'"));
                }
            }
        }

        foreach (var (metric, threshold) in policy.AtRisk)
        {
            var thresholdPath = $"{Prefix(path)}atRisk.{metric.ToWire()}";
            if (threshold.Percent is null && threshold.LeadTime is null)
            {
                errors.Add(new(thresholdPath, "set 'percent', 'leadTime' or both"));
            }

            if (threshold.Percent is < 1 or > 100)
            {
                errors.Add(new($"{thresholdPath}.percent", "must be between 1 and 100"));
            }

            if (threshold.LeadTime is { } lead)
            {
                CheckPositive(lead, $"{thresholdPath}.leadTime", errors);
            }
        }

        foreach (var (metric, statuses) in policy.PauseStatuses)
        {
            if (statuses.Any(s => s is TicketStatus.Solved or TicketStatus.Closed))
            {
                errors.Add(new($"{Prefix(path)}pause.{metric.ToWire()}", "solved and closed always stop the clock; they are not pause statuses"));
            }
        }

        if (policy.RunbookId is { } runbookId && runbookIds is not null && !runbookIds.Contains(runbookId))
        {
            errors.Add(new($"{Prefix(path)}runbook", $"unknown runbook '{runbookId}'"));
        }
    }

    public static void CheckRunbook(EscalationRunbook runbook, string path, ISet<string>? teamIds, List<ConfigurationError> errors)
    {
        CheckId(runbook.Id, path, errors);
        if (runbook.Levels.Count == 0)
        {
            errors.Add(new($"{Prefix(path)}levels", "a runbook needs at least one level"));
        }

        // Each level must be raised strictly later in a metric's life than the one before it: at risk, then
        // breached, then breached for longer; 'unacknowledged_for' counts from the previous level.
        (int Phase, Duration After)? previous = null;
        for (var i = 0; i < runbook.Levels.Count; i++)
        {
            var level = runbook.Levels[i];
            var levelPath = $"{Prefix(path)}levels[{i}]";
            var trigger = level.Trigger;
            if (trigger.Kind is EscalationTriggerKind.BreachedFor or EscalationTriggerKind.UnacknowledgedFor)
            {
                CheckPositive(trigger.After, $"{levelPath}.trigger", errors);
            }

            (int Phase, Duration After) key = trigger.Kind switch
            {
                EscalationTriggerKind.AtRisk => (0, Duration.Zero),
                EscalationTriggerKind.Breached => (1, Duration.Zero),
                EscalationTriggerKind.BreachedFor => (1, trigger.After),
                _ => previous is { } p ? (p.Phase, p.After + trigger.After) : (-1, Duration.Zero),
            };
            if (key.Phase < 0)
            {
                errors.Add(new($"{levelPath}.trigger", "unreachable level: 'unacknowledged_for' needs an earlier level"));
            }
            else if (previous is { } before && (key.Phase < before.Phase || (key.Phase == before.Phase && key.After <= before.After)))
            {
                errors.Add(new($"{levelPath}.trigger", $"unreachable level: '{trigger}' is never later than level {i - 1}"));
            }

            previous = key.Phase < 0 ? previous : key;
            CheckPositive(level.AcknowledgeWithin, $"{levelPath}.ackWithin", errors);
            CheckPositive(level.RepeatEvery, $"{levelPath}.repeatEvery", errors);
            if (level.Repeats < 0)
            {
                errors.Add(new($"{levelPath}.repeats", "must be zero or more"));
            }

            if (level.Actions.Count == 0)
            {
                errors.Add(new($"{levelPath}.actions", "a level needs at least one action"));
            }

            if (level.Owner is { Kind: EscalationOwnerKind.OnCall, Reference: { } team } && teamIds is not null && !teamIds.Contains(team))
            {
                errors.Add(new($"{levelPath}.owner", $"unknown team '{team}'"));
            }

            CheckOwnerReference(level.Owner, $"{levelPath}.owner", errors);
        }
    }

    public static void CheckTeam(TeamDefinition team, string path, List<ConfigurationError> errors)
    {
        CheckId(team.Id, path, errors);
        if (team.Id == TicketOwnership.UnroutedTeam)
        {
            errors.Add(new(path, $"'{TicketOwnership.UnroutedTeam}' is reserved: it is the queue of tickets no routing rule claims"));
        }

        var members = new HashSet<string>(StringComparer.Ordinal);
        CheckAgent(team.Lead, $"{Prefix(path)}lead", errors);
        CheckAgent(team.OnCall, $"{Prefix(path)}onCall", errors);
        for (var i = 0; i < team.Members.Count; i++)
        {
            CheckAgent(team.Members[i], $"{Prefix(path)}members[{i}]", errors);
            if (!members.Add(team.Members[i]))
            {
                errors.Add(new($"{Prefix(path)}members[{i}]", $"duplicate member '{team.Members[i]}'"));
            }
        }

        if (team.DigestHour is < 0 or > 23)
        {
            errors.Add(new($"{Prefix(path)}digestHour", "must be an hour from 0 to 23"));
        }

        CheckPositive(team.UnassignedLimit, $"{Prefix(path)}unassignedLimit", errors);
        TeamSlackRules.CheckTeam(team, path, errors);
    }

    public static void CheckRoutingRule(RoutingRule rule, string path, ISet<string>? teamIds, List<ConfigurationError> errors)
    {
        CheckId(rule.Id, $"{Prefix(path)}id", errors);
        CheckCondition(rule.When, $"{Prefix(path)}when", teamIds, errors);
        if (teamIds is not null && !teamIds.Contains(rule.TeamId))
        {
            errors.Add(new($"{Prefix(path)}team", $"unknown team '{rule.TeamId}'"));
        }
    }

    private static HashSet<string> CheckTeams(IReadOnlyList<TeamDefinition> teams, List<ConfigurationError> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var team in teams)
        {
            if (!ids.Add(team.Id))
            {
                errors.Add(new($"teams.{team.Id}", $"duplicate team id '{team.Id}'"));
            }

            CheckTeam(team, $"teams.{team.Id}", errors);
        }

        return ids;
    }

    private static HashSet<string> CheckRunbooks(IReadOnlyList<EscalationRunbook> runbooks, HashSet<string> teamIds, List<ConfigurationError> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var runbook in runbooks)
        {
            if (!ids.Add(runbook.Id))
            {
                errors.Add(new($"runbooks.{runbook.Id}", $"duplicate runbook id '{runbook.Id}'"));
            }

            CheckRunbook(runbook, $"runbooks.{runbook.Id}", teamIds, errors);
        }

        return ids;
    }

    /// <summary>Checks policies at their document paths; a null entry failed to read and is skipped.</summary>
    public static void CheckPolicies(IReadOnlyList<(SlaPolicy? Value, string Path)> policies, ISet<string> calendarIds, ISet<string> runbookIds, ISet<string> teamIds, List<ConfigurationError> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < policies.Count; i++)
        {
            if (policies[i] is not ({ } policy, var path))
            {
                continue;
            }

            if (!ids.Add(policy.Id))
            {
                errors.Add(new($"{path}.id", $"duplicate policy id '{policy.Id}'"));
            }

            CheckPolicy(policy, path, calendarIds, runbookIds, teamIds, errors);
            CheckShadowing(policies, i, p => p.When, p => p.Id, errors);
        }
    }

    /// <summary>Checks routing rules at their document paths; a null entry failed to read and is skipped.</summary>
    public static void CheckRoutingRules(IReadOnlyList<(RoutingRule? Value, string Path)> rules, ISet<string> teamIds, List<ConfigurationError> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not ({ } rule, var path))
            {
                continue;
            }

            if (!ids.Add(rule.Id))
            {
                errors.Add(new($"{path}.id", $"duplicate routing rule id '{rule.Id}'"));
            }

            CheckRoutingRule(rule, path, teamIds, errors);
            CheckShadowing(rules, i, r => r.When, r => r.Id, errors);
        }
    }

    /// <summary>First match wins, so an entry whose every ticket an earlier entry already takes can never match.</summary>
    private static void CheckShadowing<T>(IReadOnlyList<(T? Value, string Path)> entries, int index, Func<T, TicketCondition> when, Func<T, string> id, List<ConfigurationError> errors)
        where T : class
    {
        var (entry, path) = entries[index];
        for (var j = 0; j < index; j++)
        {
            if (entries[j].Value is { } earlier && when(earlier).Covers(when(entry!)))
            {
                errors.Add(new($"{path}.when", $"can never match: {entries[j].Path} ('{id(earlier)}') comes first and matches every ticket this one would"));
                return;
            }
        }
    }

    private static void CheckCondition(TicketCondition condition, string path, ISet<string>? teamIds, List<ConfigurationError> errors)
    {
        if (condition.WhyNeverMatches() is { } reason)
        {
            errors.Add(new(path, $"can never match: {reason}"));
        }

        if (condition.Teams is { } teams && teamIds is not null)
        {
            for (var i = 0; i < teams.Count; i++)
            {
                if (!teamIds.Contains(teams[i]))
                {
                    errors.Add(new($"{Prefix(path)}team[{i}]", $"unknown team '{teams[i]}'"));
                }
            }
        }
    }

    /// <summary>A path to join a child to; a part validated on its own has the empty path.</summary>
    public static string Prefix(string path) => path.Length == 0 ? "" : path + ".";

    private static void CheckId(string id, string path, List<ConfigurationError> errors)
    {
        if (PartIds.ProblemWith(id) is { } problem)
        {
            errors.Add(new(path, problem));
        }
    }

    /// <summary>
    /// A person the configuration names (a team's people, a connection's agents, a level's <c>user:&lt;id&gt;</c>)
    /// becomes a ticket's agent and an escalation's owner: the id must fit <see cref="StoredLimits.Agent"/>.
    /// </summary>
    public static void CheckAgent(string? agent, string path, List<ConfigurationError> errors, string what = "")
    {
        if (agent is not null && StoredText.ProblemWith(agent, StoredLimits.Agent) is { } problem)
        {
            errors.Add(new(path, what + problem));
        }
    }

    /// <summary>
    /// A level's owner is stored as <c>user:&lt;id&gt;</c> or <c>team:&lt;id&gt;</c>: a user id must fit a ticket's
    /// agent (a level that reassigns makes it one), a team id the team columns.
    /// </summary>
    private static void CheckOwnerReference(EscalationOwner owner, string path, List<ConfigurationError> errors)
    {
        switch (owner)
        {
            case { Kind: EscalationOwnerKind.User, Reference: { } user }:
                CheckAgent(user, path, errors, "the user id ");
                break;
            case { Kind: EscalationOwnerKind.OnCall or EscalationOwnerKind.Engineering, Reference: { } team }
                when StoredText.ProblemWith(team, StoredLimits.Team) is { } problem:
                errors.Add(new(path, "the team id " + problem));
                break;
        }
    }

    private static void CheckPositive(Duration duration, string path, List<ConfigurationError> errors)
    {
        if (duration <= Duration.Zero)
        {
            errors.Add(new(path, "must be a positive duration"));
        }
    }

    private static string Describe(BusinessWindow window) =>
        $"{window.Day.ToString()[..3].ToLowerInvariant()} {window.Start:HH:mm}-{(window.End == LocalTime.Midnight ? "24:00" : window.End.ToString("HH:mm", null))}";
}
