using Terminal.Core.Crypto;

namespace Terminal.Tests.Crypto;

public sealed class Sha512Tests
{
    [Fact]
    public void Every_length_0_to_600_in_one_update_matches_the_host()
    {
        var random = new Random(10);
        var sha = new Sha512();
        var digest = new byte[64];
        for (int length = 0; length <= 600; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            sha.Update(data, 0, length);
            sha.Final(digest, 0);
            Assert.Equal(System.Security.Cryptography.SHA512.HashData(data), digest);
        }
    }

    [Fact]
    public void Every_length_0_to_600_split_at_random_points_matches_the_host()
    {
        var random = new Random(11);
        var sha = new Sha512();
        var digest = new byte[70];
        for (int length = 0; length <= 600; length++)
        {
            for (int trial = 0; trial < 4; trial++)
            {
                var data = new byte[length + 7];
                random.NextBytes(data);
                int start = random.Next(8);
                int end = start + length;
                // Cut [start, end) into up to four pieces at random points, empty pieces included.
                var cuts = new[] { start, start + random.Next(length + 1), start + random.Next(length + 1), start + random.Next(length + 1), end }.Order().ToArray();
                for (int i = 0; i + 1 < cuts.Length; i++)
                {
                    sha.Update(data, cuts[i], cuts[i + 1] - cuts[i]);
                }

                sha.Final(digest, 3);
                Assert.Equal(System.Security.Cryptography.SHA512.HashData(data.AsSpan(start, length)), digest.AsSpan(3, 64).ToArray());
            }
        }
    }

    [Fact]
    public void Byte_at_a_time_and_block_boundaries_match_the_host()
    {
        var random = new Random(12);
        var sha = new Sha512();
        var digest = new byte[64];
        foreach (var length in new[] { 111, 112, 113, 127, 128, 129, 239, 240, 255, 256, 257, 1000, 4096 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            for (int i = 0; i < length; i++)
            {
                sha.Update(data, i, 1);
            }

            sha.Final(digest, 0);
            Assert.Equal(System.Security.Cryptography.SHA512.HashData(data), digest);
        }
    }

    [Fact]
    public void Final_resets_and_Reset_discards_input()
    {
        var sha = new Sha512();
        var digest = new byte[64];
        var abc = "abc"u8.ToArray();
        sha.Update(abc, 0, 3);
        sha.Final(digest, 0);
        sha.Update(abc, 0, 3);
        sha.Final(digest, 0);
        Assert.Equal(System.Security.Cryptography.SHA512.HashData(abc), digest);
        sha.Update(abc, 0, 2);
        sha.Reset();
        sha.Update(abc, 0, 3);
        sha.Final(digest, 0);
        Assert.Equal(System.Security.Cryptography.SHA512.HashData(abc), digest);
    }

    [Fact]
    public void Update_and_Final_allocate_nothing()
    {
        var sha = new Sha512();
        var data = new byte[1000];
        var digest = new byte[64];
        sha.Update(data, 0, 1000);
        sha.Final(digest, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            sha.Update(data, i, 1000 - 2 * i);
            sha.Final(digest, 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_range_outside_the_array_is_an_argument_error()
    {
        var sha = new Sha512();
        Assert.Throws<ArgumentException>(() => sha.Update(new byte[4], 2, 3));
        Assert.Throws<ArgumentException>(() => sha.Update(null!, 0, 0));
        Assert.Throws<ArgumentException>(() => sha.Final(new byte[63], 0));
    }
}
