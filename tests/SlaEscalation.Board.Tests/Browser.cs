using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace SlaEscalation.Board.Tests;

/// <summary>
/// Debian's chromium, headless, driven through Debian's chromedriver. A machine without them fails the board tests
/// with the packages to install: CI installs both, and a skipped browser test would hide a broken board.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private Browser(ChromeDriver driver) => Driver = driver;

    public ChromeDriver Driver { get; }

    /// <summary>Where the screenshots go: the test output directory.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "board-screenshots");

    public static Browser Start()
    {
        var chromium = Environment.GetEnvironmentVariable("BOARD_TEST_CHROMIUM") ?? ChromiumPath;
        var driver = Environment.GetEnvironmentVariable("BOARD_TEST_CHROMEDRIVER") ?? DriverPath;
        if (!File.Exists(chromium) || !File.Exists(driver))
        {
            throw new InvalidOperationException(
                $"The board's browser tests need Chromium at {chromium} and chromedriver at {driver}: install them with " +
                "'apt-get install chromium chromium-driver' (Debian), or name them in BOARD_TEST_CHROMIUM and BOARD_TEST_CHROMEDRIVER.");
        }

        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.HideCommandPromptWindow = true;
        return new Browser(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)));
    }

    /// <summary>
    /// Clicks <paramref name="element"/> (a submit button or a link) and returns once the page it leads to has loaded.
    /// A click returns before the navigation it starts: without the wait, the next read or navigation races it, and the
    /// old page (or the page a late redirect lands on) is what the test sees.
    /// </summary>
    public void ClickAndWaitForPage(IWebElement element)
    {
        var page = Driver.FindElement(By.TagName("html"));
        element.Click();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!HasLeft(page) || !IsLoaded())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited 15 s for the page after the click to load; the browser is at {Driver.Url}");
            }

            Thread.Sleep(25);
        }
    }

    private static bool HasLeft(IWebElement page)
    {
        try
        {
            _ = page.TagName;
            return false;
        }
        catch (StaleElementReferenceException)
        {
            return true;
        }
        catch (UnknownErrorException e) when (e.Message.Contains("does not belong to the document", StringComparison.Ordinal))
        {
            // Chrome's answer for the same detached element while the old document is being torn down.
            return true;
        }
    }

    private bool IsLoaded() => Driver.ExecuteScript("return document.readyState") as string == "complete";

    /// <summary>Saves what the browser shows as <paramref name="name"/>.png under <see cref="ScreenshotDirectory"/>.</summary>
    public void Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        Driver.GetScreenshot().SaveAsFile(Path.Combine(ScreenshotDirectory, name + ".png"));
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
