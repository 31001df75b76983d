using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Silo.Api.Digests;

/// <summary>
/// A digest as a page that reads well on its own (<c>text/html</c>): the summary numbers first, two small inline
/// SVG bar charts (breaches by metric, backlog by age), then tables of breaches, achievement and exceptions with
/// links to the tickets. No script, no outside resource. Each figure carries a <c>data-figure</c> name.
/// </summary>
public static class DigestHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2328}" +
        "h1{margin-bottom:.2rem}p.sub{color:#59636e;margin-top:0}" +
        ".cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}" +
        ".card{border:1px solid #d1d9e0;border-radius:6px;padding:.5rem .8rem;min-width:7.5rem}" +
        ".card .value{font-size:1.6rem;font-weight:600}.card .label{color:#59636e;font-size:.85rem}" +
        ".charts{display:flex;flex-wrap:wrap;gap:2rem}" +
        "table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border-bottom:1px solid #d1d9e0;padding:.25rem .6rem;text-align:left}" +
        "td.n,th.n{text-align:right}section{margin-top:1.5rem}.none{color:#59636e}";

    public static string Render(DigestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>SLA digest: ").Append(E(report.Team)).Append(", ").Append(E(report.Date)).Append("</title>")
            .Append("<style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>SLA digest: ").Append(E(report.Team)).Append(", ").Append(E(report.Date)).Append("</h1>")
            .Append("<p class=\"sub\">").Append(E(DigestText.Subtitle(report))).Append("</p>");

        html.Append("<div class=\"cards\">");
        foreach (var (key, label, value) in DigestText.Summary(report))
        {
            html.Append("<div class=\"card\" data-figure=\"").Append(key).Append("\"><div class=\"value\">").Append(E(value))
                .Append("</div><div class=\"label\">").Append(E(label)).Append("</div></div>");
        }

        html.Append("</div><div class=\"charts\">");
        html.Append(DigestCharts.Bars("Breaches by metric", "breaches-by-metric", report.Breaches.ByMetric.Select(m => (m.Name, m.Count)).ToArray(), "#cf222e"));
        if (report.Backlog is { } backlog)
        {
            html.Append(DigestCharts.Bars(
                $"Open backlog by age, {DigestText.Local(report, backlog.AsOf)}", "backlog-aging", DigestText.AgeBuckets(backlog), "#0969da"));
        }

        html.Append("</div>");
        Breaches(html, report);
        Achievement(html, report);
        html.Append("<section><h2>Exceptions</h2>");
        foreach (var exception in report.Exceptions)
        {
            Exception(html, report, exception);
        }

        html.Append("</section>");
        if (report.Reconcile is { } reconcile)
        {
            html.Append("<p class=\"sub\">Recounted from durable records ").Append(E(DigestText.Local(report, reconcile.StartedAt)))
                .Append(reconcile.FinishedAt is null
                    ? " (running)"
                    : string.Create(CultureInfo.InvariantCulture, $": {reconcile.TicketsExamined} tickets read, {reconcile.FactsRecovered} facts recovered"))
                .Append(".</p>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static void Breaches(StringBuilder html, DigestReport report)
    {
        var breaches = report.Breaches;
        html.Append("<section><h2>Breaches</h2>");
        if (breaches.Total == 0)
        {
            html.Append("<p class=\"none\">None.</p></section>");
            return;
        }

        var priorities = breaches.ByPriority.Select(p => p.Name).ToArray();
        html.Append("<table data-table=\"breaches-by-metric-and-priority\"><tr><th>Metric</th>");
        foreach (var priority in priorities)
        {
            html.Append("<th class=\"n\">").Append(E(priority)).Append("</th>");
        }

        html.Append("<th class=\"n\">Total</th></tr>");
        foreach (var metric in breaches.ByMetric)
        {
            html.Append("<tr><td>").Append(E(metric.Name)).Append("</td>");
            foreach (var priority in priorities)
            {
                var count = breaches.ByMetricAndPriority.FirstOrDefault(b => b.Metric == metric.Name && b.Priority == priority)?.Count ?? 0;
                html.Append("<td class=\"n\" data-figure=\"breaches:").Append(E(metric.Name)).Append(':').Append(E(priority)).Append("\">")
                    .Append(DigestText.Count(count)).Append("</td>");
            }

            html.Append("<td class=\"n\" data-figure=\"breaches:").Append(E(metric.Name)).Append("\">").Append(DigestText.Count(metric.Count)).Append("</td></tr>");
        }

        html.Append("</table><table data-table=\"breaches\"><tr><th>Ticket</th><th>Metric</th><th>Priority</th><th>Breached at</th></tr>");
        foreach (var breach in breaches.Tickets)
        {
            html.Append("<tr><td>").Append(Link(breach.TicketKey)).Append("</td><td>").Append(E(breach.Metric ?? ""))
                .Append("</td><td>").Append(E(breach.Priority ?? "")).Append("</td><td>").Append(E(DigestText.Local(report, breach.At)))
                .Append("</td></tr>");
        }

        html.Append("</table>");
        More(html, breaches.Total, breaches.Tickets.Count);
        html.Append("</section>");
    }

    private static void Achievement(StringBuilder html, DigestReport report)
    {
        html.Append("<section><h2>Achievement</h2>");
        if (report.Achievement.Count == 0)
        {
            html.Append("<p class=\"none\">No metric was achieved or breached.</p></section>");
            return;
        }

        html.Append("<table data-table=\"achievement\"><tr><th>Metric</th><th class=\"n\">On time</th><th class=\"n\">Late</th>")
            .Append("<th class=\"n\">Breached</th><th class=\"n\">Rate</th></tr>");
        foreach (var a in report.Achievement)
        {
            var figure = "achievement:" + E(a.Metric);
            html.Append("<tr><td>").Append(E(a.Metric)).Append("</td>")
                .Append("<td class=\"n\" data-figure=\"").Append(figure).Append(":on_time\">").Append(DigestText.Count(a.OnTime)).Append("</td>")
                .Append("<td class=\"n\" data-figure=\"").Append(figure).Append(":late\">").Append(DigestText.Count(a.Late)).Append("</td>")
                .Append("<td class=\"n\" data-figure=\"").Append(figure).Append(":breached\">").Append(DigestText.Count(a.Breached)).Append("</td>")
                .Append("<td class=\"n\" data-figure=\"").Append(figure).Append(":rate\">").Append(E(DigestText.Rate(a.Rate))).Append("</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void Exception(StringBuilder html, DigestReport report, DigestException exception)
    {
        html.Append("<h3>").Append(E(DigestText.ExceptionTitle(exception.Kind))).Append(" (<span data-figure=\"exception:")
            .Append(exception.Kind).Append("\">").Append(DigestText.Count(exception.Count)).Append("</span>)</h3>");
        if (exception.Count == 0)
        {
            html.Append("<p class=\"none\">None.</p>");
            return;
        }

        html.Append("<table data-table=\"exception:").Append(exception.Kind).Append("\"><tr><th>Ticket</th><th>")
            .Append(E(DigestText.ExceptionInstant(exception.Kind))).Append("</th></tr>");
        foreach (var item in exception.Tickets)
        {
            html.Append("<tr><td>").Append(Link(item.TicketKey)).Append("</td><td>").Append(E(DigestText.Local(report, item.At))).Append("</td></tr>");
        }

        html.Append("</table>");
        More(html, exception.Count, exception.Tickets.Count);
    }

    private static void More(StringBuilder html, int total, int listed)
    {
        if (total > listed)
        {
            html.Append("<p class=\"none\">And ").Append(DigestText.Count(total - listed)).Append(" more.</p>");
        }
    }

    private static string Link(string ticketKey) =>
        DigestText.TicketPath(ticketKey) is { } path
            ? $"<a href=\"{E(path)}\">{E(ticketKey)}</a>"
            : E(ticketKey);

    private static string E(string text) => Encoder.Encode(text);
}
