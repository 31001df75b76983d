using System.Net;
using System.Text;

namespace SlaEscalation.Silo.Tests.Harness;

/// <summary>
/// An HTTP handler that gives every request the same JSON-typed answer: a vendor's reply in a shape of the test's
/// choosing, with a <c>Retry-After</c> of <paramref name="retryAfterSeconds"/> when given.
/// </summary>
public sealed class FixedAnswer(string body, HttpStatusCode status = HttpStatusCode.OK, int? retryAfterSeconds = null) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return Task.FromResult(response);
    }
}
