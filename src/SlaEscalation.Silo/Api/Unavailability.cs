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
        PostgresException refused when RefusedTheData(refused) => false,
        TimeoutException or NpgsqlException or OrleansException or SiloUnavailableException => true,
        _ => exception.InnerException is not null && IsUnavailable(exception.InnerException),
    };

    /// <summary>
    /// Whether PostgreSQL refused the data itself (SQLSTATE class 22: too long, a NUL, out of range): the same request
    /// fails the same way however long the client waits. One that crossed a grain call has lost its properties
    /// (Orleans copies only what every exception has), so the SQLSTATE is read from the message, which Npgsql begins
    /// with it (<c>22P05: ...</c>).
    /// </summary>
    private static bool RefusedTheData(PostgresException exception)
    {
        var state = string.IsNullOrEmpty(exception.SqlState) ? exception.Message.Split(':', 2)[0] : exception.SqlState;
        return state.Length == 5 && state.StartsWith("22", StringComparison.Ordinal);
    }
}
