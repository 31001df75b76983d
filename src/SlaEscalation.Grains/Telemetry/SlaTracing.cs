using System.Diagnostics;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Grains.Telemetry;

/// <summary>
/// The product's own spans, on the activity source <see cref="SourceName"/>: where a trace would break because the
/// work leaves the caller's turn (the event bus, a delivery's timer), the trace context is carried along and the
/// span that continues the work is started under it here.
/// </summary>
public static class SlaTracing
{
    /// <summary>The activity source's name, which a tracer subscribes to.</summary>
    public const string SourceName = "SlaEscalation";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The trace context to carry along (W3C <c>traceparent</c>), or null outside a trace.</summary>
    public static string? Current => Activity.Current?.Id;

    /// <summary>
    /// Starts the span of a follower handling <paramref name="transition"/>, under the trace that emitted it; null
    /// when nothing listens. The stream hop does not carry the trace, the transition does.
    /// </summary>
    public static Activity? Follow(SlaTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return Start("follow " + transition.Type, ActivityKind.Consumer, transition.TraceParent);
    }

    /// <summary>Starts the span of a delivery attempt through <paramref name="channel"/>, under the trace that accepted it.</summary>
    public static Activity? Deliver(string channel, string? traceParent) => Start("deliver " + channel, ActivityKind.Internal, traceParent);

    private static Activity? Start(string name, ActivityKind kind, string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}
