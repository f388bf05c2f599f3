using System.Text.Json.Nodes;
using Terminal.Tools.Commands;
using Terminal.Tools.Keys;

namespace Terminal.Tests.Tools;

/// <summary>`keys new|list|export-public` in-process: file modes, what the listing shows and what it never shows.</summary>
public sealed class KeysCommandTests : CliHarness
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void Private_and_secret_files_are_owner_only_and_the_listing_never_shows_a_private_key()
    {
        NewKeySet();
        NewKey("firmware-signer", 3);
        string[] secrets = ["card-issuer-1.private.json", "list-signer-2.private.json", "firmware-signer-3.private.json",
            "regional-mac-1.secret.json", "sector-read-master-1.secret.json", "sector-write-master-1.secret.json"];
        if (!OperatingSystem.IsWindows())
        {
            foreach (string name in secrets)
            {
                Assert.Equal(OwnerOnly, File.GetUnixFileMode(Key(name)));
            }
        }

        var listed = Run("keys", "list", Path.Combine(Dir, "keys"), "--date", "2026-06-01");
        Assert.True(listed.Code == 0, listed.Err);
        Assert.Contains("9 key files", listed.Out);
        foreach (string name in secrets)
        {
            Assert.Contains(name, listed.Out);
            var json = JsonNode.Parse(File.ReadAllText(Key(name)))!;
            string hidden = (string?)json["privateKey"] ?? (string)json["secret"]!;
            Assert.DoesNotContain(hidden, listed.Out);
            Assert.DoesNotContain(Convert.ToHexString(Convert.FromBase64String(hidden)), listed.Out, StringComparison.OrdinalIgnoreCase);
        }

        var issuer = KeyFile.Load(Key("card-issuer-1.public.json"));
        Assert.Contains("sha256 " + KeyRoles.Fingerprint(issuer.PublicKey), listed.Out);
        Assert.Contains("kcv " + KeyRoles.Group(KeyRoles.Secret(Key("regional-mac-1.secret.json"), SecretUsage.RegionalMac, "--x").CheckValue), listed.Out);
        Assert.Contains("regional-mac", listed.Out);
        Assert.Contains("sector-write-master", listed.Out);
        Assert.Contains("mode 0600", listed.Out);
        Assert.DoesNotContain("TOO OPEN", listed.Out);
    }

    [Fact]
    public void The_listing_flags_expired_keys_and_secrets_readable_by_others()
    {
        NewKey("card-issuer", 5, "2020-01-01", "2024-12-31");
        NewKey("regional-mac", 6);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Key("regional-mac-6.secret.json"), OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        Write("keys/notes.json", "{ \"hello\": 1 }");
        var listed = Run("keys", "list", Path.Combine(Dir, "keys"), "--date", "2026-06-01");
        Assert.Equal(0, listed.Code);
        Assert.Contains("EXPIRED", listed.Out);
        Assert.Contains("1 other JSON files skipped", listed.Out);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Contains("mode 0644 TOO OPEN", listed.Out);
        }
    }

    [Fact]
    public void Rewriting_a_secret_over_an_open_file_tightens_its_mode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = PathOf("open.json");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.OtherRead);
        KeyFile.WriteOwnerOnly(path, "new");
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [Fact]
    public void Bad_input_to_keys_is_one_line_and_exit_code_2()
    {
        NewKey("regional-mac", 1);
        AssertBadInput(Run("keys", "list", PathOf("nowhere")), "nowhere: no such folder");
        AssertBadInput(Run("keys", "export-public", "--key", Key("regional-mac-1.secret.json"), "--out", PathOf("x.json")), "regional-mac secret where an Ed25519 key file was expected");
        AssertBadInput(Run("keys", "export-public", "--key", PathOf("missing.json"), "--out", PathOf("x.json")), "missing.json");
        Write("broken.json", "{\n  \"format\": \"residence-terminal-key/1\",\n  \"keyId\": 7,,\n}");
        AssertBadInput(Run("keys", "export-public", "--key", PathOf("broken.json"), "--out", PathOf("x.json")), "broken.json:3:");
        AssertBadInput(Run("keys", "new", "--usage", "device-root", "--id", "1", "--out", Dir), "device-root");
        AssertBadInput(Run("keys", "new", "--usage", "list-signer", "--id", "1", "--out", Dir, "--valid-from", "2026-02-30"), "--valid-from: expected yyyy-mm-dd");
        AssertBadInput(Run("keys", "new", "--usage", "list-signer", "--id", "-4", "--out", Dir), "-4");
        AssertBadInput(Run("keys", "new", "--usage", "regional-mac", "--id", "1", "--out", Path.Combine(Dir, "keys")), "refusing to overwrite");
        Assert.False(File.Exists(PathOf("x.json")));
    }
}
