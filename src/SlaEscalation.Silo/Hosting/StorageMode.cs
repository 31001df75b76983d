namespace SlaEscalation.Silo.Hosting;

/// <summary>Where the cluster keeps membership, grain state and reminders.</summary>
public enum StorageMode
{
    /// <summary>One silo, everything in memory: for a laptop. Clocks are lost when the process stops.</summary>
    Embedded,

    /// <summary>ADO.NET providers on PostgreSQL: clocks survive restarts and silo failures.</summary>
    Durable,
}
