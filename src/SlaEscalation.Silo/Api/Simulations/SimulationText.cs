using System.Globalization;

namespace SlaEscalation.Silo.Api.Simulations;

/// <summary>What the Markdown and HTML forms of a simulation say alike.</summary>
public static class SimulationText
{
    /// <summary>One line: the window, the teams, the version compared with, and where the job stands.</summary>
    public static string Subtitle(SimulationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var teams = view.Teams.Count == 0 ? "all teams" : string.Join(", ", view.Teams);
        return $"{view.From:yyyy-MM-dd HH:mm} to {view.To:yyyy-MM-dd HH:mm} UTC, {teams}; configuration v{view.ConfigurationVersion} (current) vs candidate; " +
            $"{view.Status}, {view.Replayed} of {view.Total} tickets looked at, {view.Result.Tickets} replayed";
    }

    /// <summary>The summary table's columns, each as (heading, current, candidate) for one row.</summary>
    public static IReadOnlyList<(string Heading, string Current, string Candidate)> Cells(SimulationRowView row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return
        [
            ("breaches", N(row.Current.Breaches), N(row.Candidate.Breaches)),
            ("at risk", N(row.Current.AtRisk), N(row.Candidate.AtRisk)),
            ("on time", $"{N(row.Current.AchievedOnTime)} ({Rate(row.Current.OnTimeRate)})", $"{N(row.Candidate.AchievedOnTime)} ({Rate(row.Candidate.OnTimeRate)})"),
            ("median / p90 vs target", Times(row.Current), Times(row.Candidate)),
            ("escalations by level", Levels(row.Current), Levels(row.Candidate)),
            ("tasks", N(row.Current.Tasks), N(row.Candidate.Tasks)),
        ];
    }

    /// <summary>A duration in seconds as people read it: <c>45m</c>, <c>2h 30m</c>, <c>3d 4h</c>.</summary>
    public static string Duration(long? seconds)
    {
        if (seconds is not { } s)
        {
            return "-";
        }

        // Rounded to the minute past a minute: the sketch is within 1%, so 240 s may come back as 238 s.
        var span = TimeSpan.FromSeconds(s >= 60 ? Math.Round(s / 60.0) * 60 : s);
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m"
            : $"{span.Seconds}s";
    }

    private static string Times(SideView side) =>
        $"{Duration(side.MedianSeconds)} / {Duration(side.P90Seconds)} vs {(side.TargetSeconds is null && side.Clocks > 0 ? "mixed" : Duration(side.TargetSeconds))}";

    private static string Levels(SideView side) =>
        side.Escalations.Count == 0 ? "0" : string.Join(" ", side.Escalations.OrderBy(e => e.Key).Select(e => $"L{e.Key}:{e.Value}"));

    private static string Rate(double? rate) => rate is { } r ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "-";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
