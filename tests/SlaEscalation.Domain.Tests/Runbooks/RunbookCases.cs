using System.Globalization;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Domain.Tests.Builders;

namespace SlaEscalation.Domain.Tests.Runbooks;

/// <summary>
/// Runbooks written as admins write them, on one day (2 March 2026, UTC) told by the clock time alone, and steps
/// written as one line a reader checks by hand: <c>10:15 ack_timed_out L1 user:ana (not acknowledged within PT15M)</c>.
/// </summary>
internal static class RunbookCases
{
    /// <summary>support: lead lea, on call sam; platform: on call omar; noc: nobody named.</summary>
    public static readonly SlaConfiguration Teams = TestConfigurations.FromYaml(TeamsYaml);

    /// <summary>The ticket the cases escalate: in support's queue, assigned to ana.</summary>
    public static readonly RunbookTicket Ticket = new(new TicketAssignment("support", "ana"), false, null, false);

    private const string TeamsYaml = """
        teams:
          support: { zone: UTC, members: [ana, lea, sam], lead: lea, onCall: sam }
          platform: { zone: UTC, members: [omar], onCall: omar }
          noc: { zone: UTC, members: [nils] }
        """;

    /// <summary>A runbook of <paramref name="levels"/>, one YAML flow mapping per line.</summary>
    public static EscalationRunbook Runbook(params string[] levels)
    {
        var yaml = TeamsYaml + "\nrunbooks:\n  r:\n    levels:\n" + string.Concat(levels.Select(level => $"      - {{ {level} }}\n"));
        return TestConfigurations.FromYaml(yaml).Runbooks["r"];
    }

    /// <summary>A clock time of the cases' day, e.g. <c>10:15</c>.</summary>
    public static DateTimeOffset At(string time) =>
        new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero) + TimeSpan.ParseExact(time, @"hh\:mm", CultureInfo.InvariantCulture);

    public static DateTimeOffset? AtOrNull(string? time) => time is null ? null : At(time);

    /// <summary>An escalation whose metric went at risk at <paramref name="atRisk"/> and breached at <paramref name="breached"/>.</summary>
    public static EscalationProgress Metric(string? atRisk, string? breached = null)
    {
        var progress = EscalationProgress.None;
        progress = atRisk is null ? progress : progress.AtRisk(At(atRisk));
        return breached is null ? progress : progress.Breached(At(breached));
    }

    public static RunbookDecision Step(EscalationProgress progress, EscalationRunbook runbook, string now, RunbookTicket? ticket = null) =>
        RunbookProgress.Step(progress, runbook, Teams.Teams, ticket ?? Ticket, At(now));

    /// <summary>
    /// Runs the runbook as the escalation's reminder does: a step at <paramref name="from"/>, then one at each instant
    /// the last one said is due, until <paramref name="until"/>. Returns the steps taken and where it stands.
    /// </summary>
    public static (List<RunbookStep> Steps, EscalationProgress Progress) Follow(EscalationProgress progress, EscalationRunbook runbook, string from, string until)
    {
        var steps = new List<RunbookStep>();
        for (DateTimeOffset? now = At(from); now is { } at && at <= At(until);)
        {
            var decision = RunbookProgress.Step(progress, runbook, Teams.Teams, Ticket, at);
            steps.AddRange(decision.Steps);
            progress = decision.Progress;
            now = decision.NextDue;
        }

        return (steps, progress);
    }

    /// <summary>A step as one line: time, name, level, owner and the detail in parentheses.</summary>
    public static string Line(RunbookStep step) =>
        $"{step.At:HH:mm} {step.Name} L{step.Level} {step.Owner}" + (step.Detail is null ? "" : $" ({step.Detail})");

    /// <summary>A step as time and name, with a repeat's count: <c>10:25 notified (repeat 1 of 2)</c>.</summary>
    public static string Brief(RunbookStep step) =>
        $"{step.At:HH:mm} {step.Name}" + (step.Kind == RunbookStepKind.Notified ? $" ({step.Detail})" : "");

    public static string Lines(IEnumerable<RunbookStep> steps) => string.Join(" | ", steps.Select(Line));

    public static string Time(DateTimeOffset? at) => at is { } value ? value.ToString("HH:mm", CultureInfo.InvariantCulture) : "none";
}
