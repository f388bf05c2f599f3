using Terminal.Drivers.Crypto;

namespace Terminal.Posix
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104 over FIPS 180-4) in managed code: the stand-in for the board's native
    /// <c>System.Security.Cryptography.HMACSHA256</c>, which the nanoCLR's Linux build does not have (its interop table
    /// lacks nanoFramework.System.Security.Cryptography). Used only on that path; the board keeps the native call.
    /// Test-vectored against .NET's HMACSHA256 (Terminal.Tests: ManagedHmacSha256Tests).
    /// </summary>
    public sealed class ManagedHmacSha256 : IHmacSha256
    {
        private const int BlockBytes = 64;

        private static readonly uint[] RoundConstants =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly uint[] _state = new uint[8];
        private readonly uint[] _schedule = new uint[64];
        private readonly byte[] _block = new byte[BlockBytes];
        private readonly byte[] _pad = new byte[BlockBytes];
        private readonly byte[] _inner = new byte[32];
        private readonly byte[] _keyDigest = new byte[32];
        private int _blockFill;
        private long _totalBytes;

        public void Compute(byte[] key, byte[] message, byte[] output, int outputOffset)
        {
            lock (_state)
            {
                ComputeLocked(key, message, output, outputOffset);
            }
        }

        private void ComputeLocked(byte[] key, byte[] message, byte[] output, int outputOffset)
        {
            byte[] k = key;
            int keyLength = key.Length;
            if (keyLength > BlockBytes)
            {
                Begin();
                Absorb(key, 0, key.Length);
                Finish(_keyDigest, 0);
                k = _keyDigest;
                keyLength = 32;
            }

            Begin();
            PadKey(k, keyLength, 0x36);
            Absorb(_pad, 0, BlockBytes);
            Absorb(message, 0, message.Length);
            Finish(_inner, 0);

            Begin();
            PadKey(k, keyLength, 0x5c);
            Absorb(_pad, 0, BlockBytes);
            Absorb(_inner, 0, 32);
            Finish(output, outputOffset);
        }

        /// <summary>Plain SHA-256, for the tests' vectors.</summary>
        public void Hash(byte[] message, int offset, int count, byte[] output, int outputOffset)
        {
            lock (_state)
            {
                Begin();
                Absorb(message, offset, count);
                Finish(output, outputOffset);
            }
        }

        private void PadKey(byte[] key, int keyLength, byte fill)
        {
            for (int i = 0; i < BlockBytes; i++)
            {
                _pad[i] = (byte)((i < keyLength ? key[i] : 0) ^ fill);
            }
        }

        private void Begin()
        {
            _state[0] = 0x6a09e667;
            _state[1] = 0xbb67ae85;
            _state[2] = 0x3c6ef372;
            _state[3] = 0xa54ff53a;
            _state[4] = 0x510e527f;
            _state[5] = 0x9b05688c;
            _state[6] = 0x1f83d9ab;
            _state[7] = 0x5be0cd19;
            _blockFill = 0;
            _totalBytes = 0;
        }

        private void Absorb(byte[] data, int offset, int count)
        {
            _totalBytes += count;
            for (int i = 0; i < count; i++)
            {
                _block[_blockFill++] = data[offset + i];
                if (_blockFill == BlockBytes)
                {
                    Compress();
                    _blockFill = 0;
                }
            }
        }

        private void Finish(byte[] output, int outputOffset)
        {
            long bits = _totalBytes * 8;
            _block[_blockFill++] = 0x80;
            if (_blockFill > BlockBytes - 8)
            {
                while (_blockFill < BlockBytes)
                {
                    _block[_blockFill++] = 0;
                }

                Compress();
                _blockFill = 0;
            }

            while (_blockFill < BlockBytes - 8)
            {
                _block[_blockFill++] = 0;
            }

            for (int i = 0; i < 8; i++)
            {
                _block[BlockBytes - 1 - i] = (byte)(bits >> (8 * i));
            }

            Compress();
            for (int i = 0; i < 8; i++)
            {
                uint word = _state[i];
                output[outputOffset + (4 * i)] = (byte)(word >> 24);
                output[outputOffset + (4 * i) + 1] = (byte)(word >> 16);
                output[outputOffset + (4 * i) + 2] = (byte)(word >> 8);
                output[outputOffset + (4 * i) + 3] = (byte)word;
            }
        }

        private void Compress()
        {
            uint[] w = _schedule;
            for (int i = 0; i < 16; i++)
            {
                w[i] = ((uint)_block[4 * i] << 24) | ((uint)_block[(4 * i) + 1] << 16) | ((uint)_block[(4 * i) + 2] << 8) | _block[(4 * i) + 3];
            }

            for (int i = 16; i < 64; i++)
            {
                uint x = w[i - 15];
                uint y = w[i - 2];
                uint s0 = Rotate(x, 7) ^ Rotate(x, 18) ^ (x >> 3);
                uint s1 = Rotate(y, 17) ^ Rotate(y, 19) ^ (y >> 10);
                w[i] = unchecked(w[i - 16] + s0 + w[i - 7] + s1);
            }

            uint a = _state[0], b = _state[1], c = _state[2], d = _state[3];
            uint e = _state[4], f = _state[5], g = _state[6], h = _state[7];
            for (int i = 0; i < 64; i++)
            {
                uint t1 = unchecked(h + (Rotate(e, 6) ^ Rotate(e, 11) ^ Rotate(e, 25)) + ((e & f) ^ (~e & g)) + RoundConstants[i] + w[i]);
                uint t2 = unchecked((Rotate(a, 2) ^ Rotate(a, 13) ^ Rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c)));
                h = g;
                g = f;
                f = e;
                e = unchecked(d + t1);
                d = c;
                c = b;
                b = a;
                a = unchecked(t1 + t2);
            }

            _state[0] = unchecked(_state[0] + a);
            _state[1] = unchecked(_state[1] + b);
            _state[2] = unchecked(_state[2] + c);
            _state[3] = unchecked(_state[3] + d);
            _state[4] = unchecked(_state[4] + e);
            _state[5] = unchecked(_state[5] + f);
            _state[6] = unchecked(_state[6] + g);
            _state[7] = unchecked(_state[7] + h);
        }

        private static uint Rotate(uint value, int bits)
        {
            return (value >> bits) | (value << (32 - bits));
        }
    }
}
