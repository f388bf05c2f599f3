using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Terminal.Tools.Commands;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Interop;

/// <summary>
/// `demo --web` in a real browser: Debian's headless Chromium driven by Selenium WebDriver through Debian's
/// chromium-driver. Signs in as the 武汉 operator, sees the demo terminal online with 23 checks and the forgery alert,
/// is refused the 宜昌 terminal's page, and saves a screenshot of the province's fleet page (and of the usage chart)
/// into Terminal.Tests.Interop/bin/.../screenshots — the README's picture is that file.
/// </summary>
public sealed class OperatorViewBrowserTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_demo_operator_signs_in_sees_the_demo_terminal_online_and_the_forgery_alert_and_is_refused_another_region()
    {
        var chromium = ExternalProcess.Require("chromium", "chromium");
        var driverPath = ExternalProcess.Require("chromedriver", "chromium-driver");
        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var output = new StringWriter();
        bool browsed = false;
        var web = new DemoWebOptions
        {
            WhileServing = (address, operators, _) =>
            {
                using var browser = Chromium(chromium, driverPath);
                var wuhan = operators.Single(o => o.Username == "wuhan");
                SignIn(browser, address, wuhan.Username, wuhan.Password);

                var row = Until(browser, By.CssSelector("tr[data-terminal='HB420100-DEMO1']"));
                Assert.Equal("online", row.FindElement(By.CssSelector("td.status .online")).Text);
                Assert.Equal("23", row.FindElement(By.CssSelector("td.checks")).Text);
                Assert.Empty(browser.FindElements(By.CssSelector("tr[data-terminal='" + DemoWeb.OtherTerminal + "']")));
                Assert.Contains("region 420100", browser.FindElement(By.Id("who")).Text);

                browser.Navigate().GoToUrl(new Uri(address, "alerts"));
                Assert.Contains(Until(browser, By.Id("alerts")).FindElements(By.CssSelector("td.alert-FORGERY_ALERT")), cell => cell.Text == "FORGERY_ALERT");

                browser.Navigate().GoToUrl(new Uri(address, "terminals/" + DemoWeb.OtherTerminal));
                Assert.Contains("There is no terminal " + DemoWeb.OtherTerminal + " in region 420100", Until(browser, By.Id("not-found")).Text);

                // The province's fleet page (both regions) and the usage chart, for the README.
                browser.Manage().Cookies.DeleteAllCookies();
                var province = operators.Single(o => o.Username == "province");
                SignIn(browser, address, province.Username, province.Password);
                Until(browser, By.CssSelector("tr[data-terminal='" + DemoWeb.OtherTerminal + "']"));
                browser.GetScreenshot().SaveAsFile(Path.Combine(screenshots, "operator-fleet.png"));
                browser.Navigate().GoToUrl(new Uri(address, "usage"));
                Until(browser, By.CssSelector("canvas#usage-chart[data-rendered='true']")); // Chart.js ran under the page's CSP
                browser.GetScreenshot().SaveAsFile(Path.Combine(screenshots, "operator-usage.png"));
                browsed = true;
                return Task.CompletedTask;
            },
        };

        int exit = await DemoCommand.Run("hospital", null, false, output, web: web);
        Assert.True(exit == 0, output.ToString());
        Assert.True(browsed, "the operator view never served: " + output);
        Assert.True(new FileInfo(Path.Combine(screenshots, "operator-fleet.png")).Length > 10_000);
    }

    private static ChromeDriver Chromium(string chromium, string driverPath)
    {
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1500,700", "--lang=zh-CN");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static void SignIn(IWebDriver browser, Uri address, string username, string password)
    {
        browser.Navigate().GoToUrl(address);
        Until(browser, By.Id("username")).SendKeys(username);
        browser.FindElement(By.Id("password")).SendKeys(password);
        browser.FindElement(By.Id("sign-in")).Click();
        Until(browser, By.Id("who"));
    }

    private static IWebElement Until(IWebDriver browser, By by) =>
        new WebDriverWait(browser, Wait).Until(d => d.FindElements(by).FirstOrDefault(e => e.Displayed) ?? d.FindElements(by).FirstOrDefault());
}
