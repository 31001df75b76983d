namespace SlaEscalation.LoadTool;

/// <summary>What posting a workload gave: counts from the 202 answers, refusals, and each request's latency.</summary>
public sealed record PostReport(
    int Requests,
    long Accepted,
    long Duplicates,
    int Retries,
    int Failures,
    string? FirstFailure,
    TimeSpan Elapsed,
    IReadOnlyList<double> LatenciesMs);
