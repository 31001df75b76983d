using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Notifications;

/// <summary>
/// A webhook receiver on loopback, written the way a receiver would follow the README: it checks every signature
/// itself (HMAC-SHA256 of "{timestamp}.{body}" under the path's secret, not through the silo's code) and answers
/// each delivery key as the test scripted it (200 when unscripted).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly IReadOnlyDictionary<string, string> secrets;
    private readonly ConcurrentQueue<ReceivedDelivery> received = new();
    private readonly ConcurrentDictionary<(string Path, string DeliveryKey), Func<int, ScriptedAnswer>> scripts = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();

    private WebhookReceiver(WebApplication app, int port, IReadOnlyDictionary<string, string> secrets)
    {
        this.app = app;
        this.secrets = secrets;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts a receiver with one path per endpoint, each with its secret.</summary>
    public static async Task<WebhookReceiver> StartAsync(IReadOnlyDictionary<string, string> secretsByPath)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, port, secretsByPath);
        app.MapPost("/{path}", (string path, HttpContext context) => receiver.ReceiveAsync(path, context));
        await app.StartAsync();
        return receiver;
    }

    public Uri UrlOf(string path) => new($"http://127.0.0.1:{Port}/{path}");

    /// <summary>How the n-th request (from 1) carrying <paramref name="deliveryKey"/> on <paramref name="path"/> is answered.</summary>
    public void Script(string path, string deliveryKey, Func<int, ScriptedAnswer> answerOfRequest) => scripts[(path, deliveryKey)] = answerOfRequest;

    /// <summary>Every request received on <paramref name="path"/> for <paramref name="deliveryKey"/>, in arrival order.</summary>
    public IReadOnlyList<ReceivedDelivery> Received(string path, string deliveryKey) =>
        received.Where(r => r.Path == path && r.DeliveryKey == deliveryKey).OrderBy(r => r.ArrivedAt).ToArray();

    /// <summary>Every request received on <paramref name="path"/>, in arrival order.</summary>
    public IReadOnlyList<ReceivedDelivery> Received(string path) =>
        received.Where(r => r.Path == path).OrderBy(r => r.ArrivedAt).ToArray();

    /// <summary>Waits (bounded, real time) until <paramref name="path"/> has <paramref name="count"/> requests for the key.</summary>
    public Task<IReadOnlyList<ReceivedDelivery>> UntilAsync(string path, string deliveryKey, int count, TimeSpan? within = null) =>
        Eventually.ValueAsync(
            () => Task.FromResult(Received(path, deliveryKey)),
            r => r.Count >= count,
            within ?? TimeSpan.FromSeconds(30),
            $"{count} requests for {deliveryKey} on {path}",
            r => $"{r.Count} requests");

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(string path, HttpContext context)
    {
        var arrivedAt = clock.Elapsed;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        var key = headers["Sla-Webhook-Delivery"].ToString();
        var timestamp = headers["Sla-Webhook-Timestamp"].ToString();
        var signature = headers["Sla-Webhook-Signature"].ToString();
        var delivery = new ReceivedDelivery(
            path, key, headers["Sla-Webhook-Attempt"].ToString(), context.Request.ContentType, body, arrivedAt,
            secrets.TryGetValue(path, out var secret) && SignedBy(secret, timestamp, signature, body));
        received.Enqueue(delivery);

        var nth = received.Count(r => r.DeliveryKey == key && r.Path == path);
        var answer = scripts.TryGetValue((path, key), out var script) ? script(nth) : ScriptedAnswer.Ok;
        if (answer.Delay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Delay);
        }

        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (answer.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }

        return Results.StatusCode(answer.Status);
    }

    /// <summary>The README's recipe: v1= and the hex HMAC-SHA256 of "{timestamp}.{body}", with a fresh timestamp.</summary>
    private static bool SignedBy(string secret, string timestamp, string signature, byte[] body)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }
}

/// <summary>What the receiver got in one request.</summary>
public sealed record ReceivedDelivery(
    string Path, string DeliveryKey, string Attempt, string? ContentType, byte[] Body, TimeSpan ArrivedAt, bool SignatureValid)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>How the receiver answers one request.</summary>
public sealed record ScriptedAnswer(int Status, string? RetryAfter = null, TimeSpan Delay = default, string? Location = null)
{
    public static readonly ScriptedAnswer Ok = new(200);
}
