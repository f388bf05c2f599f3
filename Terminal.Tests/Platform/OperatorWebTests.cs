using System.Net;
using System.Text.RegularExpressions;
using Terminal.Tools.Platform;
using Terminal.Tools.Platform.Operator;
using Terminal.Tools.Platform.Web;
using static Terminal.Tests.Platform.PlatformFixtures;

namespace Terminal.Tests.Platform;

/// <summary>The operator view over HTTP, in-process: sign-in, anonymous refusal, region isolation, no personal data.</summary>
public sealed partial class OperatorWebTests : IAsyncLifetime
{
    private const string Password = "a long test passphrase";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("rp-web-");
    private SqliteUsageStore _store = null!;
    private OperatorWeb _web = null!;

    public async Task InitializeAsync()
    {
        _store = await NewStoreAsync(_directory.FullName);
        var now = DateTime.UtcNow;
        await _store.StoreAsync(
            [Check("HB-W1", 1, now.AddMinutes(-3), "VALID"), Check("HB-W1", 2, now.AddMinutes(-2), "FORGERY_ALERT", permit: "420100987654"),
             Check("HB-Y1", 1, now.AddMinutes(-1), "VALID", region: "420500", point: "yichang-desk")],
            [Status("HB-W1", true, now), Heartbeat("HB-W1", now, now), Status("HB-Y1", true, now, region: "420500")], default);
        var accounts = new OperatorAccounts(_store.Database);
        await accounts.SetAsync("wuhan", "420100", Password, default);
        await accounts.SetAsync("province", "*", Password, default);
        _web = await OperatorWeb.StartAsync(_store.Database, new OperatorWebOptions { Port = 0, SignInsPerMinute = 1000 }, default);
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _store.DisposeAsync();
        _directory.Delete(true);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private HttpClient Client() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = _web.Address };

    private async Task<HttpResponseMessage> SignInAsync(HttpClient client, string username, string password, bool withToken = true)
    {
        var page = await client.GetStringAsync("/login");
        var form = new Dictionary<string, string> { ["username"] = username, ["password"] = password, ["returnUrl"] = "/" };
        if (withToken)
        {
            form["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value;
        }

        return await client.PostAsync("/login", new FormUrlEncodedContent(form));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/usage")]
    [InlineData("/alerts")]
    [InlineData("/terminals/HB-W1")]
    public async Task Every_page_sends_an_anonymous_visitor_to_the_sign_in(string path)
    {
        using var client = Client();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("HB-W1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_password_or_a_missing_antiforgery_token_does_not_sign_in()
    {
        using var client = Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "wuhan", Password + "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "nobody", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(client, "wuhan", Password, withToken: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_region_operator_sees_only_the_region_and_is_refused_another_regions_terminal()
    {
        using var client = Client();
        var signIn = await SignInAsync(client, "wuhan", Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var fleet = await client.GetStringAsync("/");
        Assert.Contains("data-terminal=\"HB-W1\"", fleet);
        Assert.DoesNotContain("HB-Y1", fleet);
        var other = await client.GetAsync("/terminals/HB-Y1");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("yichang-desk", await other.Content.ReadAsStringAsync());
        Assert.DoesNotContain("yichang-desk", await client.GetStringAsync("/usage"));
        Assert.DoesNotContain("HB-Y1", await client.GetStringAsync("/alerts"));
    }

    [Fact]
    public async Task The_province_sees_both_regions_the_alert_and_no_permit_numbers()
    {
        using var client = Client();
        await SignInAsync(client, "province", Password);
        var fleet = await client.GetStringAsync("/");
        Assert.Contains("data-terminal=\"HB-Y1\"", fleet);
        Assert.Contains("class=\"alert-FORGERY_ALERT\"", await client.GetStringAsync("/alerts"));
        var terminal = await client.GetStringAsync("/terminals/HB-W1");
        Assert.Contains("<dd id=\"checks-stored\">2</dd>", terminal);
        Assert.Contains("FORGERY_ALERT", terminal);
        Assert.DoesNotContain("420100987654", terminal); // 第二十条: the permit number stays in the store
        Assert.DoesNotContain("420100000123", terminal);
        var usage = await client.GetStringAsync("/usage");
        Assert.Contains("<script id=\"usage-data\" type=\"application/json\">", usage);
        Assert.Contains("/static/lib/chart.js/chart.umd.min.js", usage);
    }

    [Fact]
    public async Task Pages_forbid_inline_script_and_the_chart_library_is_served()
    {
        using var client = Client();
        var login = await client.GetAsync("/login");
        Assert.Contains("script-src 'self'", login.Headers.GetValues("Content-Security-Policy").Single());
        var chart = await client.GetAsync("/static/lib/chart.js/chart.umd.min.js");
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.StartsWith("/*!\n * Chart.js v4.6.1", await chart.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/static/nothing.js")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var client = Client();
        await SignInAsync(client, "province", Password);
        var fleet = await client.GetStringAsync("/");
        var token = AntiforgeryToken().Match(fleet).Groups[1].Value;
        var signOut = await client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}
