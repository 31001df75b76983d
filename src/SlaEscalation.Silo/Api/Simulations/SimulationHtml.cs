using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using SlaEscalation.Silo.Api.Digests;

namespace SlaEscalation.Silo.Api.Simulations;

/// <summary>
/// A simulation as a page that reads on its own (<c>text/html</c>), in the digest's style: two inline SVG charts
/// (breaches per team, current and candidate), the side-by-side table, then the changed tickets. No script, no
/// outside resource.
/// </summary>
public static class SimulationHtml
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}" +
        "h1{margin-bottom:.2rem}p.sub{color:#59636e;margin-top:0}.charts{display:flex;flex-wrap:wrap;gap:2rem}" +
        "table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border-bottom:1px solid #d1d9e0;padding:.25rem .6rem;text-align:left}" +
        "td.changed{background:#fff8c5}.none{color:#59636e}";

    public static string Render(SimulationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>SLA simulation ").Append(E(view.Id)).Append("</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>SLA simulation ").Append(E(view.Id)).Append("</h1><p class=\"sub\">").Append(E(SimulationText.Subtitle(view))).Append("</p>");
        if (view.Error is { } error)
        {
            html.Append("<p><strong>Failed:</strong> ").Append(E(error)).Append("</p>");
        }

        var teams = view.Result.Rows.GroupBy(r => r.Team, StringComparer.Ordinal).ToList();
        html.Append("<div class=\"charts\">")
            .Append(DigestCharts.Bars("Breaches by team: current", "breaches-current", [.. teams.Select(t => (t.Key, (int)t.Sum(r => r.Current.Breaches)))], "#59636e"))
            .Append(DigestCharts.Bars("Breaches by team: candidate", "breaches-candidate", [.. teams.Select(t => (t.Key, (int)t.Sum(r => r.Candidate.Breaches)))], "#cf222e"))
            .Append("</div>");

        html.Append("<section><h2>Current → candidate</h2><table><tr><th>team</th><th>metric</th><th>priority</th>");
        var headings = view.Result.Rows.Count == 0 ? [] : SimulationText.Cells(view.Result.Rows[0]).Select(c => c.Heading);
        foreach (var heading in headings)
        {
            html.Append("<th>").Append(E(heading)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var row in view.Result.Rows)
        {
            html.Append("<tr><td>").Append(E(row.Team)).Append("</td><td>").Append(E(row.Metric)).Append("</td><td>").Append(E(row.Priority)).Append("</td>");
            foreach (var (_, current, candidate) in SimulationText.Cells(row))
            {
                html.Append(current == candidate ? "<td>" : "<td class=\"changed\">").Append(E(current == candidate ? current : $"{current} → {candidate}")).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table></section><section><h2>Tickets whose outcome changes (")
            .Append(view.Result.ChangedTickets.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        if (view.Result.Changed.Count == 0)
        {
            html.Append("<p class=\"none\">None.</p>");
        }
        else
        {
            html.Append("<table><tr><th>ticket</th><th>breached: current</th><th>breached: candidate</th><th>escalations: current</th><th>escalations: candidate</th></tr>");
            foreach (var changed in view.Result.Changed)
            {
                html.Append("<tr><td>").Append(E(changed.Key)).Append("</td><td>").Append(E(string.Join(", ", changed.Current.Breached)))
                    .Append("</td><td>").Append(E(string.Join(", ", changed.Candidate.Breached)))
                    .Append("</td><td>").Append(E(string.Join(", ", changed.Current.Escalations)))
                    .Append("</td><td>").Append(E(string.Join(", ", changed.Candidate.Escalations))).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        return html.Append("</section></body></html>").ToString();
    }

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
