using System.Globalization;
using NodaTime;
using SlaEscalation.Silo.Hosting;

namespace SlaEscalation.Silo.Api.Digests;

/// <summary>
/// What digest requests may ask of a silo. A day is served from <see cref="RetentionDays"/> ago up to today, and not
/// earlier than <see cref="BackfillDays"/> before its team was added; a recount reads every ticket touched since
/// its day began, so these bounds also bound a recount's reading. At most <see cref="MaxConcurrentRecounts"/>
/// recounts run on a silo at once.
/// </summary>
public sealed record DigestSettings(int RetentionDays, int BackfillDays, int MaxConcurrentRecounts)
{
    public const string RetentionDaysKey = "Digests:RetentionDays";
    public const string BackfillDaysKey = "Digests:BackfillDays";
    public const string MaxConcurrentRecountsKey = "Digests:MaxConcurrentRecounts";

    /// <summary>
    /// The defaults. 400 days matches how long solved tickets are kept; 7 days of backfill lets an adapter import a
    /// week of a new team's history (events may be dated in the past), whose facts count on the days they mark.
    /// </summary>
    public static readonly DigestSettings Default = new(400, 7, 4);

    /// <summary>
    /// The first day a digest of a team may be read: <see cref="RetentionDays"/> before <paramref name="today"/>, or
    /// <see cref="BackfillDays"/> before the day the team was added when that is later (<paramref name="addedOn"/>:
    /// null when the configuration's history no longer says).
    /// </summary>
    public LocalDate FirstDay(LocalDate today, LocalDate? addedOn)
    {
        var retained = today.PlusDays(-RetentionDays);
        return addedOn is { } added && added.PlusDays(-BackfillDays) > retained ? added.PlusDays(-BackfillDays) : retained;
    }

    /// <summary>Reads and checks the settings; throws a <see cref="StartupFailure"/> naming every bad key.</summary>
    public static DigestSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var settings = new DigestSettings(
            Read(configuration, RetentionDaysKey, Default.RetentionDays, 1, 100_000, errors),
            Read(configuration, BackfillDaysKey, Default.BackfillDays, 0, 100_000, errors),
            Read(configuration, MaxConcurrentRecountsKey, Default.MaxConcurrentRecounts, 1, 1_000, errors));
        return errors.Count > 0 ? throw new StartupFailure(string.Join(" ", errors)) : settings;
    }

    private static int Read(IConfiguration configuration, string key, int fallback, int min, int max, List<string> errors)
    {
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} '{raw}' must be a whole number from {min} to {max}."));
        return fallback;
    }
}
