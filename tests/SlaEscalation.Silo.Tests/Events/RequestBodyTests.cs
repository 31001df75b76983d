using Microsoft.AspNetCore.Http;
using SlaEscalation.Silo.Api.Events;

namespace SlaEscalation.Silo.Tests.Events;

/// <summary>The pooled request body: every byte read back, nothing past the limit, with and without a declared length.</summary>
public sealed class RequestBodyTests
{
    public static TheoryData<int, long, bool> Sizes()
    {
        var data = new TheoryData<int, long, bool>();
        foreach (var declared in (bool[])[true, false])
        {
            foreach (var (size, limit) in ((int, long)[])[(0, 1_000), (1_000, 1_000), (1_001, 1_000), (70_000, 100_000), (100_000, 100_000), (100_001, 100_000), (300_000, 100_000)])
            {
                data.Add(size, limit, declared);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task A_body_is_read_whole_up_to_the_limit_and_refused_past_it(int size, long limit, bool declared)
    {
        var sent = Enumerable.Range(0, size).Select(i => (byte)(i * 31 % 251)).ToArray();
        var context = new DefaultHttpContext();
        context.Request.Body = new TrickleStream(sent);
        context.Request.ContentLength = declared ? size : null;

        using var body = await RequestBody.ReadAsync(context.Request, limit, CancellationToken.None);

        if (size > limit)
        {
            Assert.Null(body);
        }
        else
        {
            Assert.Equal(sent, body!.Memory.ToArray());
        }
    }

    /// <summary>A body that arrives a few kilobytes at a time, as a socket delivers it.</summary>
    private sealed class TrickleStream(byte[] content) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 3_000)], cancellationToken);
    }
}
