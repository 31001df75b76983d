using System.Globalization;

namespace SlaEscalation.Silo.Security;

/// <summary>
/// How many requests one API key may make of one silo: a token bucket per key, refilled every second with
/// <see cref="RequestsPerSecond"/> tokens up to <see cref="Burst"/> (by default twice the rate). <c>RateLimits__RequestsPerSecond=0</c> turns
/// the limit off.
/// </summary>
public sealed record RateLimitSettings(int RequestsPerSecond, int Burst)
{
    public const string Section = "RateLimits";
    public const string RequestsPerSecondKey = "RateLimits:RequestsPerSecond";
    public const string BurstKey = "RateLimits:Burst";

    /// <summary>
    /// The defaults: above what the load tool asks of one silo with one key (its ingest posts about 100 batches of
    /// 100 events a second, 32 at a time; its digest readers, 8 at once, about 4,000 reads a second), yet a bound on
    /// a runaway script's loop.
    /// </summary>
    public static readonly RateLimitSettings Default = new(5_000, 10_000);

    /// <summary>Whether any limit applies.</summary>
    public bool Enabled => RequestsPerSecond > 0;

    /// <summary>Reads and checks the settings; returns every error, each naming its key.</summary>
    public static (RateLimitSettings Settings, IReadOnlyList<string> Errors) Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var perSecond = Read(configuration, RequestsPerSecondKey, Default.RequestsPerSecond, 0, errors);
        var burst = Read(configuration, BurstKey, Math.Max(1, 2 * perSecond), 1, errors);
        if (perSecond > 0 && burst < perSecond)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{BurstKey} {burst} is below {RequestsPerSecondKey} {perSecond}: a key could never use its second's share at once."));
        }

        return (new RateLimitSettings(perSecond, burst), errors);
    }

    private static int Read(IConfiguration configuration, string key, int fallback, int min, List<string> errors)
    {
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= 1_000_000)
        {
            return value;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} '{raw}' must be a whole number from {min} to 1000000."));
        return fallback;
    }
}
