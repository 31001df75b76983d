namespace SlaEscalation.Domain.Runbooks;

/// <summary>What a level does when raised; wire names are <c>notify|reassign|create_task</c>.</summary>
public enum EscalationAction
{
    Notify,
    Reassign,
    CreateTask,
}
