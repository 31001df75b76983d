using Npgsql;

namespace SlaEscalation.Silo.Database;

/// <summary>How the group-committed writers tell one row's error from the statement's.</summary>
public static class PostgresErrors
{
    /// <summary>
    /// Whether a batch that failed with <paramref name="exception"/> is tried again one write at a time: any error the
    /// server answered may belong to one row (a value a column refuses, a constraint, a deadlock between two rows),
    /// and one bad row must never fail the others of its batch.
    /// </summary>
    public static bool MayBelongToOneWrite(Exception exception) => exception is PostgresException;

    /// <summary>
    /// Whether <paramref name="exception"/> is the data's fault (SQLSTATE class 22, data exception, or 23, integrity
    /// constraint violation): the same write fails the same way however often it is tried again.
    /// </summary>
    public static bool IsDataError(Exception exception) =>
        exception is PostgresException { SqlState: ['2', '2' or '3', _, _, _] };
}
