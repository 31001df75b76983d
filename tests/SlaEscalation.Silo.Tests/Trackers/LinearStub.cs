using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SlaEscalation.Grains.Tasks;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace SlaEscalation.Silo.Tests.Trackers;

/// <summary>
/// Linear's GraphQL API as a stub answers it (only requests carrying the test's API key as the whole
/// <c>Authorization</c> header match), and Linear's issue webhooks as Linear signs them, computed here on their own.
/// </summary>
public static class LinearStub
{
    /// <summary>The answer to the lookup of a task's issue when Linear has none yet.</summary>
    public const string NoneFound = """{"data":{"issues":{"nodes":[]}}}""";

    /// <summary>A GraphQL request to <c>/graphql</c> with the API key whose body names <paramref name="operation"/>.</summary>
    public static IRequestBuilder Call(string operation) => Request.Create().WithPath("/graphql").UsingPost()
        .WithHeader("Authorization", TrackerSilo.LinearKey).WithBody(new WildcardMatcher($"*{operation}*"));

    /// <summary>A JSON answer.</summary>
    public static IResponseBuilder Json(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    /// <summary>Linear's <c>issueCreate</c> answer for the issue <paramref name="linearId"/>.</summary>
    public static string Created(string linearId, string identifier) =>
        new JsonObject { ["data"] = new JsonObject { ["issueCreate"] = new JsonObject { ["success"] = true, ["issue"] = Issue(linearId, identifier) } } }.ToJsonString();

    /// <summary>Linear's answer to the lookup of a task's issue when it has the issue <paramref name="linearId"/>.</summary>
    public static string Found(string linearId, string identifier) =>
        new JsonObject { ["data"] = new JsonObject { ["issues"] = new JsonObject { ["nodes"] = new JsonArray(Issue(linearId, identifier)) } } }.ToJsonString();

    /// <summary>The issue's web address as the stub's answers give it.</summary>
    public static string UrlOf(string identifier) => "https://linear.app/acme/issue/" + identifier;

    /// <summary>Linear as it answers a first attempt of <paramref name="taskId"/>: no issue with the task's id yet, then the one made.</summary>
    public static void AnswersFirstCreate(this WireMockServer vendor, string taskId, string identifier)
    {
        vendor.Given(Call("SlaTaskIssue(")).RespondWith(Json(NoneFound));
        vendor.Given(Call("issueCreate")).RespondWith(Json(Created(TrackerIssueIds.LinearId(taskId), identifier)));
    }

    /// <summary>
    /// The body of Linear's webhook for an update of the issue <paramref name="issueId"/>, now in a state of
    /// <paramref name="stateType"/>. With <paramref name="stateChanged"/> the update moved it there (<c>updatedFrom</c>
    /// names the previous <c>stateId</c>); without, it changed only the title.
    /// </summary>
    public static string IssueEvent(string issueId, string identifier, string stateType, DateTimeOffset sent, string stateName = "Done", bool stateChanged = true) => new JsonObject
    {
        ["action"] = "update",
        ["type"] = "Issue",
        ["actor"] = new JsonObject { ["id"] = "u1", ["name"] = "Eve Engineer" },
        ["createdAt"] = sent.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["data"] = new JsonObject
        {
            ["id"] = issueId,
            ["identifier"] = identifier,
            ["title"] = "first_reply escalated: Checkout fails with 500",
            ["stateId"] = "s1",
            ["state"] = new JsonObject { ["id"] = "s1", ["name"] = stateName, ["type"] = stateType },
            ["updatedAt"] = sent.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        },
        ["updatedFrom"] = stateChanged
            ? new JsonObject { ["stateId"] = "s0", ["updatedAt"] = sent.AddMinutes(-5).ToString("O", System.Globalization.CultureInfo.InvariantCulture) }
            : new JsonObject { ["title"] = "Checkout fails", ["updatedAt"] = sent.AddMinutes(-5).ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
        ["url"] = UrlOf(identifier),
        ["webhookTimestamp"] = sent.ToUnixTimeMilliseconds(),
    }.ToJsonString();

    /// <summary>The hex HMAC-SHA256 of <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static string Hex(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary><paramref name="body"/> as Linear sends it: JSON with <c>Linear-Signature</c>, signed with <paramref name="secret"/>.</summary>
    public static StringContent Signed(string body, string secret)
    {
        var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add("Linear-Signature", Hex(secret, body));
        return content;
    }

    private static JsonObject Issue(string linearId, string identifier) =>
        new() { ["id"] = linearId, ["identifier"] = identifier, ["url"] = UrlOf(identifier) };
}
