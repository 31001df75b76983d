using System.Globalization;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Silo.Hosting;

/// <summary><c>Retention__SolvedTicketDays</c>: how many days a solved ticket stays after its latest event (default 400).</summary>
public static class RetentionSettings
{
    /// <summary>The setting's configuration key.</summary>
    public const string SolvedTicketDaysKey = "Retention:SolvedTicketDays";

    /// <summary>The configured policy, or the default.</summary>
    /// <exception cref="StartupFailure">The value is not a whole number of days from 1 to 36,500.</exception>
    public static RetentionPolicy Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var raw = configuration[SolvedTicketDaysKey];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return RetentionPolicy.Default;
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 36_500
            ? new RetentionPolicy(TimeSpan.FromDays(days))
            : throw new StartupFailure($"{SiloSettings.Env(SolvedTicketDaysKey)} '{raw}' must be a whole number of days from 1 to 36500 (default {RetentionPolicy.DefaultDays}).");
    }
}
