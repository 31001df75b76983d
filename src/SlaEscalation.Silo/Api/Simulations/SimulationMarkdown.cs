using System.Text;

namespace SlaEscalation.Silo.Api.Simulations;

/// <summary>A simulation as Markdown (<c>text/markdown</c>): the summary table, then the changed tickets.</summary>
public static class SimulationMarkdown
{
    public static string Render(SimulationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var md = new StringBuilder();
        md.Append("# SLA simulation ").Append(view.Id).Append("\n\n").Append(SimulationText.Subtitle(view)).Append("\n\n");
        if (view.Error is { } error)
        {
            md.Append("**Failed:** ").Append(error).Append("\n\n");
        }

        md.Append("Each cell: current → candidate.\n\n");
        md.Append("| team | metric | priority | breaches | at risk | on time | median / p90 vs target | escalations by level | tasks |\n");
        md.Append("| --- | --- | --- | ---: | ---: | ---: | --- | --- | ---: |\n");
        foreach (var row in view.Result.Rows)
        {
            md.Append("| ").Append(Cell(row.Team)).Append(" | ").Append(row.Metric).Append(" | ").Append(row.Priority);
            foreach (var (_, current, candidate) in SimulationText.Cells(row))
            {
                md.Append(" | ").Append(current == candidate ? current : $"{current} → **{candidate}**");
            }

            md.Append(" |\n");
        }

        md.Append("\n## Tickets whose outcome changes (").Append(view.Result.ChangedTickets).Append(")\n\n");
        if (view.Result.Changed.Count == 0)
        {
            md.Append("None.\n");
            return md.ToString();
        }

        md.Append("| ticket | team | breached (current → candidate) | escalations | tasks |\n| --- | --- | --- | --- | ---: |\n");
        foreach (var changed in view.Result.Changed)
        {
            md.Append("| ").Append(Cell(changed.Key))
                .Append(" | ").Append(Cell(Pair(changed.Current.Team, changed.Candidate.Team)))
                .Append(" | ").Append(Pair(List(changed.Current.Breached), List(changed.Candidate.Breached)))
                .Append(" | ").Append(Pair(List(changed.Current.Escalations), List(changed.Candidate.Escalations)))
                .Append(" | ").Append(Pair(changed.Current.Tasks.ToString(System.Globalization.CultureInfo.InvariantCulture), changed.Candidate.Tasks.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(" |\n");
        }

        if (view.Result.ChangedTickets > view.Result.Changed.Count)
        {
            md.Append("\nThe first ").Append(view.Result.Changed.Count).Append(" are listed.\n");
        }

        return md.ToString();
    }

    private static string Pair(string current, string candidate) => current == candidate ? current : $"{current} → {candidate}";

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "-" : string.Join(", ", items);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
