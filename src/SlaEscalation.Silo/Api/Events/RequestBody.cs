using System.Buffers;

namespace SlaEscalation.Silo.Api.Events;

/// <summary>
/// A request body read whole into a pooled buffer, returned to the pool on dispose. Every ingest request reads its
/// body before validating it; a fresh buffer per request (and a copy per growth) was the silo's largest allocation.
/// </summary>
public sealed class RequestBody : IDisposable
{
    private const int FirstSize = 16 * 1024;

    private byte[]? buffer;
    private int length;

    private RequestBody(byte[] buffer) => this.buffer = buffer;

    /// <summary>The bytes read; valid until disposed.</summary>
    public ReadOnlyMemory<byte> Memory => buffer is null ? throw new ObjectDisposedException(nameof(RequestBody)) : buffer.AsMemory(0, length);

    /// <summary>Reads the body; null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return null;
        }

        // One byte more than announced, so that reading to the end takes no second buffer.
        var body = new RequestBody(ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, (request.ContentLength ?? FirstSize) + 1)));
        try
        {
            while (true)
            {
                if (body.length == body.buffer!.Length)
                {
                    if (body.length > limit)
                    {
                        body.Dispose();
                        return null;
                    }

                    body.Grow((int)Math.Min(limit + 1, (long)body.buffer.Length * 2));
                }

                var read = await request.Body.ReadAsync(body.buffer.AsMemory(body.length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                body.length += read;
            }

            if (body.length > limit)
            {
                body.Dispose();
                return null;
            }

            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (buffer is { } rented)
        {
            buffer = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Grow(int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer!);
        buffer = larger;
    }
}
