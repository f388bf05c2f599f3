using System;

namespace Terminal.Core.Crypto
{
    /// <summary>
    /// SHA-512 (FIPS 180-4), incremental. nanoFramework has no plain SHA-512 (only native HMAC-SHA512), and Ed25519
    /// hashes R ‖ A ‖ M with it, so this is managed code: ulong arithmetic, every buffer allocated once in the
    /// constructor, nothing allocated by Reset/Update/Final.
    /// </summary>
    public sealed class Sha512
    {
        /// <summary>Bytes in a digest.</summary>
        public const int HashSize = 64;

        private const int BlockSize = 128;

        // First 64 bits of the fractional parts of the square roots of the first 8 primes (FIPS 180-4, 5.3.5).
        private static readonly ulong[] InitialState =
        {
            0x6A09E667F3BCC908UL, 0xBB67AE8584CAA73BUL, 0x3C6EF372FE94F82BUL, 0xA54FF53A5F1D36F1UL,
            0x510E527FADE682D1UL, 0x9B05688C2B3E6C1FUL, 0x1F83D9ABFB41BD6BUL, 0x5BE0CD19137E2179UL,
        };

        // First 64 bits of the fractional parts of the cube roots of the first 80 primes (FIPS 180-4, 4.2.3).
        private static readonly ulong[] RoundConstants =
        {
            0x428A2F98D728AE22UL, 0x7137449123EF65CDUL, 0xB5C0FBCFEC4D3B2FUL, 0xE9B5DBA58189DBBCUL,
            0x3956C25BF348B538UL, 0x59F111F1B605D019UL, 0x923F82A4AF194F9BUL, 0xAB1C5ED5DA6D8118UL,
            0xD807AA98A3030242UL, 0x12835B0145706FBEUL, 0x243185BE4EE4B28CUL, 0x550C7DC3D5FFB4E2UL,
            0x72BE5D74F27B896FUL, 0x80DEB1FE3B1696B1UL, 0x9BDC06A725C71235UL, 0xC19BF174CF692694UL,
            0xE49B69C19EF14AD2UL, 0xEFBE4786384F25E3UL, 0x0FC19DC68B8CD5B5UL, 0x240CA1CC77AC9C65UL,
            0x2DE92C6F592B0275UL, 0x4A7484AA6EA6E483UL, 0x5CB0A9DCBD41FBD4UL, 0x76F988DA831153B5UL,
            0x983E5152EE66DFABUL, 0xA831C66D2DB43210UL, 0xB00327C898FB213FUL, 0xBF597FC7BEEF0EE4UL,
            0xC6E00BF33DA88FC2UL, 0xD5A79147930AA725UL, 0x06CA6351E003826FUL, 0x142929670A0E6E70UL,
            0x27B70A8546D22FFCUL, 0x2E1B21385C26C926UL, 0x4D2C6DFC5AC42AEDUL, 0x53380D139D95B3DFUL,
            0x650A73548BAF63DEUL, 0x766A0ABB3C77B2A8UL, 0x81C2C92E47EDAEE6UL, 0x92722C851482353BUL,
            0xA2BFE8A14CF10364UL, 0xA81A664BBC423001UL, 0xC24B8B70D0F89791UL, 0xC76C51A30654BE30UL,
            0xD192E819D6EF5218UL, 0xD69906245565A910UL, 0xF40E35855771202AUL, 0x106AA07032BBD1B8UL,
            0x19A4C116B8D2D0C8UL, 0x1E376C085141AB53UL, 0x2748774CDF8EEB99UL, 0x34B0BCB5E19B48A8UL,
            0x391C0CB3C5C95A63UL, 0x4ED8AA4AE3418ACBUL, 0x5B9CCA4F7763E373UL, 0x682E6FF3D6B2B8A3UL,
            0x748F82EE5DEFB2FCUL, 0x78A5636F43172F60UL, 0x84C87814A1F0AB72UL, 0x8CC702081A6439ECUL,
            0x90BEFFFA23631E28UL, 0xA4506CEBDE82BDE9UL, 0xBEF9A3F7B2C67915UL, 0xC67178F2E372532BUL,
            0xCA273ECEEA26619CUL, 0xD186B8C721C0C207UL, 0xEADA7DD6CDE0EB1EUL, 0xF57D4F7FEE6ED178UL,
            0x06F067AA72176FBAUL, 0x0A637DC5A2C898A6UL, 0x113F9804BEF90DAEUL, 0x1B710B35131C471BUL,
            0x28DB77F523047D84UL, 0x32CAAB7B40C72493UL, 0x3C9EBE0A15C9BEBCUL, 0x431D67C49C100D4CUL,
            0x4CC5D4BECB3E42B6UL, 0x597F299CFC657E2AUL, 0x5FCB6FAB3AD6FAECUL, 0x6C44198C4A475817UL,
        };

        /// <summary>
        /// 128-byte blocks compressed so far (all instances and threads; not atomic, it is instrumentation like
        /// <see cref="Ed25519.FieldMultiplications"/>): the benchmarks' hashing cost metric.
        /// </summary>
        public static long BlocksCompressed;

        private readonly ulong[] _state = new ulong[8];
        private readonly ulong[] _schedule = new ulong[80];
        private readonly byte[] _block = new byte[BlockSize];
        private int _blockFill;
        private long _totalBytes;

        public Sha512()
        {
            Reset();
        }

        /// <summary>Starts a new message.</summary>
        public void Reset()
        {
            Array.Copy(InitialState, _state, 8);
            _blockFill = 0;
            _totalBytes = 0;
        }

        /// <summary>Appends data[offset .. offset+count). Throws ArgumentException on a range outside the array.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentException("range outside the array");
            }

            _totalBytes += count;
            if (_blockFill > 0)
            {
                int take = BlockSize - _blockFill;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, _block, _blockFill, take);
                _blockFill += take;
                offset += take;
                count -= take;
                if (_blockFill < BlockSize)
                {
                    return;
                }

                Compress(_block, 0);
                _blockFill = 0;
            }

            while (count >= BlockSize)
            {
                Compress(data, offset);
                offset += BlockSize;
                count -= BlockSize;
            }

            if (count > 0)
            {
                Array.Copy(data, offset, _block, 0, count);
                _blockFill = count;
            }
        }

        /// <summary>Writes the 64-byte digest to output[offset..] and resets for the next message.</summary>
        public void Final(byte[] output, int offset)
        {
            if (output == null || offset < 0 || offset > output.Length - HashSize)
            {
                throw new ArgumentException("output range too small");
            }

            long bitLength = _totalBytes << 3;
            int highBits = (int)((ulong)_totalBytes >> 61);
            _block[_blockFill++] = 0x80;
            if (_blockFill > BlockSize - 16)
            {
                Array.Clear(_block, _blockFill, BlockSize - _blockFill);
                Compress(_block, 0);
                _blockFill = 0;
            }

            Array.Clear(_block, _blockFill, BlockSize - 16 - _blockFill);
            StoreBigEndian((ulong)highBits, _block, BlockSize - 16);
            StoreBigEndian((ulong)bitLength, _block, BlockSize - 8);
            Compress(_block, 0);

            for (int i = 0; i < 8; i++)
            {
                StoreBigEndian(_state[i], output, offset + i * 8);
            }

            Reset();
        }

        private void Compress(byte[] data, int offset)
        {
            BlocksCompressed++;
            ulong[] w = _schedule;
            for (int i = 0; i < 16; i++)
            {
                int p = offset + i * 8;
                w[i] = ((ulong)data[p] << 56) | ((ulong)data[p + 1] << 48) | ((ulong)data[p + 2] << 40)
                    | ((ulong)data[p + 3] << 32) | ((ulong)data[p + 4] << 24) | ((ulong)data[p + 5] << 16)
                    | ((ulong)data[p + 6] << 8) | data[p + 7];
            }

            for (int i = 16; i < 80; i++)
            {
                ulong x = w[i - 15];
                ulong y = w[i - 2];
                ulong sigma0 = ((x >> 1) | (x << 63)) ^ ((x >> 8) | (x << 56)) ^ (x >> 7);
                ulong sigma1 = ((y >> 19) | (y << 45)) ^ ((y >> 61) | (y << 3)) ^ (y >> 6);
                w[i] = w[i - 16] + sigma0 + w[i - 7] + sigma1;
            }

            ulong a = _state[0], b = _state[1], c = _state[2], d = _state[3];
            ulong e = _state[4], f = _state[5], g = _state[6], h = _state[7];
            ulong[] k = RoundConstants;
            for (int i = 0; i < 80; i++)
            {
                ulong bigSigma1 = ((e >> 14) | (e << 50)) ^ ((e >> 18) | (e << 46)) ^ ((e >> 41) | (e << 23));
                ulong choose = (e & f) ^ (~e & g);
                ulong t1 = h + bigSigma1 + choose + k[i] + w[i];
                ulong bigSigma0 = ((a >> 28) | (a << 36)) ^ ((a >> 34) | (a << 30)) ^ ((a >> 39) | (a << 25));
                ulong majority = (a & b) ^ (a & c) ^ (b & c);
                ulong t2 = bigSigma0 + majority;
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            _state[0] += a;
            _state[1] += b;
            _state[2] += c;
            _state[3] += d;
            _state[4] += e;
            _state[5] += f;
            _state[6] += g;
            _state[7] += h;
        }

        private static void StoreBigEndian(ulong value, byte[] output, int offset)
        {
            for (int i = 7; i >= 0; i--)
            {
                output[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}
