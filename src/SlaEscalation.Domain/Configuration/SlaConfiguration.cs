using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Routing;
using SlaEscalation.Domain.Runbooks;

namespace SlaEscalation.Domain.Configuration;

/// <summary>
/// A complete, validated configuration: calendars (with the built-in <c>24x7</c>), the ordered policies and
/// routing rules, runbooks, teams and helpdesk connections. Immutable; the <c>With*</c> methods return a re-validated copy with one part
/// replaced, so cross-references (a policy's calendar, a rule's team) are checked on every change.
/// </summary>
public sealed class SlaConfiguration
{
    private SlaConfiguration(
        IReadOnlyDictionary<string, BusinessCalendar> calendars,
        IReadOnlyList<SlaPolicy> policies,
        IReadOnlyList<RoutingRule> routingRules,
        IReadOnlyDictionary<string, EscalationRunbook> runbooks,
        IReadOnlyDictionary<string, TeamDefinition> teams,
        IReadOnlyDictionary<string, HelpdeskConnection> connections)
    {
        Calendars = calendars;
        Policies = policies;
        RoutingRules = routingRules;
        Runbooks = runbooks;
        Teams = teams;
        Connections = connections;
    }

    /// <summary>No policies, rules, runbooks or teams; only the <c>24x7</c> calendar.</summary>
    public static SlaConfiguration Empty { get; } = new(
        new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal) { [CalendarDefinition.AlwaysOpenId] = BusinessCalendar.AlwaysOpen },
        [],
        [],
        new Dictionary<string, EscalationRunbook>(StringComparer.Ordinal),
        new Dictionary<string, TeamDefinition>(StringComparer.Ordinal),
        new Dictionary<string, HelpdeskConnection>(StringComparer.Ordinal));

    /// <summary>Calendars by id, <c>24x7</c> included.</summary>
    public IReadOnlyDictionary<string, BusinessCalendar> Calendars { get; }

    /// <summary>Policies in order; the first that matches a ticket applies.</summary>
    public IReadOnlyList<SlaPolicy> Policies { get; }

    /// <summary>Routing rules in order; the first that matches a ticket applies.</summary>
    public IReadOnlyList<RoutingRule> RoutingRules { get; }

    public IReadOnlyDictionary<string, EscalationRunbook> Runbooks { get; }

    public IReadOnlyDictionary<string, TeamDefinition> Teams { get; }

    /// <summary>Helpdesk connections by id: how each vendor's webhooks map to ticket events.</summary>
    public IReadOnlyDictionary<string, HelpdeskConnection> Connections { get; }

    /// <summary>Validates the parts together and builds the configuration, or returns every error.</summary>
    public static ConfigurationResult<SlaConfiguration> Create(
        IEnumerable<CalendarDefinition> calendars,
        IReadOnlyList<SlaPolicy> policies,
        IReadOnlyList<RoutingRule> routingRules,
        IEnumerable<EscalationRunbook> runbooks,
        IEnumerable<TeamDefinition> teams,
        IEnumerable<HelpdeskConnection>? connections = null)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(runbooks);
        ArgumentNullException.ThrowIfNull(teams);
        return Build(
            [.. calendars.Select(BusinessCalendar.Create)],
            policies,
            routingRules,
            [.. runbooks],
            [.. teams],
            [.. connections ?? []]);
    }

    /// <summary>The first policy whose condition matches the ticket; null when none does.</summary>
    public SlaPolicy? PolicyFor(Tickets.TicketSnapshot ticket)
    {
        foreach (var policy in Policies)
        {
            if (policy.When.Matches(ticket))
            {
                return policy;
            }
        }

        return null;
    }

    /// <summary>Adds or replaces one calendar (PUT /v1/calendars/{id}).</summary>
    public ConfigurationResult<SlaConfiguration> WithCalendar(CalendarDefinition calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var calendars = Calendars.Values.Where(c => c.Id != calendar.Id && c.Id != CalendarDefinition.AlwaysOpenId).ToList();
        calendars.Add(BusinessCalendar.Create(calendar));
        return Build(calendars, Policies, RoutingRules, [.. Runbooks.Values], [.. Teams.Values], [.. Connections.Values]);
    }

    /// <summary>Replaces the whole ordered policy set (PUT /v1/policies).</summary>
    public ConfigurationResult<SlaConfiguration> WithPolicies(IReadOnlyList<SlaPolicy> policies) =>
        Build(UserCalendars(), policies, RoutingRules, [.. Runbooks.Values], [.. Teams.Values], [.. Connections.Values]);

    /// <summary>Replaces the ordered routing rules (PUT /v1/routing).</summary>
    public ConfigurationResult<SlaConfiguration> WithRoutingRules(IReadOnlyList<RoutingRule> routingRules) =>
        Build(UserCalendars(), Policies, routingRules, [.. Runbooks.Values], [.. Teams.Values], [.. Connections.Values]);

    /// <summary>Adds or replaces one runbook (PUT /v1/runbooks/{id}).</summary>
    public ConfigurationResult<SlaConfiguration> WithRunbook(EscalationRunbook runbook)
    {
        ArgumentNullException.ThrowIfNull(runbook);
        return Build(UserCalendars(), Policies, RoutingRules, [.. Runbooks.Values.Where(r => r.Id != runbook.Id), runbook], [.. Teams.Values], [.. Connections.Values]);
    }

    /// <summary>Adds or replaces one team (PUT /v1/teams/{id}).</summary>
    public ConfigurationResult<SlaConfiguration> WithTeam(TeamDefinition team)
    {
        ArgumentNullException.ThrowIfNull(team);
        return Build(UserCalendars(), Policies, RoutingRules, [.. Runbooks.Values], [.. Teams.Values.Where(t => t.Id != team.Id), team], [.. Connections.Values]);
    }

    /// <summary>Adds or replaces one helpdesk connection (PUT /v1/connections/{id}).</summary>
    public ConfigurationResult<SlaConfiguration> WithConnection(HelpdeskConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Build(UserCalendars(), Policies, RoutingRules, [.. Runbooks.Values], [.. Teams.Values], [.. Connections.Values.Where(c => c.Id != connection.Id), connection]);
    }

    private List<BusinessCalendar> UserCalendars() =>
        [.. Calendars.Values.Where(c => c.Id != CalendarDefinition.AlwaysOpenId)];

    private static ConfigurationResult<SlaConfiguration> Build(
        IReadOnlyList<BusinessCalendar> calendars,
        IReadOnlyList<SlaPolicy> policies,
        IReadOnlyList<RoutingRule> routingRules,
        IReadOnlyList<EscalationRunbook> runbooks,
        IReadOnlyList<TeamDefinition> teams,
        IReadOnlyList<HelpdeskConnection> connections)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(routingRules);
        var errors = ConfigurationRules.Check([.. calendars.Select(c => c.Definition)], policies, routingRules, runbooks, teams, connections: connections);
        if (errors.Count > 0)
        {
            return ConfigurationResult<SlaConfiguration>.Failure(errors);
        }

        // Unchanged calendars keep their instance, and with it the week cache they have already filled.
        var calendarsById = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal) { [CalendarDefinition.AlwaysOpenId] = BusinessCalendar.AlwaysOpen };
        foreach (var calendar in calendars)
        {
            calendarsById[calendar.Id] = calendar;
        }

        return ConfigurationResult<SlaConfiguration>.Success(new SlaConfiguration(
            calendarsById,
            [.. policies],
            [.. routingRules],
            runbooks.ToDictionary(r => r.Id, StringComparer.Ordinal),
            teams.ToDictionary(t => t.Id, StringComparer.Ordinal),
            connections.ToDictionary(c => c.Id, StringComparer.Ordinal)));
    }
}
