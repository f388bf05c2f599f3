using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Terminal.Tools.Platform.Operator;

namespace Terminal.Tools.Platform.Web;

public sealed class OperatorWebOptions
{
    /// <summary>Address to listen on; loopback unless a deployment puts a TLS reverse proxy in front.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>0 picks a free port.</summary>
    public int Port { get; set; } = 8080;

    public AlertThresholds Alerts { get; set; } = new();

    /// <summary>Rows on the fleet page.</summary>
    public int FleetLimit { get; set; } = 2000;

    public int RecentChecks { get; set; } = 50;

    public int UsageDays { get; set; } = 14;

    /// <summary>Failed or successful sign-ins allowed per client address and minute.</summary>
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>Where ASP.NET Core logs go (warnings and above); null for none.</summary>
    public TextWriter? Log { get; set; }
}

/// <summary>
/// `platform serve`: the read-only operator view over the platform's database. Every endpoint but the sign-in page
/// and the static files requires a signed-in operator (authorization fallback policy); every query is scoped to the
/// operator's region by <see cref="OperatorQueries"/>. Cookie: HttpOnly, SameSite=Strict, 8 h sliding.
/// </summary>
public sealed class OperatorWeb : IAsyncDisposable
{
    public const string RegionClaim = "rp:region";

    private readonly WebApplication _app;

    private OperatorWeb(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri Address { get; }

    /// <summary>
    /// Cancelled when the process is asked to stop (Ctrl+C, SIGTERM): ASP.NET Core's console lifetime holds the process
    /// until the host is stopped, so whoever waits on the view must stop waiting then.
    /// </summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public static async Task<OperatorWeb> StartAsync(PlatformDatabase database, OperatorWebOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (options.Log != null)
        {
            builder.Logging.AddProvider(new WriterLoggerProvider(options.Log)).SetMinimumLevel(LogLevel.Warning);
        }

        builder.WebHost.ConfigureKestrel(k => k.Listen(options.Address, options.Port));
        builder.Services.AddSingleton(new OperatorQueries(database));
        builder.Services.AddSingleton(new OperatorAccounts(database));
        builder.Services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "rp.af";
            a.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(c =>
        {
            c.Cookie.Name = "rp.operator";
            c.Cookie.HttpOnly = true;
            c.Cookie.SameSite = SameSiteMode.Strict;
            c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            c.ExpireTimeSpan = TimeSpan.FromHours(8);
            c.SlidingExpiration = true;
            c.LoginPath = "/login";
            c.LogoutPath = "/logout";
        });
        builder.Services.AddAuthorization(a => a.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(RegionClaim).Build());
        builder.Services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.AddPolicy("sign-in", context => RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (!context.Request.Path.StartsWithSegments("/static"))
            {
                headers.CacheControl = "no-store";
            }

            await next();
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        MapEndpoints(app, options);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync();
            throw new Keys.InputException(options.Address + ":" + options.Port + ": address already in use (choose another port)");
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OperatorWeb(app, new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal) + "/"));
    }

    private static void MapEndpoints(WebApplication app, OperatorWebOptions options)
    {
        app.MapGet("/static/{**path}", (string path) => StaticFile(path)).AllowAnonymous();

        app.MapGet("/login", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Html(OperatorPages.Login(antiforgery.GetAndStoreTokens(context).FormFieldName, antiforgery.GetAndStoreTokens(context).RequestToken!, null, returnUrl)))
            .AllowAnonymous();

        app.MapPost("/login", async (HttpContext context, IAntiforgery antiforgery, OperatorAccounts accounts) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("the sign-in form expired; reload the page");
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            string username = form["username"].ToString().Trim(), password = form["password"].ToString();
            string returnUrl = LocalOnly(form["returnUrl"].ToString());
            var account = username.Length == 0 ? null : await accounts.VerifyAsync(username, password, context.RequestAborted);
            if (account == null)
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                return Html(OperatorPages.Login(tokens.FormFieldName, tokens.RequestToken!, "Wrong username or password.", returnUrl), StatusCodes.Status401Unauthorized);
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, account.Username), new Claim(RegionClaim, account.Region)],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect(returnUrl);
        }).AllowAnonymous().RequireRateLimiting("sign-in");

        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("reload the page to sign out");
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        });

        app.MapGet("/", async (HttpContext context, IAntiforgery antiforgery, OperatorQueries queries) =>
        {
            var who = Operator(context);
            var rows = await queries.FleetAsync(who.Scope, options.FleetLimit, context.RequestAborted);
            long total = rows.Count < options.FleetLimit ? rows.Count : await queries.TerminalCountAsync(who.Scope, context.RequestAborted);
            return Html(OperatorPages.Fleet(who, LogoutField(context, antiforgery), rows, total, DateTime.UtcNow));
        });

        app.MapGet("/terminals/{id}", async (string id, HttpContext context, IAntiforgery antiforgery, OperatorQueries queries) =>
        {
            var who = Operator(context);
            var terminal = await queries.TerminalAsync(who.Scope, id, context.RequestAborted);
            if (terminal == null)
            {
                return Html(OperatorPages.NotInRegion(who, LogoutField(context, antiforgery), id), StatusCodes.Status404NotFound);
            }

            var now = DateTime.UtcNow;
            var checks = await queries.RecentChecksAsync(who.Scope, id, options.RecentChecks, context.RequestAborted);
            var alertChecks = (await queries.AlertChecksAsync(who.Scope, now - options.Alerts.Window, context.RequestAborted)).Where(c => c.Terminal == id).ToList();
            var alerts = FleetAlerts.Evaluate([terminal], alertChecks, now, options.Alerts);
            return Html(OperatorPages.Terminal(who, LogoutField(context, antiforgery), terminal, checks, alerts, now));
        });

        app.MapGet("/usage", async (HttpContext context, IAntiforgery antiforgery, OperatorQueries queries) =>
        {
            var who = Operator(context);
            var now = DateTime.UtcNow;
            // From Beijing midnight, UsageDays - 1 days ago.
            var since = (now + TimeSpan.FromHours(8)).Date.AddDays(1 - options.UsageDays) - TimeSpan.FromHours(8);
            var counts = await queries.UsagePerPointAndDayAsync(who.Scope, since, context.RequestAborted);
            return Html(OperatorPages.Usage(who, LogoutField(context, antiforgery), counts, options.UsageDays, now));
        });

        app.MapGet("/alerts", async (HttpContext context, IAntiforgery antiforgery, OperatorQueries queries) =>
        {
            var who = Operator(context);
            var now = DateTime.UtcNow;
            var terminals = await queries.FleetAsync(who.Scope, int.MaxValue, context.RequestAborted);
            var checks = await queries.AlertChecksAsync(who.Scope, now - options.Alerts.Window, context.RequestAborted);
            return Html(OperatorPages.Alerts(who, LogoutField(context, antiforgery), FleetAlerts.Evaluate(terminals, checks, now, options.Alerts), options.Alerts, now));
        });
    }

    /// <summary>The signed-in operator (the fallback policy guarantees both claims on every non-anonymous endpoint).</summary>
    private static OperatorAccount Operator(HttpContext context) =>
        new(context.User.Identity!.Name!, context.User.FindFirst(RegionClaim)!.Value);

    private static string LogoutField(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{System.Net.WebUtility.HtmlEncode(tokens.FormFieldName)}\" value=\"{System.Net.WebUtility.HtmlEncode(tokens.RequestToken)}\">";
    }

    /// <summary>Only a local path ("/..." but not "//host"): a sign-in never redirects off the site.</summary>
    private static string LocalOnly(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";

    private static IResult Html(string html, int status = StatusCodes.Status200OK) => Results.Content(html, "text/html; charset=utf-8", null, status);

    private static IResult StaticFile(string path)
    {
        var stream = typeof(OperatorWeb).Assembly.GetManifestResourceStream("web/" + path);
        if (stream == null)
        {
            return Results.NotFound();
        }

        string type = Path.GetExtension(path) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".md" => "text/plain; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>ASP.NET Core's warnings to a TextWriter (the CLI's stderr), one line each.</summary>
    private sealed class WriterLoggerProvider(TextWriter writer) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new WriterLogger(writer, categoryName);

        public void Dispose()
        {
        }

        private sealed class WriterLogger(TextWriter writer, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lock (writer)
                    {
                        writer.WriteLine("web: " + logLevel + " " + category + ": " + formatter(state, exception));
                    }
                }
            }
        }
    }
}
