using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenQA.Selenium;

namespace SlaEscalation.Board.Tests;

/// <summary>Two silo processes in one cluster (PostgreSQL membership): a board open on one hears the other.</summary>
public sealed class BoardAcrossSilosTests
{
    [Fact]
    public async Task Tickets_posted_to_silo_b_appear_on_a_board_open_on_silo_a_within_2_seconds()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("board");
        var cluster = $"board-{Guid.NewGuid():N}"[..20];
        await using var a = await SiloProcess.StartAsync(SiloProcess.Environment("silo-a", cluster, database));
        await using var b = await SiloProcess.StartAsync(SiloProcess.Environment("silo-b", cluster, database));
        await Eventually.TrueAsync(async () => (await a.ActiveSilosAsync()).Length == 2 && (await b.ActiveSilosAsync()).Length == 2,
            TimeSpan.FromSeconds(60), "both silos to see each other");
        await b.Http.PutJsonAsync("/v1/configuration", JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(SiloExecutable.Path)!, "sample-configuration.json")))!);

        using var browser = Browser.Start();
        var driver = browser.Driver;
        var boardA = new Uri($"http://127.0.0.1:{a.HttpPort}");
        driver.Navigate().GoToUrl(new Uri(boardA, "/board/sign-in"));
        driver.FindElement(By.Id("key")).SendKeys(SiloProcess.OperatorKey);
        browser.ClickAndWaitForPage(driver.FindElement(By.CssSelector("form.sign-in button[type=submit]")));
        await Eventually.TrueAsync(() => driver.FindElement(By.Id("live-status")).Text.StartsWith("Live", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the live channel to connect");

        // Several tickets, so that wherever the cluster places their grains some raise their transitions on silo b.
        var keys = Enumerable.Range(1, 6).Select(i => $"helpdesk:across-{i}").ToArray();
        foreach (var key in keys)
        {
            var created = GatewayRequests.Event(key, "evt-" + key, "ticket.created", DateTimeOffset.UtcNow.AddSeconds(-70),
                new JsonObject { ["priority"] = "urgent" }, source: "helpdesk");
            var (status, body) = await b.Http.PostEventsAsync(created);
            Assert.True(status == HttpStatusCode.Accepted, body);
        }

        await Eventually.TrueAsync(
            () => keys.All(key => driver.FindElements(By.CssSelector("table[data-state='at_risk'] tbody tr")).Any(r => r.GetAttribute("data-key") == key)),
            TimeSpan.FromSeconds(2), "every ticket posted to silo b on silo a's board without a reload", () => driver.FindElement(By.Id("now")).Text);
        browser.Screenshot("now-across-silos");
        var listed = await a.Http.GetFromJsonAsync<JsonObject>("/v1/tickets?sla=at_risk");
        Assert.Equal(keys.Length, listed!["tickets"]!.AsArray().Count);
    }
}
