using System.Net;
using System.Text;
using System.Text.Json;
using SlaEscalation.Silo.Tests.Docs;

namespace SlaEscalation.Silo.Tests.ApiDescription;

/// <summary>
/// <c>GET /openapi/v1.json</c> and the reference at <c>/docs</c>: open to any signed-in key, the same as the committed
/// docs/openapi.json, and every example in it answered by a running silo as the document says.
/// </summary>
public sealed class OpenApiDocumentTests(ApiDescriptionSilo fixture) : IClassFixture<ApiDescriptionSilo>
{
    private const string Regenerate =
        "UPDATE_OPENAPI=1 dotnet test tests/SlaEscalation.Silo.Tests --filter FullyQualifiedName~OpenApiDocumentTests.The_committed_document_is_what_the_silo_serves";

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/")]
    [InlineData("/docs/scalar.js")]
    public async Task The_document_and_the_reference_refuse_a_caller_without_a_key(string path)
    {
        using var anonymous = fixture.Anonymous();

        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_key_with_only_tickets_read_reads_the_document_and_the_reference_with_its_script_from_the_silo()
    {
        using var reader = fixture.Reader();

        using var document = await reader.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var page = await reader.GetStringAsync(new Uri("/docs/", UriKind.Relative));
        using var script = await reader.GetAsync(new Uri("/docs/scalar.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"scalar.js\"></script>", page, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/v1.json\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task A_browser_opens_the_reference_with_its_login_prompt_but_never_the_api()
    {
        using var browser = fixture.Anonymous();
        browser.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"lead:{SiloProcess.ReaderKey}")));

        using var challenge = await fixture.Anonymous().GetAsync(new Uri("/docs/", UriKind.Relative));
        using var docs = await browser.GetAsync(new Uri("/docs/", UriKind.Relative));
        using var api = await browser.GetAsync(new Uri("/v1/tickets?sla=breached", UriKind.Relative));

        Assert.StartsWith("Basic realm=", challenge.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task The_committed_document_is_what_the_silo_serves()
    {
        var served = Normalized(await ServedAsync());
        var path = Path.Combine(DocumentationLinkTests.FindRoot(), "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        var committed = File.Exists(path) ? Normalized(await File.ReadAllTextAsync(path)) : string.Empty;
        Assert.True(committed == served,
            $"docs/openapi.json is not what the silo serves at /openapi/v1.json ({FirstDifference(committed, served)}). " +
            $"If the API change is meant, regenerate the file and commit it: {Regenerate}");
    }

    [Theory]
    [InlineData("/v1/tickets", "get", "tickets:read")]
    [InlineData("/v1/configuration", "get", "config:write tickets:read")]
    [InlineData("/v1/configuration", "put", "config:write")]
    [InlineData("/v1/escalations/{id}/ack", "post", "escalations:write")]
    [InlineData("/v1/ops/silos", "get", "operator")]
    [InlineData("/v1/adapters/{kind}/{connection}", "post", "")]
    public async Task Each_operation_names_the_scopes_its_endpoint_enforces(string path, string method, string scopes)
    {
        using var document = JsonDocument.Parse(await ServedAsync());

        var security = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("security");

        Assert.Equal(scopes, string.Join(' ', security.EnumerateArray().SelectMany(s => s.GetProperty("ApiKey").EnumerateArray()).Select(s => s.GetString())));
    }

    [Fact]
    public async Task Every_refusal_is_a_problem_listing_its_errors_in_the_one_shape()
    {
        using var document = JsonDocument.Parse(await ServedAsync());
        var root = document.RootElement;
        var check = new SchemaCheck(root);

        var refusals = root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().SelectMany(o => o.Value.GetProperty("responses").EnumerateObject()
                .Where(r => r.Name[0] is '4' or '5')
                .Select(r => (Where: $"{o.Name.ToUpperInvariant()} {p.Name} {r.Name}", Response: Response(check, r.Value)))))
            .ToList();
        var notProblems = refusals
            .Where(r => !r.Response.GetProperty("content").TryGetProperty("application/problem+json", out var media)
                || media.GetProperty("schema").GetProperty("$ref").GetString() != "#/components/schemas/Problem")
            .Select(r => r.Where)
            .ToList();
        var invalidBody = JsonDocument.Parse("""{"title": "Invalid", "status": 400, "errors": [{"pointer": "/0/time", "detail": "required"}, {"parameter": "limit", "detail": "1 to 1000"}]}""").RootElement;

        Assert.Empty(notProblems);
        Assert.Contains(refusals, r => r.Where == "POST /v1/events 400");
        Assert.Empty(check.Errors(root.GetProperty("components").GetProperty("schemas").GetProperty("Problem"), invalidBody));
        Assert.NotEmpty(check.Errors(root.GetProperty("components").GetProperty("schemas").GetProperty("Problem"),
            JsonDocument.Parse("""{"title": "Invalid", "status": 400, "errors": [{"pointer": "/0/time"}]}""").RootElement));
    }

    [Fact]
    public async Task Every_documented_example_is_answered_as_documented()
    {
        using var document = JsonDocument.Parse(await ServedAsync());
        var root = document.RootElement;
        var check = new SchemaCheck(root);
        var failures = new List<string>();
        var sent = 0;

        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (!operation.Value.TryGetProperty("requestBody", out var body))
                {
                    continue;
                }

                foreach (var media in body.GetProperty("content").EnumerateObject())
                {
                    if (!media.Value.TryGetProperty("examples", out var examples))
                    {
                        continue;
                    }

                    foreach (var example in examples.EnumerateObject())
                    {
                        var where = $"{operation.Name.ToUpperInvariant()} {path.Name} '{example.Value.GetProperty("summary").GetString()}'";
                        var uri = Fill(path.Name, operation.Value, example.Name);
                        using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), uri)
                        {
                            Content = new StringContent(example.Value.GetProperty("value").GetRawText(), Encoding.UTF8, media.Name),
                        };
                        using var response = await fixture.Silo.Http.SendAsync(request);
                        sent++;
                        failures.AddRange((await AnsweredAsDocumentedAsync(check, operation.Value, response)).Select(f => $"{where} -> {(int)response.StatusCode}: {f}"));
                    }
                }
            }
        }

        Assert.True(sent >= 10, $"only {sent} examples are documented");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// What is wrong with an answer: an example is accepted, or names a resource that does not exist (an escalation
    /// id no test raised); its status is documented, and its body has a documented media type and that schema.
    /// </summary>
    private static async Task<IReadOnlyList<string>> AnsweredAsDocumentedAsync(SchemaCheck check, JsonElement operation, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status is not (>= 200 and < 300 or 404))
        {
            return [$"an example must be accepted: {text}"];
        }

        if (!operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var documented))
        {
            return ["the status is not documented"];
        }

        var described = Response(check, documented);
        if (text.Length == 0)
        {
            return [];
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (!described.TryGetProperty("content", out var content) || !content.TryGetProperty(mediaType, out var media))
        {
            return [$"the media type '{mediaType}' is not documented for this status"];
        }

        using var body = JsonDocument.Parse(text);
        return [.. check.Errors(media.GetProperty("schema"), body.RootElement)];
    }

    private static JsonElement Response(SchemaCheck check, JsonElement response) =>
        response.TryGetProperty("$ref", out var reference) ? check.Resolve(reference.GetString()!) : response;

    /// <summary>The path with each parameter filled from its example of the same name.</summary>
    private static Uri Fill(string path, JsonElement operation, string example)
    {
        foreach (var parameter in operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : default)
        {
            if (parameter.GetProperty("in").GetString() == "path")
            {
                var value = parameter.GetProperty("examples").GetProperty(example).GetProperty("value").GetString()!;
                path = path.Replace($"{{{parameter.GetProperty("name").GetString()}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
            }
        }

        return new Uri(path, UriKind.Relative);
    }

    private async Task<string> ServedAsync()
    {
        using var reader = fixture.Reader();
        return await reader.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
    }

    private static string Normalized(string json) => json.ReplaceLineEndings("\n").TrimEnd() + "\n";

    private static string FirstDifference(string committed, string served)
    {
        var left = committed.Split('\n');
        var right = served.Split('\n');
        for (var line = 0; line < Math.Max(left.Length, right.Length); line++)
        {
            var a = line < left.Length ? left[line] : "(end of file)";
            var b = line < right.Length ? right[line] : "(end of document)";
            if (a != b)
            {
                return $"first difference at line {line + 1}: committed '{a.Trim()}', served '{b.Trim()}'";
            }
        }

        return "they differ";
    }
}
