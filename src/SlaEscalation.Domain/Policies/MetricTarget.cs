using NodaTime;

namespace SlaEscalation.Domain.Policies;

/// <summary>How much business time a metric may take, measured on which calendar.</summary>
public sealed record MetricTarget(Duration Target, string CalendarId);
