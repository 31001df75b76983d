using System.Net;
using System.Text.Json.Nodes;
using OpenQA.Selenium;

namespace SlaEscalation.Board.Tests;

/// <summary>
/// One embedded silo with the sample configuration (urgent tickets: first reply within 2 minutes, at risk at half)
/// and one headless browser, shared by the board tests.
/// </summary>
public sealed class BoardSilo : IAsyncLifetime
{
    private SiloProcess? silo;
    private Browser? browser;

    public SiloProcess Silo => silo!;

    public Browser Browser => browser!;

    public Uri Base => new($"http://127.0.0.1:{Silo.HttpPort}");

    public async Task InitializeAsync()
    {
        var environment = SiloProcess.Environment("silo-board", "board-" + Guid.NewGuid().ToString("N")[..6], null);
        environment.Remove("Sla__SampleConfiguration");
        silo = await SiloProcess.StartAsync(environment);
        browser = Browser.Start();
    }

    public async Task DisposeAsync()
    {
        browser?.Dispose();
        if (silo is not null)
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary>Signs the browser in with <paramref name="key"/> through the sign-in page, ending any session first.</summary>
    public void SignIn(string key)
    {
        var driver = Browser.Driver;
        driver.Navigate().GoToUrl(new Uri(Base, "/board/sign-in"));
        driver.Manage().Cookies.DeleteAllCookies();
        driver.Navigate().GoToUrl(new Uri(Base, "/board/sign-in"));
        driver.FindElement(By.Id("key")).SendKeys(key);
        Browser.ClickAndWaitForPage(driver.FindElement(By.CssSelector("form.sign-in button[type=submit]")));
    }

    public void Open(string path) => Browser.Driver.Navigate().GoToUrl(new Uri(Base, path));

    /// <summary>Posts an urgent ticket created <paramref name="age"/> ago: at risk after 1 minute, breached after 2.</summary>
    public async Task PostUrgentAsync(string key, TimeSpan age)
    {
        var created = GatewayRequests.Event(key, "evt-" + key, "ticket.created", DateTimeOffset.UtcNow - age,
            new JsonObject { ["priority"] = "urgent", ["subject"] = "Checkout fails" }, source: "helpdesk");
        var (status, body) = await Silo.Http.PostEventsAsync(created);
        Assert.True(status == HttpStatusCode.Accepted, body);
    }
}
