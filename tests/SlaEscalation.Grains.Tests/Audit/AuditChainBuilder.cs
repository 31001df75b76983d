using SlaEscalation.Contracts.Audit;
using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Grains.Tests.Audit;

/// <summary>Chains of audit entries made the way a chain writer makes them.</summary>
public static class AuditChainBuilder
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

    public static AuditFact Fact(int n, string? ticket = "zendesk:1042") => new(
        Start.AddMinutes(n), AuditActorKind.System, "sla-engine", ticket, AuditAction.OwnerChanged,
        $$"""{"team":"t{{n}}"}""", $$"""{"team":"t{{n + 1}}"}""", $"evt-{n}");

    /// <summary>A valid chain of <paramref name="count"/> entries.</summary>
    public static List<AuditEntry> Chain(string chainKey, int count)
    {
        var entries = new List<AuditEntry>();
        for (var n = 1; n <= count; n++)
        {
            entries.Add(AuditChain.Next(chainKey, entries.Count == 0 ? null : AuditChainHead.Of(entries[^1]), Fact(n)));
        }

        return entries;
    }
}
