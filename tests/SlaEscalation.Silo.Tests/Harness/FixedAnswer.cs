using System.Net;
using System.Text;

namespace SlaEscalation.Silo.Tests.Harness;

/// <summary>An HTTP handler that gives every request the same JSON-typed answer: a vendor's reply in a shape of the test's choosing.</summary>
public sealed class FixedAnswer(string body, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
}
