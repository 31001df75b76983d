namespace SlaEscalation.Grains.Digests;

/// <summary>Durable state of the digest schedule: per team, the latest day whose publication it requested.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Digests.DigestScheduleState")]
public sealed class DigestScheduleState
{
    /// <summary>Team id to <c>yyyy-MM-dd</c>.</summary>
    [Id(0)] public Dictionary<string, string> Requested { get; set; } = new(StringComparer.Ordinal);
}
