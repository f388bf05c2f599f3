using Terminal.Tools.Commands;

namespace Terminal.Tests.Tools;

/// <summary>
/// Runs the CLI in-process (Program.Run with captured writers) in a throw-away folder, and makes the key set a
/// technician would: card issuer 1, list signer 2, regional MAC 1, sector read/write masters 1.
/// </summary>
public abstract class CliHarness : IDisposable
{
    protected readonly string Dir = Directory.CreateTempSubdirectory("rt-cli-").FullName;

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Terminal.Tools.Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    protected string PathOf(string name) => Path.Combine(Dir, name);

    protected string Write(string name, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(name))!);
        File.WriteAllText(PathOf(name), content);
        return PathOf(name);
    }

    protected string Key(string name) => Path.Combine(Dir, "keys", name);

    protected void NewKey(string usage, uint id, string from = "2026-01-01", string until = "2035-12-31")
    {
        var r = Run("keys", "new", "--usage", usage, "--id", id.ToString(), "--out", Path.Combine(Dir, "keys"), "--valid-from", from, "--valid-until", until);
        Assert.True(r.Code == 0, r.Err);
    }

    protected void NewKeySet()
    {
        NewKey("card-issuer", 1);
        NewKey("list-signer", 2);
        NewKey("regional-mac", 1);
        NewKey("sector-read-master", 1);
        NewKey("sector-write-master", 1);
    }

    /// <summary>Asserts the documented bad-input contract: exit code 2, exactly one line on stderr, containing <paramref name="expected"/>.</summary>
    protected static void AssertBadInput((int Code, string Out, string Err) r, string expected)
    {
        Assert.True(r.Code == ExitCodes.BadInput, "exit " + r.Code + "; stderr: " + r.Err + "; stdout: " + r.Out);
        Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, r.Err);
    }

    public const string PersonJson = """
        {
          "format": "rp-person/1",
          "permitNumber": "420100000123",
          "generation": 0,
          "issuingAuthorityCode": 420111,
          "issuingAuthorityName": "武汉市公安局洪山区分局",
          "name": "李四",
          "sex": 2,
          "ethnicity": 1,
          "citizenId": "42010219900101123X",
          "hukouAddress": "湖北省孝感市孝南区书院街1号",
          "currentAddress": "湖北省武汉市洪山区珞喻路1037号",
          "photoSha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          "issueDate": "2026-03-01",
          "validityEnd": "2029-02-28",
          "endorsedThrough": "2027-02-28",
          "residenceStart": "2025-09-01"
        }
        """;

    protected string[] IssueArgs(string person, string outFile, string issuerKey = "card-issuer-1.private.json", string mac = "regional-mac-1.secret.json",
        string read = "sector-read-master-1.secret.json", string write = "sector-write-master-1.secret.json") =>
    [
        "card", "issue", "--person", person, "--issuer-key", Key(issuerKey), "--mac-master", Key(mac),
        "--sector-read-master", Key(read), "--sector-write-master", Key(write), "--uid", "04A2B3C4", "--out", outFile,
    ];
}
