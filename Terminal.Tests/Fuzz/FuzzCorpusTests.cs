using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Core.Permits;
using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Storage.Host;
using Terminal.Fuzz;
using Terminal.Fuzz.Targets;

namespace Terminal.Tests.Fuzz;

/// <summary>
/// The committed seed corpus (Terminal.Fuzz/corpus): every harness runs every file without an exception, the files are
/// exactly what `write-corpus` produces today, and the valid seeds really reach the deep code they are meant to feed.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string> Targets() => new(FuzzTargets.Names);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_corpus_file_runs_through_its_harness_without_an_exception(string name)
    {
        var target = FuzzTargets.Create(name)!;
        var corpus = FuzzTargets.LoadCorpus(name, SourceCorpus());
        Assert.NotEmpty(corpus);
        foreach (var (file, data) in corpus)
        {
            var thrown = Record.Exception(() => target.Run(data));
            Assert.True(thrown == null, name + "/" + file + " crashed the harness: " + thrown);
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void The_committed_corpus_is_what_write_corpus_generates(string name)
    {
        var generated = FuzzTargets.Create(name)!.Seeds().OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var committed = FuzzTargets.LoadCorpus(name, SourceCorpus());
        Assert.Equal(generated.Select(s => s.Name), committed.Select(c => c.Name));
        for (int i = 0; i < generated.Count; i++)
        {
            Assert.True(generated[i].Data.AsSpan().SequenceEqual(committed[i].Data),
                name + "/" + committed[i].Name + " differs from the generator: run `dotnet run --project Terminal.Fuzz -- write-corpus Terminal.Fuzz/corpus`");
        }

        Assert.All(committed, c => Assert.True(c.Data.Length <= 4096, c.Name + " is larger than 4 KiB: keep seeds small"));
    }

    [Fact]
    public void The_valid_card_seeds_pass_tier_one_and_tier_two()
    {
        foreach (string file in new[] { "valid-uid4", "valid-uid7" })
        {
            byte[] input = Seed("card", file);
            int uidLength = input[0];
            byte[] uid = input[1..8];
            var record = new CoreRecord();
            Assert.Equal(RecordStatus.Ok, CoreRecordCodec.Decode(input, 8, 48, record));
            var tierOne = new TierOneAuthenticator(new HostHmacSha256(),
                [new MacMasterKey(FuzzKeys.MacKeyId, FuzzKeys.RegionalMac, FuzzKeys.ValidFrom, FuzzKeys.ValidUntil)]);
            Assert.Equal(TierOneStatus.Authentic, tierOne.Check(input, 8, record.MacKeyId, uid, uidLength, FuzzKeys.Today));
            var tierTwo = new TierTwoVerifier(FuzzKeys.Ring(), new Ed25519Verifier());
            var area = new byte[TierTwoLayout.Capacity];
            Array.Copy(input, 56, area, 0, input.Length - 56);
            Assert.Equal(TierTwoStatus.Verified, tierTwo.Verify(input, 8, uid, uidLength, area, record.TierTwoBlocks * 16, record.IssuerKeyId, FuzzKeys.Today));
        }
    }

    [Fact]
    public void The_valid_list_and_delta_seeds_validate_verify_and_apply()
    {
        var list = new MemoryFile(Seed("revocation-list", "valid-seq1-120"));
        Assert.Equal(RevocationError.None, RevocationListValidator.Validate(list, out _));
        Assert.Equal(RevocationError.None, RevocationVerifier.VerifyList(list, FuzzKeys.Ring(), new Ed25519Verifier(), out var baseHeader));

        var delta = new MemoryFile(Seed("revocation-delta", "valid-1-to-2"));
        Assert.Equal(RevocationError.None, RevocationVerifier.VerifyDelta(delta, FuzzKeys.Ring(), new Ed25519Verifier(), out var deltaHeader));
        var output = new MemoryFile();
        Assert.Equal(RevocationError.None, RevocationDeltaApplier.Apply(delta, deltaHeader, list, baseHeader, output));
        Assert.Equal(Seed("revocation-update", "newer-list"), output.ToArray());
    }

    [Fact]
    public void The_valid_configuration_and_announcement_seeds_parse()
    {
        foreach (string file in new[] { "minimal", "full", "crlf", "no-tls" })
        {
            var error = new ConfigError();
            byte[] data = Seed("config", file);
            Assert.True(DeviceConfigurationParser.Parse(data, data.Length, new DeviceConfiguration(), error), file + ": " + error);
        }

        var envelope = new SignedConfiguration();
        byte[] signed = Seed("signed-config", "valid");
        Assert.Equal(SignedConfigurationError.None, envelope.ParseHeader(signed, signed.Length, 8192));

        var announcement = new ListAnnouncement();
        Assert.True(announcement.Parse(Seed("list-announcement", "typical"), 4096, ListDownload.MaxChunks));
        Assert.Equal(20, announcement.ChunkCount);
        Assert.False(new ListAnnouncement().Parse(Seed("list-announcement", "too-many-chunks"), 4096, ListDownload.MaxChunks));
    }

    [Fact]
    public void The_same_seed_gives_the_same_mutations()
    {
        var pool = FuzzTargets.LoadCorpus("card", SourceCorpus()).Select(c => c.Data).ToList();
        var a = new Mutator(5, [0, 33]);
        var b = new Mutator(5, [0, 33]);
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(a.Mutate(pool), b.Mutate(pool));
        }

        var other = new Mutator(6, [0, 33]);
        Assert.Contains(Enumerable.Range(0, 20), _ => !other.Mutate(pool).SequenceEqual(a.Mutate(pool)));
    }

    [Fact]
    public void The_smoke_fuzzer_reports_an_exception_escaping_a_harness_as_a_crash_with_its_input()
    {
        var run = SmokeFuzzer.Run(new ThrowsOnLongInput(), [[1, 2, 3], new byte[40]], 1, 50, TimeSpan.FromSeconds(5));
        Assert.Equal(50, run.Executions);
        var crash = Assert.Single(run.Crashes);
        Assert.Equal("throws", crash.Target);
        Assert.True(crash.Input.Length > 32);
        Assert.IsType<IndexOutOfRangeException>(crash.Exception);
    }

    private sealed class ThrowsOnLongInput : IFuzzTarget
    {
        public string Name => "throws";

        public string Description => "";

        public IReadOnlyList<int> FieldOffsets => [];

        public void Run(ReadOnlySpan<byte> input)
        {
            if (input.Length > 32)
            {
                throw new IndexOutOfRangeException();
            }
        }

        public IReadOnlyList<(string Name, byte[] Data)> Seeds() => [];
    }

    private static byte[] Seed(string target, string file) => File.ReadAllBytes(Path.Combine(SourceCorpus(), target, file));

    /// <summary>The committed corpus in the source tree (not the copy in bin/).</summary>
    private static string SourceCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Terminal.Fuzz", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Terminal.Fuzz/corpus");
    }
}
