using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Escalations;

namespace SlaEscalation.Grains.Tasks;

/// <summary>Durable state of an engineering task.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Tasks.EngineeringTaskState")]
public sealed class EngineeringTaskState
{
    /// <summary>The task; null until opened.</summary>
    [Id(0)] public EngineeringTaskView? Task { get; set; }

    /// <summary>Audit facts and notices not yet delivered.</summary>
    [Id(1)] public NoticeOutbox Outbox { get; set; } = new();
}
