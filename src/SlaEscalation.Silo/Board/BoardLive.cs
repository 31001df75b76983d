using System.Text;
using System.Text.Json;

namespace SlaEscalation.Silo.Board;

/// <summary>
/// <c>GET /board/live</c>: server-sent events, one <c>ticket</c> event per change of a ticket on (or leaving) the Now
/// page and one <c>escalation</c> event per escalation row written, from every silo; a comment every
/// <see cref="KeepAlive"/> keeps proxies from closing a quiet stream.
/// </summary>
public static class BoardLive
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task StreamAsync(HttpContext context, BoardFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feed);
        if (!BoardUser.Of(context.User).ReadsTickets)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";

        // A buffering proxy (nginx) would hold the events back until its buffer fills.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        using var connection = feed.Connect();
        var reader = connection.Changes;
        await context.Response.WriteAsync("retry: 2000\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
        var text = new StringBuilder();
        while (!cancellationToken.IsCancellationRequested)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(KeepAlive);
            try
            {
                await reader.WaitToReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await context.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            text.Clear();
            while (text.Length < 64 * 1024 && reader.TryRead(out var change))
            {
                var (name, data) = change.Ticket is { } ticket
                    ? ("ticket", JsonSerializer.Serialize(ticket, Json))
                    : ("escalation", JsonSerializer.Serialize(change.Escalation, Json));
                text.Append("event: ").Append(name).Append("\ndata: ").Append(data).Append("\n\n");
            }

            await context.Response.WriteAsync(text.ToString(), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
    }
}
