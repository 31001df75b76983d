using NodaTime;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Simulations;
using SlaEscalation.Domain.Tests.Builders;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Simulations;

/// <summary>
/// Four tickets over the autumn 2026 clock changes (Berlin falls back on 25 October, New York on 1 November), two
/// teams on business calendars, a pause, a reopen and a three-level runbook, under the configuration in force and
/// under a tightened and a loosened candidate (urgent first reply in 30 minutes / in 2 hours, high in 8 hours).
/// </summary>
internal static class SimulationScript
{
    /// <summary>The horizon every case is replayed to: after every event and every runbook step.</summary>
    public static readonly Instant Horizon = TicketHistoryBuilder.At("2026-11-10T00:00:00Z");

    public static readonly SlaConfiguration Current = Configuration("PT1H", "PT4H");

    public static readonly SlaConfiguration Tightened = Configuration("PT30M", "PT4H");

    public static readonly SlaConfiguration Loosened = Configuration("PT2H", "PT8H");

    /// <summary>
    /// The configuration as it changed: in force until Monday 2 November 14:45 UTC, then the loosened one (A's first
    /// reply breached at 14:30 under the first; D was created at 14:00 and replied at 17:00).
    /// </summary>
    public static readonly IReadOnlyList<ConfigurationInForce> Changed =
    [
        new(Instant.MinValue, Current),
        new(TicketHistoryBuilder.At("2026-11-02T14:45:00Z"), Loosened),
    ];

    /// <summary>
    /// What people did, by ticket: C's first-reply level 2 acknowledged at 16:20 UTC on the Friday (before its level
    /// 3 fell due at 17:00), A's resolution escalation resolved by hand at Tuesday 19:00 UTC (before its level 3).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<EscalationIntervention>> Interventions = new Dictionary<string, IReadOnlyList<EscalationIntervention>>
    {
        ["t:a"] = [new("resolution", TicketHistoryBuilder.At("2026-11-03T19:00:00Z"), EscalationInterventionKind.Resolved)],
        ["t:b"] = [],
        ["t:c"] = [new("first_reply", TicketHistoryBuilder.At("2026-10-23T16:20:00Z"), EscalationInterventionKind.Acknowledged)],
        ["t:d"] = [],
    };

    /// <summary>The tickets by key, each with its story.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<TicketEvent>> Histories = new Dictionary<string, IReadOnlyList<TicketEvent>>
    {
        // US, urgent, Friday 16:30 EDT. First reply on Monday 10:00 EST (late); pending Monday 10:00-13:00 EST;
        // solved Tuesday 11:00 EST, reopened 13:00 EST, solved again Wednesday.
        ["t:a"] = new TicketHistoryBuilder()
            .Created("2026-10-30T20:30:00Z", Priority.Urgent)
            .AgentReply("2026-11-02T15:00:00Z")
            .Status("2026-11-02T15:00:00Z", TicketStatus.Pending)
            .Status("2026-11-02T18:00:00Z", TicketStatus.Open)
            .Status("2026-11-03T16:00:00Z", TicketStatus.Solved)
            .Status("2026-11-03T18:00:00Z", TicketStatus.Open)
            .Status("2026-11-04T15:00:00Z", TicketStatus.Solved)
            .Events,

        // EU (lang-de), urgent, Monday 08:30 CET: replied after 40 minutes, solved the same afternoon.
        ["t:b"] = new TicketHistoryBuilder()
            .Created("2026-10-26T07:30:00Z", Priority.Urgent, "lang-de")
            .AgentReply("2026-10-26T08:10:00Z")
            .Status("2026-10-26T14:00:00Z", TicketStatus.Solved)
            .Events,

        // EU (lang-de), urgent, Friday 17:00 CEST: first reply on Monday 09:00 CET; pending Monday 10:00 CET to
        // Tuesday 09:00 CET; solved Tuesday 13:00 CET.
        ["t:c"] = new TicketHistoryBuilder()
            .Created("2026-10-23T15:00:00Z", Priority.Urgent, "lang-de")
            .AgentReply("2026-10-26T08:00:00Z")
            .Status("2026-10-26T09:00:00Z", TicketStatus.Pending)
            .Status("2026-10-27T08:00:00Z", TicketStatus.Open)
            .Status("2026-10-27T12:00:00Z", TicketStatus.Solved)
            .Events,

        // US, high, Monday 09:00 EST: replied at 12:00 EST.
        ["t:d"] = new TicketHistoryBuilder()
            .Created("2026-11-02T14:00:00Z", Priority.High)
            .AgentReply("2026-11-02T17:00:00Z")
            .Events,
    };

    private static SlaConfiguration Configuration(string urgentFirstReply, string highFirstReply) => TestConfigurations.FromYaml($$"""
        calendars:
          ny: { zone: America/New_York, windows: { mon-fri: [["09:00", "17:00"]] } }
          berlin: { zone: Europe/Berlin, windows: { mon-fri: [["08:00", "18:00"]] } }
        teams:
          support-us: { zone: America/New_York, members: [alice, bob], lead: alice, onCall: bob }
          support-eu: { zone: Europe/Berlin, members: [dieter, eva], lead: eva, onCall: dieter }
        policies:
          - id: eu
            when: { tags: { any: [lang-de] } }
            targets:
              urgent:
                first_reply: { target: {{urgentFirstReply}}, calendar: berlin }
                resolution: { target: PT8H, calendar: berlin }
            atRisk: { first_reply: { percent: 50 } }
            runbook: standard
          - id: us
            targets:
              urgent:
                first_reply: { target: {{urgentFirstReply}}, calendar: ny }
                resolution: { target: PT8H, calendar: ny }
              high:
                first_reply: { target: {{highFirstReply}}, calendar: ny }
            atRisk: { first_reply: { percent: 50 } }
            runbook: standard
        routing:
          - { id: german, when: { tags: { any: [lang-de] } }, team: support-eu }
          - { id: rest, team: support-us }
        runbooks:
          standard:
            levels:
              - { trigger: at_risk, owner: assignee, actions: [notify], ackWithin: PT15M }
              - { trigger: breached, owner: "engineering:platform", actions: [notify, create_task], ackWithin: PT30M }
              - { trigger: unacknowledged_for PT1H, owner: team_lead, actions: [notify], ackWithin: PT15M }
        """);
}
