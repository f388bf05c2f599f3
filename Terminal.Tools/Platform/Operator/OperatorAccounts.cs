using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;

namespace Terminal.Tools.Platform.Operator;

public sealed record OperatorAccount(string Username, string Region)
{
    public OperatorScope Scope => new(Region);
}

/// <summary>
/// Operator accounts in the platform's database: username, region ("*" for the province) and a password hash from
/// ASP.NET Core Identity's PasswordHasher (PBKDF2-HMAC-SHA512, 100 000 iterations, per-user salt, versioned format,
/// constant-time comparison). Passwords are never stored or logged.
/// </summary>
public sealed partial class OperatorAccounts(PlatformDatabase database)
{
    public const int MinimumPasswordLength = 12;

    private static readonly PasswordHasher<OperatorAccount> Hasher = new();

    /// <summary>A hash of a password nobody has: verifying unknown users costs the same as known ones.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(new OperatorAccount("", ""), Guid.NewGuid().ToString("N"));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,31}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex RegionPattern();

    /// <summary>Null when fine, else why the account cannot be made (for the CLI's one-line error).</summary>
    public static string? Validate(string username, string region, string password)
    {
        if (!UsernamePattern().IsMatch(username))
        {
            return "username must be 3-32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit";
        }

        if (region != OperatorScope.Province && !RegionPattern().IsMatch(region))
        {
            return "region must be a 6-digit division code (e.g. 420100) or * for the whole province";
        }

        return password.Length < MinimumPasswordLength ? "password must be at least " + MinimumPasswordLength + " characters" : null;
    }

    /// <summary>Creates the account or replaces its region and password.</summary>
    public async Task SetAsync(string username, string region, string password, CancellationToken cancellationToken)
    {
        if (Validate(username, region, password) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        var hash = Hasher.HashPassword(new OperatorAccount(username, region), password);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, """
            INSERT INTO operators (username, region, password_hash, created_at) VALUES (@username, @region, @hash, @now)
            ON CONFLICT (username) DO UPDATE SET region = excluded.region, password_hash = excluded.password_hash
            """, ("@username", username), ("@region", region), ("@hash", hash), ("@now", database.Dialect.Time(DateTime.UtcNow)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The account when the password is right, else null (unknown user and wrong password look the same).</summary>
    public async Task<OperatorAccount?> VerifyAsync(string username, string password, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT region, password_hash FROM operators WHERE username = @username", ("@username", username));
        string? region = null, hash = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (region, hash) = (reader.GetString(0), reader.GetString(1));
            }
        }

        var account = new OperatorAccount(username, region ?? "");
        var result = Hasher.VerifyHashedPassword(account, hash ?? DummyHash, password);
        return region != null && result != PasswordVerificationResult.Failed ? account : null;
    }

    public async Task<List<OperatorAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT username, region FROM operators ORDER BY username");
        var accounts = new List<OperatorAccount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(new OperatorAccount(reader.GetString(0), reader.GetString(1)));
        }

        return accounts;
    }
}
