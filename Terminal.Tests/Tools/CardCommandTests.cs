using Terminal.Core.Permits;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Tools.Commands;

namespace Terminal.Tests.Tools;

/// <summary>`card issue` and `card inspect` in-process: the round trip, tampering, the layout text and every bad input.</summary>
public sealed class CardCommandTests : CliHarness
{
    private string[] InspectArgs(string card) =>
    [
        "card", "inspect", card, "--mac-master", Key("regional-mac-1.secret.json"), "--issuer-key", Key("card-issuer-1.public.json"),
        "--sector-read-master", Key("sector-read-master-1.secret.json"), "--date", "2026-06-01",
    ];

    private string IssueCard()
    {
        NewKeySet();
        string person = Write("li-si.json", PersonJson);
        var issued = Run(IssueArgs(person, PathOf("cards/li-si.card")));
        Assert.True(issued.Code == 0, issued.Err);
        Assert.Contains("issued permit 420100000123 generation 0 to UID 04A2B3C4", issued.Out);
        return PathOf("cards/li-si.card");
    }

    [Fact]
    public void Issue_inspect_passes_then_one_tampered_byte_fails_with_exit_code_3()
    {
        string card = IssueCard();
        var inspect = Run(InspectArgs(card));
        Assert.True(inspect.Code == 0, inspect.Err + inspect.Out);
        Assert.Contains("permit number:   420100000123 generation 0", inspect.Out);
        Assert.Contains("tier-1 MAC:      ok", inspect.Out);
        Assert.Contains("tier-2 signature: ok", inspect.Out);
        Assert.Contains("sector keys A:   ok", inspect.Out);
        Assert.Contains("李四", inspect.Out);
        Assert.Contains("42010219900101123X", inspect.Out);
        Assert.Contains("endorsed to:     2027-02-28", inspect.Out);
        Assert.Equal("", inspect.Err);

        // A byte of the core record (the validity end): the CRC no longer matches.
        byte[] original = File.ReadAllBytes(card);
        int imageHeader = original.Length - MifareClassic.MemorySize;
        byte[] bytes = (byte[])original.Clone();
        bytes[imageHeader + 4 * 16 + CoreRecordLayout.ValidityEndOffset] ^= 0x01;
        File.WriteAllBytes(PathOf("tampered.card"), bytes);
        var tampered = Run(InspectArgs(PathOf("tampered.card")));
        Assert.Equal(ExitCodes.VerificationFailed, tampered.Code);
        Assert.Contains("CRC-32 MISMATCH", tampered.Out);
        Assert.StartsWith("INVALID " + PathOf("tampered.card") + ": core record: ChecksumMismatch", tampered.Err);

        // A byte of the personal data (tier 2, block 20): the issuer signature no longer verifies, tier 1 still does.
        bytes = (byte[])original.Clone();
        bytes[imageHeader + 20 * 16 + 3] ^= 0x01;
        File.WriteAllBytes(PathOf("tampered2.card"), bytes);
        var forged = Run(InspectArgs(PathOf("tampered2.card")));
        Assert.Equal(ExitCodes.VerificationFailed, forged.Code);
        Assert.Contains("tier-1 MAC:      ok", forged.Out);
        Assert.Contains("tier-2 signature: FAILED: signature does not verify", forged.Out);
        Assert.Single(forged.Err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void The_image_is_the_simulator_format_and_the_dump_and_layout_describe_the_same_card()
    {
        string card = IssueCard();
        var image = CardImage.Load(card);
        Assert.Equal(CardFamily.MifareClassic1K, image.Family);
        Assert.Equal(Convert.FromHexString("04A2B3C4"), image.Uid);
        Assert.Equal(image.Memory, File.ReadAllBytes(PathOf("cards/li-si.mfd")));
        Assert.Equal(0, Run(InspectArgs(PathOf("cards/li-si.mfd"))).Code);

        string[] layout = File.ReadAllLines(PathOf("cards/li-si.layout.txt"));
        var blocks = layout.Where(l => !l.StartsWith('#')).ToArray();
        Assert.Equal(MifareClassic.BlockCount, blocks.Length);
        for (int block = 0; block < MifareClassic.BlockCount; block++)
        {
            string[] fields = blocks[block].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(block, int.Parse(fields[0]));
            Assert.Equal(Convert.ToHexString(image.Memory, block * 16, 16), fields[3]);
            if (MifareClassic.IsTrailer(block))
            {
                Assert.Contains("access 787788 | GPB 69 | key B ", blocks[block]);
                Assert.Contains("key A " + Convert.ToHexString(image.Memory, block * 16, 6), blocks[block]);
            }
        }

        Assert.Contains("core record [0..16)", blocks[4]);
        Assert.Contains("tier 2 [0..16): issuer Ed25519 signature", blocks[12]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("cards/li-si.layout.txt")));
        }
    }

    [Fact]
    public void Inspect_refuses_a_card_under_the_wrong_or_an_expired_key()
    {
        string card = IssueCard();
        NewKey("regional-mac", 9);
        var wrongMac = Run("card", "inspect", card, "--mac-master", Key("regional-mac-9.secret.json"));
        Assert.Equal(ExitCodes.VerificationFailed, wrongMac.Code);
        Assert.Contains("the card names MAC key 1, the given master is key 9", wrongMac.Out);

        var expired = Run("card", "inspect", card, "--issuer-key", Key("card-issuer-1.public.json"), "--date", "2036-01-01");
        Assert.Equal(ExitCodes.VerificationFailed, expired.Code);
        Assert.Contains("is not valid on 2036-01-01", expired.Out);

        var structureOnly = Run("card", "inspect", card);
        Assert.Equal(0, structureOnly.Code);
        Assert.Contains("tier-1 MAC:      not checked", structureOnly.Out);

        Write("blank.mfd", new string('\0', 1024));
        var blank = Run("card", "inspect", PathOf("blank.mfd"));
        Assert.Equal(ExitCodes.VerificationFailed, blank.Code);
        Assert.Contains("core record: ChecksumMismatch", blank.Err);
    }

    [Theory]
    [InlineData("\"generation\": 0,", "\"generation\": 16,", "li-si.json:4: generation 16 is out of range (0..15)")]
    [InlineData("\"sex\": 2,", "\"sex\": 3,", "li-si.json:8: sex 3 is out of range")]
    [InlineData("\"ethnicity\": 1,", "\"ethnicity\": 60,", "li-si.json:9: ethnicity 60 is out of range")]
    [InlineData("\"420100000123\"", "\"4201000001234\"", "li-si.json:3: permitNumber must be 1 to 12 decimal digits")]
    [InlineData("\"issuingAuthorityCode\": 420111", "\"issuingAuthorityCode\": 4201", "li-si.json:5: issuingAuthorityCode 4201 is out of range (a 6-digit GB/T 2260 code)")]
    [InlineData("42010219900101123X", "4201021990010112", "li-si.json:10: citizenId must be 18 characters")]
    [InlineData("\"validityEnd\": \"2029-02-28\"", "\"validityEnd\": \"2025-02-28\"", "li-si.json:15: validityEnd 2025-02-28 is before issueDate 2026-03-01")]
    [InlineData("\"issueDate\": \"2026-03-01\"", "\"issueDate\": \"2026-02-30\"", "li-si.json:14: issueDate must be a date yyyy-mm-dd")]
    [InlineData("\"residenceStart\": \"2025-09-01\"", "\"residenceStart\": \"1969-12-31\"", "li-si.json:17: residenceStart 1969-12-31 is out of range")]
    [InlineData("\"validityEnd\": \"2029-02-28\"", "\"validityEnd\": \"2150-01-01\"", "li-si.json:15: validityEnd 2150-01-01 is out of range")]
    [InlineData("  \"name\": \"李四\",\n", "", "li-si.json: missing field \"name\"")]
    [InlineData("\"name\": \"李四\",", "\"name\": \"李四\", \"nickname\": \"四\",", "li-si.json:7: unknown field \"nickname\"")]
    [InlineData("\"sex\": 2,", "\"sex\": 2", "li-si.json:9:3: malformed JSON")]
    [InlineData("\"format\": \"rp-person/1\"", "\"format\": \"rp-person/2\"", "li-si.json:2: format must be \"rp-person/1\"")]
    public void A_bad_person_record_names_the_line_and_exits_2(string find, string replace, string expected)
    {
        NewKeySet();
        string json = PersonJson.Replace(find, replace);
        Assert.NotEqual(PersonJson, json);
        string person = Write("li-si.json", json);
        AssertBadInput(Run(IssueArgs(person, PathOf("out.card"))), expected);
        Assert.False(File.Exists(PathOf("out.card")));
    }

    [Fact]
    public void Wrong_missing_or_expired_keys_and_bad_uids_are_refused_with_exit_code_2()
    {
        NewKeySet();
        NewKey("card-issuer", 4, "2020-01-01", "2025-12-31");
        NewKey("card-issuer", 70000);
        string person = Write("li-si.json", PersonJson);
        string outFile = PathOf("out.card");
        AssertBadInput(Run(IssueArgs(PathOf("nobody.json"), outFile)), "nobody.json");
        AssertBadInput(Run(IssueArgs(person, outFile, issuerKey: "list-signer-2.private.json")),
            "--issuer-key " + Key("list-signer-2.private.json") + ": key 2 is a list-signer key; --issuer-key takes a card-issuer key");
        AssertBadInput(Run(IssueArgs(person, outFile, issuerKey: "card-issuer-1.public.json")), "a private key file is needed to sign");
        AssertBadInput(Run(IssueArgs(person, outFile, mac: "card-issuer-1.private.json")), "key 1 is a card-issuer Ed25519 key; --mac-master takes a regional-mac secret");
        AssertBadInput(Run(IssueArgs(person, outFile, read: "sector-write-master-1.secret.json")), "secret 1 is a sector-write-master; --sector-read-master takes a sector-read-master");
        AssertBadInput(Run(IssueArgs(person, outFile, issuerKey: "card-issuer-4.private.json")), "key 4 expired on 2025-12-31 (card issue date 2026-03-01)");
        AssertBadInput(Run(IssueArgs(person, outFile, issuerKey: "card-issuer-70000.private.json")), "key id 70000 is out of range");
        AssertBadInput(Run(IssueArgs(person, outFile, write: "missing.secret.json")), "missing.secret.json");
        var args = IssueArgs(person, outFile);
        args[Array.IndexOf(args, "04A2B3C4")] = "04A2B3C4D5";
        AssertBadInput(Run(args), "--uid: a MIFARE Classic UID is 4 or 7 bytes, not 5");
        args[Array.IndexOf(args, "04A2B3C4D5")] = "zz";
        AssertBadInput(Run(args), "--uid: expected hex digits");
        AssertBadInput(Run("card", "issue", "--person", person), "is required");
        Assert.False(File.Exists(outFile));

        Write("not-a-card.card", "hello");
        AssertBadInput(Run("card", "inspect", PathOf("not-a-card.card")), "not a card image");
        AssertBadInput(Run("card", "inspect", PathOf("missing.card")), "missing.card");
    }
}
