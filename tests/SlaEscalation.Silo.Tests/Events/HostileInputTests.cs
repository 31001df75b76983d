using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Events;

/// <summary>
/// Hundreds of bad requests at the real gateway: every answer is a 4xx problem, none is a 5xx, and nothing is
/// applied (no ticket any of them names exists afterwards).
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private SiloProcess silo = null!;

    // Carries no key by default: each request says which key it presents, if any.
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        silo = await SiloProcess.StartAsync(SiloProcess.Environment("hostile", "hostile", postgres: null));
        client = new HttpClient { BaseAddress = silo.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task Hostile_requests_get_4xx_problems_and_change_nothing()
    {
        var requests = HostileRequests().ToList();
        Assert.True(requests.Count >= 200, $"only {requests.Count} hostile requests");

        var answers = new List<(string Name, HttpStatusCode Status, string? MediaType)>();
        foreach (var (name, build) in requests)
        {
            using var request = build();
            using var response = await client.SendAsync(request);
            answers.Add((name, response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        }

        Assert.All(answers, a => Assert.True((int)a.Status is >= 400 and < 500, $"{a.Name}: {(int)a.Status}"));
        Assert.All(answers, a => Assert.True(a.MediaType == "application/problem+json", $"{a.Name}: {a.MediaType}"));
        foreach (var key in TouchedKeys)
        {
            using var lookup = await silo.Http.GetAsync(new Uri($"/v1/tickets/{key}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        }
    }

    [Fact]
    public async Task Every_route_answers_blank_or_odd_identifiers_in_its_path_with_a_4xx_problem()
    {
        // The routes come from the silo's own API description, so a route added later is covered without a change here.
        using var document = JsonDocument.Parse(await silo.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        string[] oddValues = [" ", "  ", "\t", "\n", "\u00a0", "..", "\u2603", new string('x', 300)];
        var answers = new List<(string Request, int Status, string? MediaType)>();
        foreach (var route in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in route.Value.EnumerateObject())
            {
                var names = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];
                foreach (var odd in names.SelectMany(name => oddValues.Select(value => (name, value))))
                {
                    var path = names.Aggregate(route.Name, (template, name) =>
                        template.Replace($"{{{name}}}", Uri.EscapeDataString(name == odd.name ? odd.value : PlausibleValue(name)), StringComparison.Ordinal));
                    using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), new Uri(path, UriKind.Relative));
                    if (operation.Value.TryGetProperty("requestBody", out _))
                    {
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    }

                    using var response = await silo.Http.SendAsync(request);
                    answers.Add(($"{request.Method} {path}", (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType));
                }
            }
        }

        Assert.True(answers.Count >= 100, $"only {answers.Count} requests: did the API description lose its routes?");
        Assert.All(answers, a => Assert.True(a.Status is >= 400 and < 500, $"{a.Request}: {a.Status}"));
        Assert.All(answers.Where(a => !a.Request.StartsWith("HEAD ", StringComparison.Ordinal)), a => Assert.True(a.MediaType == "application/problem+json", $"{a.Request}: {a.MediaType}"));
    }

    private static string PlausibleValue(string parameter) => parameter switch
    {
        "kind" => "zendesk",
        "date" => "2026-12-07",
        _ => "hostile",
    };

    [Fact]
    public async Task A_replayed_batch_is_accepted_and_counted_as_duplicates()
    {
        var batch = new JsonArray(Event("replay-1", "hostile:replay"), Comment("replay-2", "hostile:replay"));

        var first = await PostAsync(batch.ToJsonString());
        var second = await PostAsync(batch.ToJsonString());

        Assert.Equal((HttpStatusCode.Accepted, """{"accepted":2,"duplicates":0}"""), first);
        Assert.Equal((HttpStatusCode.Accepted, """{"accepted":0,"duplicates":2}"""), second);
    }

    private static readonly string[] TouchedKeys = ["hostile:1", "hostile:2", "hostile:3"];

    private async Task<(HttpStatusCode, string)> PostAsync(string body) =>
        await silo.Http.PostEventsAsync(JsonNode.Parse(body)!);

    private static JsonObject Event(string id, string subject) =>
        GatewayRequests.Created(subject, id, DateTimeOffset.UtcNow.AddMinutes(-5), source: "hostile");

    private static JsonObject Comment(string id, string subject) =>
        GatewayRequests.Comment(subject, id, DateTimeOffset.UtcNow.AddMinutes(-4), "agent", source: "hostile");

    private static IEnumerable<(string Name, Func<HttpRequestMessage> Build)> HostileRequests()
    {
        // Malformed bodies.
        string[] malformed =
        [
            "", " ", "{", "}", "[", "]", "{]", "[}", "nul", "tru", "{\"a\":}", "{\"a\" 1}", "{'a':1}", "[1,]", "{\"a\":1,}",
            "\u0000", "\"unterminated", "{\"specversion\":\"1.0\"", "<xml/>", "id=1&type=ticket.created",
            new string('[', 200) + new string(']', 200), "{\"data\":" + new string('[', 40) + new string(']', 40) + "}",
        ];
        foreach (var body in malformed)
        {
            yield return ($"malformed {Short(body)}", () => Post(body));
        }

        // Wrong types and missing fields, for each attribute of a single event and of a batch item.
        JsonNode?[] wrongValues = [JsonValue.Create(7), JsonValue.Create(true), new JsonArray(), new JsonObject(), null, JsonValue.Create("")];
        string[] attributes = ["specversion", "id", "source", "type", "subject", "time"];
        foreach (var attribute in attributes)
        {
            foreach (var value in wrongValues)
            {
                var e = Event("bad", "hostile:1");
                e[attribute] = value?.DeepClone();
                yield return ($"{attribute}={value?.ToJsonString() ?? "null"}", () => Post(e.ToJsonString()));
                yield return ($"batch {attribute}={value?.ToJsonString() ?? "null"}", () => Post(new JsonArray(Event("good", "hostile:2"), e.DeepClone()).ToJsonString()));
            }

            var missing = Event("bad", "hostile:1");
            missing.Remove(attribute);
            yield return ($"missing {attribute}", () => Post(missing.ToJsonString()));
        }

        // Data fields of the wrong shape.
        (string Field, JsonNode? Value)[] badData =
        [
            ("priority", JsonValue.Create("critical")), ("priority", JsonValue.Create(1)), ("status", JsonValue.Create("waiting")),
            ("status", JsonValue.Create(false)), ("tags", JsonValue.Create("vip")), ("tags", new JsonArray(1, 2)),
            ("tags", new JsonArray(JsonValue.Create(""))), ("team", JsonValue.Create(5)), ("assignee", new JsonObject()),
            ("subject", JsonValue.Create(new string('x', 5000))), ("customerTier", new JsonArray()),
        ];
        foreach (var (field, value) in badData)
        {
            var e = Event("bad", "hostile:1");
            e["data"]![field] = value?.DeepClone();
            yield return ($"data.{field}={Short(value?.ToJsonString() ?? "null")}", () => Post(e.ToJsonString()));
        }

        var noData = Event("bad", "hostile:1");
        noData.Remove("data");
        yield return ("created without data", () => Post(noData.ToJsonString()));
        var dataString = Event("bad", "hostile:1");
        dataString["data"] = "priority=high";
        yield return ("data as a string", () => Post(dataString.ToJsonString()));
        var xmlData = Event("bad", "hostile:1");
        xmlData["datacontenttype"] = "application/xml";
        yield return ("xml data", () => Post(xmlData.ToJsonString()));

        // Comments without their role or visibility.
        foreach (var (role, isPublic) in new (JsonNode?, JsonNode?)[] { (null, true), ("agent", null), ("bot", true), ("agent", "yes"), (1, 0) })
        {
            var c = Comment("bad", "hostile:1");
            c["data"] = new JsonObject { ["authorRole"] = role?.DeepClone(), ["public"] = isPublic?.DeepClone() };
            yield return ($"comment role={role?.ToJsonString()} public={isPublic?.ToJsonString()}", () => Post(c.ToJsonString()));
        }

        // Unknown types.
        foreach (var type in new[] { "ticket.deleted", "TICKET.CREATED", "ticket.created ", "com.example.other", "ticket", "sla.breached" })
        {
            var e = Event("bad", "hostile:1");
            e["type"] = type;
            yield return ($"type {type}", () => Post(e.ToJsonString()));
        }

        // Subjects that are not ticket keys.
        foreach (var subject in new[] { "42", "no-colon", ":leading", "trailing:", "with space:1", "tab\t:1", "ünicode:1", "x:" + new string('y', 200) })
        {
            var e = Event("bad", "hostile:1");
            e["subject"] = subject;
            yield return ($"subject {Short(subject)}", () => Post(e.ToJsonString()));
        }

        // Times: far future, beyond the skew allowance, ancient, without offset, not a time.
        foreach (var time in new[]
        {
            DateTimeOffset.UtcNow.AddYears(5).ToString("O"), DateTimeOffset.UtcNow.AddHours(1).ToString("O"),
            DateTimeOffset.UtcNow.AddMinutes(10).ToString("O"), "1900-01-01T00:00:00Z", "2026-05-01T10:00:00",
            "2026-13-01T10:00:00Z", "2026-05-01", "now", "1714557600", "9999-12-31T23:59:59Z",
        })
        {
            var e = Event("bad", "hostile:1");
            e["time"] = time;
            yield return ($"time {time}", () => Post(e.ToJsonString()));
            yield return ($"batch time {time}", () => Post(new JsonArray(Event("good", "hostile:3"), e.DeepClone()).ToJsonString()));
        }

        // Batches: empty, too large, non-objects in them.
        yield return ("empty batch", () => Post("[]"));
        yield return ("batch of 1001", () => Post(new JsonArray(Enumerable.Range(0, 1001).Select(i => (JsonNode)Event($"b{i}", "hostile:1")).ToArray()).ToJsonString()));
        foreach (var item in new[] { "1", "\"x\"", "null", "[]", "true" })
        {
            yield return ($"batch item {item}", () => Post($"[{Event("good", "hostile:2").ToJsonString()},{item}]"));
        }

        // Oversize bodies, with and without a declared length.
        var huge = new string(' ', 5 * 1024 * 1024) + Event("big", "hostile:1").ToJsonString();
        yield return ("oversize body", () => Post(huge));
        yield return ("oversize chunked body", () =>
        {
            var request = Post(huge);
            request.Headers.TransferEncodingChunked = true;
            request.Content!.Headers.ContentLength = null;
            return request;
        });

        // Media types.
        foreach (var mediaType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data" })
        {
            yield return ($"media type {mediaType}", () => Post(Event("m", "hostile:1").ToJsonString(), mediaType));
        }

        yield return ("no media type", () =>
        {
            var request = Post(Event("m", "hostile:1").ToJsonString());
            request.Content!.Headers.ContentType = null;
            return request;
        });

        // Keys: none, wrong, in the wrong place, without the scope.
        var good = Event("auth", "hostile:1").ToJsonString();
        yield return ("no key", () => Post(good, key: null));
        foreach (var wrong in new[] { "wrong", SiloProcess.OperatorKey + "x", SiloProcess.OperatorKey[..^1], " ", "Bearer " + SiloProcess.OperatorKey })
        {
            yield return ($"wrong key {Short(wrong)}", () => Post(good, key: wrong));
        }

        yield return ("reader key without events:write", () => Post(good, key: SiloProcess.ReaderKey));
        yield return ("key in the query string", () =>
        {
            var request = Post(good, key: null);
            request.RequestUri = new Uri($"/v1/events?apiKey={SiloProcess.OperatorKey}", UriKind.Relative);
            return request;
        });
        yield return ("basic auth with the wrong password", () =>
        {
            var request = Post(good, key: null);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:nope")));
            return request;
        });
        yield return ("bearer without a token", () =>
        {
            var request = Post(good, key: null);
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer");
            return request;
        });

        // A hundred more single events each broken in one of the ways above, so none is special-cased by position.
        for (var i = 0; i < 100; i++)
        {
            var e = Event($"mix{i}", "hostile:1");
            switch (i % 5)
            {
                case 0: e["type"] = $"ticket.unknown{i}"; break;
                case 1: e["time"] = DateTimeOffset.UtcNow.AddDays(i + 1).ToString("O"); break;
                case 2: e.Remove("id"); break;
                case 3: e["data"]!["priority"] = $"p{i}"; break;
                default: e["subject"] = $"key{i}"; break;
            }

            yield return ($"mixed {i}", () => Post(e.ToJsonString()));
        }
    }

    private static HttpRequestMessage Post(string body, string mediaType = "application/cloudevents+json", string? key = SiloProcess.OperatorKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/events", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        return request;
    }

    private static string Short(string text) => JsonSerializer.Serialize(text.Length <= 24 ? text : text[..24] + "...");
}
