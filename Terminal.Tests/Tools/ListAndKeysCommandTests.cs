using Terminal.Core.Crypto;
using Terminal.Tools.Commands;
using Terminal.Tools.Keys;
using Terminal.Tools.Revocation;

namespace Terminal.Tests.Tools;

/// <summary>`keys` and `list` end to end, in-process through Program.Run, with stdout and stderr captured.</summary>
public sealed class ListAndKeysCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rt-tools-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Terminal.Tools.Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    private string Write(string name, string content)
    {
        File.WriteAllText(PathOf(name), content);
        return PathOf(name);
    }

    private void NewListKey(uint id = 7)
    {
        var r = Run("keys", "new", "--usage", "list-signer", "--id", id.ToString(), "--out", _dir, "--valid-from", "2026-01-01", "--valid-until", "2030-12-31");
        Assert.True(r.Code == 0, r.Err);
    }

    private const string IssuedAt = "2026-03-02T08:00:00+08:00";

    [Fact]
    public void Keys_new_writes_a_private_file_readable_only_by_its_owner_and_a_public_file()
    {
        NewListKey();
        string privatePath = PathOf("list-signer-7.private.json"), publicPath = PathOf("list-signer-7.public.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
        }

        var privateKey = KeyFile.Load(privatePath);
        var publicKey = KeyFile.Load(publicPath);
        Assert.True(privateKey.HasPrivateKey);
        Assert.False(publicKey.HasPrivateKey);
        Assert.DoesNotContain("privateKey", File.ReadAllText(publicPath));
        Assert.Equal(KeyUsage.ListSigner, publicKey.Usage);
        Assert.Equal(privateKey.PublicKey, publicKey.PublicKey);

        var exported = Run("keys", "export-public", "--key", privatePath, "--out", PathOf("exported.json"));
        Assert.Equal(0, exported.Code);
        Assert.Equal(File.ReadAllText(publicPath), File.ReadAllText(PathOf("exported.json")));

        var again = Run("keys", "new", "--usage", "list-signer", "--id", "7", "--out", _dir);
        Assert.Equal(ExitCodes.BadInput, again.Code);
        Assert.Contains("refusing to overwrite", again.Err);
    }

    [Fact]
    public void Build_inspect_delta_and_verify_round_trip()
    {
        NewListKey();
        string key = PathOf("list-signer-7.private.json"), pub = PathOf("list-signer-7.public.json");
        string csv = Write("n.csv", "permit,generation,reason,effective\n000000000123,0,3,2026-03-01\n000000000124,1,1,2026-02-01\n\n# comment\n000000009999,2,6,2026-01-15\n");
        string json = Write("m.json", """
            [
              { "permit": "000000000123", "generation": 0, "reason": 3, "effective": "2026-03-01" },
              { "permit": "000000009999", "generation": 2, "reason": "OtherCancellation", "effective": "2026-01-15" },
              { "permit": 77777, "generation": 0, "reason": 2, "effective": "2026-04-01" }
            ]
            """);
        Assert.Equal(0, Run("list", "build", "--entries", csv, "--key", key, "--sequence", "1", "--issued-at", IssuedAt, "--universe", "2000000", "--out", PathOf("n.rvl")).Code);
        var built = Run("list", "build", "--entries", json, "--key", key, "--sequence", "2", "--issued-at", IssuedAt, "--universe", "2000000", "--block-size", "512", "--out", PathOf("m.rvl"));
        Assert.True(built.Code == 0, built.Err);

        var inspect = Run("list", "inspect", PathOf("n.rvl"), "--entries");
        Assert.Equal(0, inspect.Code);
        Assert.Contains("sequence:        1", inspect.Out);
        Assert.Contains("entries:         3", inspect.Out);
        Assert.Contains("000000000124,1,1,2026-02-01", inspect.Out);

        var verify = Run("list", "verify", PathOf("n.rvl"), "--key", pub);
        Assert.True(verify.Code == 0, verify.Err);
        Assert.StartsWith("OK ", verify.Out);

        var delta = Run("list", "delta", "--from", PathOf("n.rvl"), "--to", PathOf("m.rvl"), "--key", key, "--out", PathOf("d.rvd"));
        Assert.True(delta.Code == 0, delta.Err);
        Assert.Equal(File.ReadAllBytes(PathOf("m.rvl")), ListFiles.ApplyDelta(File.ReadAllBytes(PathOf("n.rvl")), File.ReadAllBytes(PathOf("d.rvd"))));
        Assert.Contains("sequence:        1 -> 2", Run("list", "inspect", PathOf("d.rvd")).Out);
        var applied = Run("list", "verify", PathOf("d.rvd"), "--key", pub, "--base", PathOf("n.rvl"));
        Assert.True(applied.Code == 0, applied.Err);
        Assert.Contains("applied to", applied.Out);

        var wrongBase = Run("list", "verify", PathOf("d.rvd"), "--key", pub, "--base", PathOf("m.rvl"));
        Assert.Equal(ExitCodes.VerificationFailed, wrongBase.Code);
        Assert.StartsWith("INVALID", wrongBase.Err);
    }

    [Fact]
    public void Verify_fails_with_exit_code_3_on_a_tampered_list_or_an_untrusted_key()
    {
        NewListKey(7);
        NewListKey(8);
        string csv = Write("n.csv", "000000000123,0,3,2026-03-01\n");
        Assert.Equal(0, Run("list", "build", "--entries", csv, "--key", PathOf("list-signer-7.private.json"), "--sequence", "1", "--issued-at", IssuedAt, "--out", PathOf("n.rvl")).Code);
        byte[] bytes = File.ReadAllBytes(PathOf("n.rvl"));
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(PathOf("t.rvl"), bytes);
        var tampered = Run("list", "verify", PathOf("t.rvl"), "--key", PathOf("list-signer-7.public.json"));
        Assert.Equal(ExitCodes.VerificationFailed, tampered.Code);
        Assert.Contains("BadSignature", tampered.Err);
        var untrusted = Run("list", "verify", PathOf("n.rvl"), "--key", PathOf("list-signer-8.public.json"));
        Assert.Equal(ExitCodes.VerificationFailed, untrusted.Code);
        Assert.Contains("UnknownKey", untrusted.Err);
    }

    [Theory]
    [InlineData("000000000123,0,3,2026-03-01\n000000000124,0,9,2026-03-01\n", "n.csv:2: unknown reason code \"9\"")]
    [InlineData("permit,generation,reason,effective\n000000000123,0,3,2026-03-01\n000000000124,0,3\n", "n.csv:3: expected 4 fields")]
    [InlineData("000000000123,0,3,2026-02-30\n", "n.csv:1: effective date must be yyyy-mm-dd")]
    [InlineData("0000000001234,0,3,2026-03-01\n", "n.csv:1: permit number must be 1 to 12 decimal digits")]
    [InlineData("000000000123,16,3,2026-03-01\n", "n.csv:1: card generation must be 0..15")]
    [InlineData("000000000123,0,3,2026-03-01\n000000000555,0,3,2026-03-01\n000000000123,0,4,2026-03-02\n", "n.csv:3: duplicate entry for permit 000000000123 generation 0 (first at line 1)")]
    public void Malformed_csv_is_one_line_on_stderr_naming_the_line_and_exit_code_2(string csv, string expected)
    {
        NewListKey();
        Write("n.csv", csv);
        var r = Run("list", "build", "--entries", PathOf("n.csv"), "--key", PathOf("list-signer-7.private.json"), "--sequence", "1", "--out", PathOf("n.rvl"));
        Assert.Equal(ExitCodes.BadInput, r.Code);
        Assert.Contains(expected, r.Err);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(PathOf("n.rvl")));
    }

    [Fact]
    public void Malformed_json_names_the_line_of_the_bad_entry()
    {
        NewListKey();
        Write("n.json", "[\n  { \"permit\": \"1\", \"generation\": 0, \"reason\": 1, \"effective\": \"2026-03-01\" },\n  { \"permit\": \"2\", \"generation\": 0,\n    \"reason\": 42, \"effective\": \"2026-03-01\" }\n]\n");
        var r = Run("list", "build", "--entries", PathOf("n.json"), "--key", PathOf("list-signer-7.private.json"), "--sequence", "1", "--out", PathOf("n.rvl"));
        Assert.Equal(ExitCodes.BadInput, r.Code);
        Assert.Contains("n.json:3: unknown reason code \"42\"", r.Err);

        Write("bad.json", "[\n  { \"permit\": \"1\",\n    \"generation\": 0 \n");
        var broken = Run("list", "build", "--entries", PathOf("bad.json"), "--key", PathOf("list-signer-7.private.json"), "--sequence", "1", "--out", PathOf("n.rvl"));
        Assert.Equal(ExitCodes.BadInput, broken.Code);
        Assert.Contains("bad.json:", broken.Err);
    }

    [Fact]
    public void Only_list_signer_keys_sign_lists()
    {
        var made = Run("keys", "new", "--usage", "card-issuer", "--id", "1", "--out", _dir, "--valid-from", "2026-01-01");
        Assert.Equal(0, made.Code);
        Write("n.csv", "000000000123,0,3,2026-03-01\n");
        var r = Run("list", "build", "--entries", PathOf("n.csv"), "--key", PathOf("card-issuer-1.private.json"), "--sequence", "1", "--out", PathOf("n.rvl"));
        Assert.Equal(ExitCodes.BadInput, r.Code);
        Assert.Contains("card-issuer key", r.Err);
    }

    [Fact]
    public void Usage_errors_exit_with_code_2()
    {
        var r = Run("list", "build", "--entries", "x.csv");
        Assert.Equal(ExitCodes.BadInput, r.Code);
        Assert.Contains("--key", r.Err);
        Assert.Equal(ExitCodes.BadInput, Run("keys", "new", "--usage", "root", "--id", "1", "--out", _dir).Code);
        Assert.Equal(ExitCodes.BadInput, Run("list", "inspect", PathOf("missing.rvl")).Code);
    }
}
