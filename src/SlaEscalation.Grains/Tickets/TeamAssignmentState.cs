namespace SlaEscalation.Grains.Tickets;

/// <summary>Durable assignments of one team: the round-robin cursor and which agent holds which open ticket.</summary>
[GenerateSerializer, Alias("SlaEscalation.Grains.Tickets.TeamAssignmentState")]
public sealed class TeamAssignmentState
{
    [Id(0)] public int Cursor { get; set; }

    [Id(1)] public Dictionary<string, string> AgentByTicket { get; set; } = new(StringComparer.Ordinal);
}
