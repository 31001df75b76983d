using Npgsql;
using SlaEscalation.Domain.Storage;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Silo.Database;

/// <summary>
/// What a PostgreSQL writer does with a row its table refuses for the row's data (<see cref="PostgresErrors.IsDataError"/>):
/// logs it once, records it in the delivery failure log (which the team's digest lists) under a key of its own,
/// and lets the write complete. The same row would fail the same way however often it was tried again, so it is
/// never retried, and it never fails its caller or another row.
/// </summary>
public sealed partial class RefusedRows
{
    /// <summary>How many refused rows are remembered as already logged; past it, a refused row may be logged again.</summary>
    private const int RememberedRows = 10_000;

    private readonly string table;
    private readonly string type;
    private readonly IDeliveryFailureLog? failures;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly HashSet<string> logged = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <param name="table">The table that refuses rows; failures are recorded under the endpoint <c>store:{table}</c>.</param>
    /// <param name="type">The type refused rows are recorded with.</param>
    /// <param name="failures">Where refused rows are recorded; null: only logged.</param>
    /// <param name="logger">Where refused rows are logged.</param>
    /// <param name="time">The clock a refusal is recorded at.</param>
    public RefusedRows(string table, string type, IDeliveryFailureLog? failures, ILogger? logger, TimeProvider? time)
    {
        this.table = table;
        this.type = type;
        this.failures = failures;
        this.logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The endpoint refused rows are recorded under.</summary>
    public string Endpoint => "store:" + table;

    /// <summary>
    /// Logs (once) and records the refused row <paramref name="rowKey"/> of ticket <paramref name="ticketKey"/>. What
    /// is recorded is clipped and made printable: it is what a column refused.
    /// </summary>
    public async Task RecordAsync(string rowKey, string ticketKey, string? team, PostgresException error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        ArgumentNullException.ThrowIfNull(ticketKey);
        ArgumentNullException.ThrowIfNull(error);
        bool first;
        lock (gate)
        {
            if (logged.Count >= RememberedRows)
            {
                logged.Clear();
            }

            first = logged.Add(rowKey);
        }

        if (first)
        {
            LogRefused(logger, table, StoredText.Printable(rowKey, StoredLimits.EventId), StoredText.Printable(ticketKey, StoredLimits.TicketKey), error.SqlState, error.MessageText);
        }

        if (failures is not null)
        {
            await failures.RecordAsync(new DeliveryFailure(
                DeliveryKey: $"{type}:{StoredText.Printable(rowKey, StoredLimits.EventId)}",
                Type: type,
                Team: team is null ? null : StoredText.Printable(team, StoredLimits.Team),
                Subject: StoredText.Printable(ticketKey, StoredLimits.TicketKey),
                Endpoint: Endpoint,
                Attempts: 1,
                LastError: $"{error.SqlState}: {error.MessageText}",
                FailedAt: time.GetUtcNow()), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Table} refused the row {Row} of ticket {TicketKey} ({SqlState}: {Reason}); recorded for the digest, not retried")]
    private static partial void LogRefused(ILogger logger, string table, string row, string ticketKey, string sqlState, string reason);
}
