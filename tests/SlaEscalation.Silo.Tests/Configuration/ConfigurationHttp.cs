using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SlaEscalation.Silo.Tests.Configuration;

/// <summary>Requests and readings the configuration API tests share.</summary>
public static class ConfigurationHttp
{
    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static async Task<HttpResponseMessage> PutAsync(HttpClient http, string path, string body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(path, UriKind.Relative)) { Content = Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return await http.SendAsync(request);
    }

    /// <summary>The configuration version the silo holds now.</summary>
    public static async Task<long> VersionAsync(HttpClient http)
    {
        var configuration = await http.GetFromJsonAsync<JsonElement>(new Uri("/v1/configuration", UriKind.Relative));
        return configuration.GetProperty("version").GetInt64();
    }

    /// <summary>The places (pointers or parameters) a validation problem names, each once, in order.</summary>
    public static async Task<string[]> ErrorPathsAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. problem.GetProperty("errors").EnumerateArray().Select(Place).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Where one error of a problem's <c>errors</c> is: its pointer or its parameter.</summary>
    public static string Place(JsonElement error) =>
        (error.TryGetProperty("pointer", out var pointer) ? pointer : error.GetProperty("parameter")).GetString()!;
}
