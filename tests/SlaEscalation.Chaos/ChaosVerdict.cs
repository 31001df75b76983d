using System.Globalization;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Chaos;

/// <summary>Turns what was sent and what the tickets say into the run's checks, each with its figure.</summary>
public static class ChaosVerdict
{
    public const string Breached = "first_reply/breached";

    /// <summary>Every deadline produced exactly one <c>sla.breached</c>, at the deadline's instant.</summary>
    public static ChaosCheck BreachesExactlyOnce(TicketLedger ledger, IReadOnlyDictionary<string, TicketView?> views)
    {
        int once = 0, missing = 0, repeated = 0, wrongInstant = 0;
        for (var i = 0; i < ledger.Count; i++)
        {
            var fired = Breaches(views[TicketLedger.Key(i)]);
            switch (fired.Length)
            {
                case 0:
                    missing++;
                    break;
                case 1 when fired[0].At.ToUnixTimeMilliseconds() == ledger.Deadlines[i].ToUnixTimeMilliseconds():
                    once++;
                    break;
                case 1:
                    wrongInstant++;
                    break;
                default:
                    repeated++;
                    break;
            }
        }

        return ChaosCheck.Of(
            "every deadline produced exactly one sla.breached",
            once == ledger.Count,
            $"{once} of {ledger.Count} once at their deadline; {missing} missing, {repeated} more than once, {wrongInstant} at another instant");
    }

    /// <summary>The worst lateness (emittedAt - deadline) is within the bound.</summary>
    public static ChaosCheck Lateness(IReadOnlyDictionary<string, TicketView?> views, TimeSpan bound)
    {
        var lateness = views.Values.SelectMany(Breaches).Select(b => b.EmittedAt - b.At).Order().ToArray();
        if (lateness.Length == 0)
        {
            return ChaosCheck.Of($"worst lateness at most {bound.TotalSeconds:F0} s", false, "no breach was emitted");
        }

        var figure = string.Create(CultureInfo.InvariantCulture,
            $"p50 {Ms(Percentile(lateness, 0.50))}, p99 {Ms(Percentile(lateness, 0.99))}, max {Ms(lateness[^1])} over {lateness.Length} breaches; earliest {Ms(lateness[0])}");
        return ChaosCheck.Of($"worst lateness at most {bound.TotalSeconds:F0} s", lateness[0] >= TimeSpan.Zero && lateness[^1] <= bound, figure);
    }

    /// <summary>
    /// The worst lateness of the breaches whose deadlines fell in each 10-second slice of the window, to set beside
    /// the kills and the outage: <c>+30 s: 3.1 s</c>.
    /// </summary>
    public static string LatenessOverTime(TicketLedger ledger, IReadOnlyDictionary<string, TicketView?> views)
    {
        var slices = Enumerable.Range(0, ledger.Count)
            .Select(i => (Slice: (int)((ledger.Deadlines[i] - ledger.Deadlines[0]).TotalSeconds / 10) * 10, Fired: Breaches(views[TicketLedger.Key(i)])))
            .Where(x => x.Fired.Length > 0)
            .GroupBy(x => x.Slice, x => x.Fired[0].EmittedAt - x.Fired[0].At)
            .OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"+{g.Key} s: {g.Max().TotalSeconds:F1} s"));
        return "worst lateness by deadline (from the first): " + string.Join(", ", slices);
    }

    /// <summary>
    /// No event answered 202 is lost: each ticket holds at least its acknowledged events, and at most those plus the
    /// ones never acknowledged (which may or may not have been stored).
    /// </summary>
    public static ChaosCheck NothingAcknowledgedLost(
        TicketLedger ledger, IReadOnlyDictionary<string, TicketView?> views, IReadOnlyDictionary<string, TicketView?> probeViews)
    {
        int fewer = 0, over = 0;
        for (var i = 0; i < ledger.Count; i++)
        {
            var (acknowledged, unacknowledged) = ledger.Events(i);
            var stored = views[TicketLedger.Key(i)]?.EventCount ?? 0;
            if (stored < acknowledged)
            {
                fewer++;
            }
            else if (stored > acknowledged + unacknowledged)
            {
                over++;
            }
        }

        var probesMissing = probeViews.Values.Count(v => v is null || v.EventCount < 1);
        return ChaosCheck.Of(
            "no event answered 202 is lost",
            fewer == 0 && over == 0 && probesMissing == 0,
            string.Create(CultureInfo.InvariantCulture,
                $"{ledger.TotalAcknowledged} events acknowledged on {ledger.Count} tickets, {fewer} tickets short of theirs, {over} holding more than was sent; " +
                $"{ledger.TotalUnacknowledged} never acknowledged (resent until the end); {probeViews.Count} outage-probe tickets acknowledged, {probesMissing} missing"));
    }

    /// <summary>While PostgreSQL was down every answer was a 2xx or a 503 with Retry-After; the outage was seen.</summary>
    public static ChaosCheck OutageAnswers(IReadOnlyList<OutageProbe.Answer> during, IReadOnlyList<OutageProbe.Answer> after, TimeSpan down)
    {
        var unavailable = during.Count(a => a.Outcome == "503" && a.RetryAfter);
        var served = during.Count(a => a.Outcome.StartsWith('2'));
        var wrong = during.Where(a => !(a.Outcome.StartsWith('2') || (a.Outcome == "503" && a.RetryAfter))).ToArray();
        var figure = string.Create(CultureInfo.InvariantCulture,
            $"{during.Count} requests while it was down ({down.TotalSeconds:F1} s): {unavailable} answered 503 with Retry-After, {served} served (2xx), " +
            $"{wrong.Length} otherwise{Describe(wrong)}; in the 5 s after: {Describe(after, all: true)}");
        return ChaosCheck.Of(
            "while PostgreSQL was down the gateway answered 503 with Retry-After, never 500",
            unavailable > 0 && wrong.Length == 0,
            unavailable == 0 ? figure + " (no 503 seen: the outage was not observed)" : figure);
    }

    /// <summary>The runbook every chaos ticket's policy names: breached, the lead; 15 s later, an engineering task.</summary>
    public const string Runbook = "chaos";

    /// <summary>
    /// Every breached ticket escalated once (one escalation, its first level raised), no level raised twice, and at
    /// most one engineering task per ticket; a ticket achieved before its deadline raised nothing.
    /// </summary>
    public static ChaosCheck NoEscalationOrTaskDuplicated(IReadOnlyDictionary<string, TicketView?> views, IReadOnlyDictionary<string, IReadOnlyList<EscalationView>> escalations)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(escalations);
        var problems = new List<string>();
        var (raised, tasks) = (0, 0);
        foreach (var (key, view) in views)
        {
            var found = escalations.GetValueOrDefault(key) ?? [];
            var breached = Breaches(view).Length > 0;
            if (breached && found.Count != 1)
            {
                problems.Add($"{key}: breached with {found.Count} escalations");
            }
            else if (!breached && found.Count > 0)
            {
                problems.Add($"{key}: not breached, yet escalated");
            }

            foreach (var escalation in found)
            {
                raised += escalation.History.Count(s => s.Step == "raised");
                tasks += escalation.TaskIds.Count;
                var twice = escalation.History.Where(s => s.Step == "raised").GroupBy(s => s.Level).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
                if (twice.Length > 0)
                {
                    problems.Add($"{key}: level {string.Join(", ", twice)} raised more than once");
                }

                if (escalation.TaskIds.Count > 1 || escalation.History.Count(s => s.Step == "task_created") > 1)
                {
                    problems.Add($"{key}: {escalation.TaskIds.Count} tasks");
                }
            }
        }

        var figure = problems.Count == 0
            ? $"{escalations.Values.Sum(e => e.Count)} escalations, {raised} levels raised, {tasks} tasks, none twice"
            : $"{problems.Count} tickets: {string.Join("; ", problems.Take(5))}";
        return ChaosCheck.Of("every breach escalated once, no escalation or task duplicated", problems.Count == 0, figure);
    }

    private static EmittedTransitionView[] Breaches(TicketView? view) =>
        view?.Transitions.Where(t => t.TransitionId == Breached).ToArray() ?? [];

    private static TimeSpan Percentile(TimeSpan[] sorted, double p) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F0} ms");

    private static string Describe(IReadOnlyList<OutageProbe.Answer> answers, bool all = false)
    {
        if (answers.Count == 0)
        {
            return all ? "none" : string.Empty;
        }

        var counts = answers.GroupBy(a => a.Outcome + (a.RetryAfter ? " (Retry-After)" : string.Empty))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} x {g.Key}");
        return (all ? string.Empty : ": ") + string.Join(", ", counts);
    }
}
