using System.Text;
using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Silo.Api.Digests;

/// <summary>A digest as Markdown (<c>text/markdown</c>): summary table first, then backlog, breaches, achievement, exceptions.</summary>
public static class DigestMarkdown
{
    public static string Render(DigestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("# SLA digest: ").Append(Escape(report.Team)).Append(", ").AppendLine(report.Date).AppendLine();
        md.AppendLine(Escape(DigestText.Subtitle(report))).AppendLine();

        md.AppendLine("## Summary").AppendLine().AppendLine("| Figure | Value |").AppendLine("| --- | ---: |");
        foreach (var (_, label, value) in DigestText.Summary(report))
        {
            md.Append("| ").Append(label).Append(" | ").Append(value).AppendLine(" |");
        }

        md.AppendLine().AppendLine("## Backlog aging").AppendLine();
        if (report.Backlog is { } backlog)
        {
            var buckets = DigestText.AgeBuckets(backlog);
            md.Append("As of ").Append(DigestText.Local(report, backlog.AsOf)).AppendLine(".").AppendLine();
            md.Append("| ").AppendJoin(" | ", buckets.Select(b => b.Label)).AppendLine(" |");
            md.Append('|').AppendJoin("", buckets.Select(_ => " ---: |")).AppendLine();
            md.Append("| ").AppendJoin(" | ", buckets.Select(b => DigestText.Count(b.Count))).AppendLine(" |");
        }
        else
        {
            md.AppendLine("Not measured yet.");
        }

        md.AppendLine().AppendLine("## Breaches").AppendLine();
        if (report.Breaches.Total == 0)
        {
            md.AppendLine("None.");
        }
        else
        {
            var priorities = report.Breaches.ByPriority.Select(p => p.Name).ToArray();
            md.Append("| Metric | ").AppendJoin(" | ", priorities).AppendLine(" | Total |");
            md.Append("| --- |").AppendJoin("", priorities.Select(_ => " ---: |")).AppendLine(" ---: |");
            foreach (var metric in report.Breaches.ByMetric)
            {
                md.Append("| ").Append(metric.Name).Append(" | ")
                    .AppendJoin(" | ", priorities.Select(p => DigestText.Count(report.Breaches.ByMetricAndPriority
                        .FirstOrDefault(b => b.Metric == metric.Name && b.Priority == p)?.Count ?? 0)))
                    .Append(" | ").Append(DigestText.Count(metric.Count)).AppendLine(" |");
            }

            md.AppendLine().AppendLine("| Ticket | Metric | Priority | Breached at |").AppendLine("| --- | --- | --- | --- |");
            foreach (var breach in report.Breaches.Tickets)
            {
                md.Append("| ").Append(Link(breach.TicketKey)).Append(" | ").Append(breach.Metric).Append(" | ")
                    .Append(breach.Priority).Append(" | ").Append(DigestText.Local(report, breach.At)).AppendLine(" |");
            }

            More(md, report.Breaches.Total, report.Breaches.Tickets.Count);
        }

        md.AppendLine().AppendLine("## Achievement").AppendLine();
        if (report.Achievement.Count == 0)
        {
            md.AppendLine("No metric was achieved or breached.");
        }
        else
        {
            md.AppendLine("| Metric | On time | Late | Breached | Rate |").AppendLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var a in report.Achievement)
            {
                md.Append("| ").Append(a.Metric).Append(" | ").Append(DigestText.Count(a.OnTime)).Append(" | ")
                    .Append(DigestText.Count(a.Late)).Append(" | ").Append(DigestText.Count(a.Breached)).Append(" | ")
                    .Append(DigestText.Rate(a.Rate)).AppendLine(" |");
            }
        }

        md.AppendLine().AppendLine("## Exceptions");
        foreach (var exception in report.Exceptions)
        {
            md.AppendLine().Append("### ").Append(DigestText.ExceptionTitle(exception.Kind)).Append(" (")
                .Append(DigestText.Count(exception.Count)).AppendLine(")").AppendLine();
            if (exception.Count == 0)
            {
                md.AppendLine("None.");
                continue;
            }

            foreach (var item in exception.Tickets)
            {
                md.Append("- ").Append(Link(item.TicketKey));
                if (item.At is not null)
                {
                    md.Append(", ").Append(DigestText.ExceptionInstant(exception.Kind)).Append(' ').Append(DigestText.Local(report, item.At));
                }

                md.AppendLine();
            }

            More(md, exception.Count, exception.Tickets.Count);
        }

        if (report.Reconcile is { } reconcile)
        {
            md.AppendLine().Append("Recounted from durable records ").Append(DigestText.Local(report, reconcile.StartedAt))
                .Append(reconcile.FinishedAt is null ? " (running)" : $": {reconcile.TicketsExamined} tickets read, {reconcile.FactsRecovered} facts recovered")
                .AppendLine(".");
        }

        return md.ToString();
    }

    private static void More(StringBuilder md, int total, int listed)
    {
        if (total > listed)
        {
            md.AppendLine().Append("And ").Append(DigestText.Count(total - listed)).AppendLine(" more.");
        }
    }

    private static string Link(string ticketKey) =>
        DigestText.TicketPath(ticketKey) is { } path ? $"[{Escape(ticketKey)}]({path})" : Escape(ticketKey);

    /// <summary>Escapes what Markdown would read as markup in names and keys.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '<' or '>' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
