using Npgsql;

namespace SlaEscalation.Silo.Api;

/// <summary>Tells a failure of the infrastructure (database, cluster) from a bug: the first is worth a retry.</summary>
public static class Unavailability
{
    /// <summary>Seconds a client is asked to wait before retrying.</summary>
    public const string RetryAfterSeconds = "5";

    public static bool IsUnavailable(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnavailable),
        TimeoutException or NpgsqlException or OrleansException or SiloUnavailableException => true,
        _ => exception.InnerException is not null && IsUnavailable(exception.InnerException),
    };
}
