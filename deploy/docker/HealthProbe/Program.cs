// One GET of the silo's liveness endpoint; exit code 0 when it answers 2xx, 1 otherwise. The chiseled runtime image
// has no shell and no curl, so the container's HEALTHCHECK runs this with the image's own dotnet host. It asks the
// port the silo serves HTTP on (Http__Port, as the silo reads it), unless a URL is given.
var port = Environment.GetEnvironmentVariable("Http__Port") is { Length: > 0 } configured ? configured : "8080";
var url = args.Length > 0 ? args[0] : $"http://127.0.0.1:{port}/health/live";
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
try
{
    using var response = await http.GetAsync(new Uri(url));
    Console.WriteLine($"{url}: {(int)response.StatusCode}");
    return response.IsSuccessStatusCode ? 0 : 1;
}
catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
{
    Console.WriteLine($"{url}: {ex.Message}");
    return 1;
}
