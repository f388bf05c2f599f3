using System.Net;
using System.Net.Sockets;

namespace Terminal.Tests.Tools;

public sealed class PlatformServeCommandTests : CliHarness
{
    [Fact]
    public void Operator_add_stores_an_account_that_list_shows_and_serve_counts()
    {
        var db = PathOf("usage.db");
        var r = Run("platform", "operator", "add", "--db", db, "--username", "wuhan-ops", "--region", "420100", "--password-file", Write("pw", "a long passphrase here\n"));
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("may see region 420100", r.Out);
        r = Run("platform", "operator", "list", "--db", db);
        Assert.Equal("wuhan-ops\t420100", r.Out.Trim());
        Assert.DoesNotContain("passphrase", r.Out);
        r = Run("platform", "serve", "--db", db, "--port", "0", "--duration-seconds", "1");
        Assert.True(r.Code == 0, r.Err);
        Assert.Matches(@"operator view: http://127\.0\.0\.1:\d+/ \(store SQLite .*usage\.db, 1 operator accounts\)", r.Out);
    }

    [Fact]
    public void Bad_input_is_one_line_and_exit_2()
    {
        var db = PathOf("usage.db");
        AssertBadInput(Run("platform", "operator", "add", "--db", db, "--username", "wuhan", "--region", "420100", "--password-file", Write("short", "short\n")), "at least 12 characters");
        AssertBadInput(Run("platform", "operator", "add", "--db", db, "--username", "wuhan", "--region", "hubei", "--password-file", Write("pw", "a long passphrase here")), "6-digit division code");
        AssertBadInput(Run("platform", "operator", "add", "--db", db, "--username", "wuhan", "--region", "420100", "--password-file", PathOf("missing")), "cannot read the password");
        AssertBadInput(Run("platform", "serve", "--db", PathOf("none.db"), "--port", "0", "--duration-seconds", "1"), "no such store");
        Run("platform", "operator", "add", "--db", db, "--username", "wuhan", "--region", "420100", "--password-file", PathOf("pw"));
        AssertBadInput(Run("platform", "serve", "--db", db, "--host", "localhost", "--duration-seconds", "1"), "--host must be an IP address");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        AssertBadInput(Run("platform", "serve", "--db", db, "--port", port.ToString(), "--duration-seconds", "1"), "address already in use");
    }
}
