namespace SlaEscalation.Grains.Audit;

/// <summary>
/// An append that would rewrite, fork or gap a chain: a different entry is stored at that sequence, or the entry does
/// not follow the stored head. It means two writers for one chain, or a writer whose head is wrong; never retry it.
/// </summary>
public sealed class AuditConflictException : Exception
{
    public AuditConflictException()
    {
    }

    public AuditConflictException(string message)
        : base(message)
    {
    }

    public AuditConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
