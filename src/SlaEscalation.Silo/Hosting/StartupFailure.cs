namespace SlaEscalation.Silo.Hosting;

/// <summary>
/// A start-up problem the operator can fix. Its message is one line that says what to fix; the entry point
/// prints it instead of a stack trace.
/// </summary>
public sealed class StartupFailure : Exception
{
    public StartupFailure()
    {
    }

    public StartupFailure(string message)
        : base(message)
    {
    }

    public StartupFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
