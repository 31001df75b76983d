namespace SlaEscalation.Domain.Configuration;

/// <summary>One problem in a configuration document, at a path such as <c>policies[2].targets.high.first_reply.calendar</c>.</summary>
public sealed record ConfigurationError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
