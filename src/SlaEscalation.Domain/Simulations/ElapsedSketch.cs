using NodaTime;

namespace SlaEscalation.Domain.Simulations;

/// <summary>
/// Business times kept as counts in logarithmic buckets, so a quantile of any number of them takes bounded memory:
/// a bucket holds the durations within 2% of each other and answers its midpoint, within 1% of every duration it
/// holds. Targets go up to 366 days, so a sketch never holds more than about 900 buckets.
/// </summary>
public static class ElapsedSketch
{
    private const double Gamma = 1.02;
    private static readonly double LogGamma = Math.Log(Gamma);

    /// <summary>The bucket of durations under a second, answered as zero.</summary>
    private const int UnderASecond = int.MinValue;

    /// <summary>The bucket a duration counts in.</summary>
    public static int BucketOf(Duration elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        return seconds < 1 ? UnderASecond : (int)Math.Ceiling(Math.Log(seconds) / LogGamma);
    }

    /// <summary>
    /// The <paramref name="quantile"/> (0 to 1) of the durations counted in <paramref name="buckets"/>, to the whole
    /// second, within 1%; null when there are none.
    /// </summary>
    public static Duration? Quantile(IReadOnlyDictionary<int, long> buckets, double quantile)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var total = buckets.Values.Sum();
        if (total == 0)
        {
            return null;
        }

        // The nearest-rank quantile: the smallest duration with at least that share of the durations at or below it.
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        var seen = 0L;
        foreach (var (bucket, count) in buckets.OrderBy(b => b.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return bucket == UnderASecond ? Duration.Zero : Duration.FromSeconds(Math.Round(2 * Math.Pow(Gamma, bucket) / (Gamma + 1)));
            }
        }

        return null;
    }
}
