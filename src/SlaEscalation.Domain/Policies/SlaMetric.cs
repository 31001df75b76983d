namespace SlaEscalation.Domain.Policies;

/// <summary>The SLA metrics; wire names are <c>first_reply|next_reply|periodic_update|resolution</c>.</summary>
public enum SlaMetric
{
    FirstReply,
    NextReply,
    PeriodicUpdate,
    Resolution,
}
