namespace SlaEscalation.Silo.Api.Configuration;

/// <summary>How a configuration body is written; both carry the same schema.</summary>
public enum BodyFormat
{
    Json,
    Yaml,
}
